import { describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { findHits, globMatcher, literalTester, preview, re2Spec, re2Tester, splitLines, toMatches, validateGlob } from "./grep-match";
import { FILE_LIMITS } from "./limits";

const q = (query: string, o: Partial<{ regex: boolean; caseSensitive: boolean; wholeWord: boolean }> = {}) => ({
  query,
  regex: o.regex ?? false,
  caseSensitive: o.caseSensitive ?? false,
  wholeWord: o.wholeWord ?? false,
});

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? `${error.code}:${error.reason}` : "not an AppError";
  }
  return undefined;
}

describe("query compilation", () => {
  it("escapes literal text so regex characters match themselves", () => {
    const test = literalTester(q("a.b(c)*"));
    expect(test("xx a.b(c)* yy")).toEqual({ column: 3, length: 7 });
    expect(test("aXb(c)")).toBeNull();
  });

  it("is case-insensitive unless asked", () => {
    expect(literalTester(q("Hello"))("say hello")).toEqual({ column: 4, length: 5 });
    expect(literalTester(q("Hello", { caseSensitive: true }))("say hello")).toBeNull();
    expect(literalTester(q("Hello", { caseSensitive: true }))("say Hello")).toEqual({ column: 4, length: 5 });
  });

  it("matches whole words, Unicode letters included", () => {
    const test = literalTester(q("cat", { wholeWord: true }));
    expect(test("concatenate")).toBeNull();
    expect(test("écat")).toBeNull();
    expect(test("the cat sat")).toEqual({ column: 4, length: 3 });
    expect(test("cat_")).toBeNull();
  });

  it("runs regexes on RE2, and refuses bad ones with INVALID_INPUT invalid_regex", () => {
    expect(re2Tester(re2Spec(q("fo+\\d", { regex: true })))("a FOOO7 b")).toEqual({ column: 2, length: 5 });
    expect(re2Tester(re2Spec(q("fo+\\d", { regex: true, caseSensitive: true })))("a FOOO7 b")).toBeNull();
    expect(reasonOf(() => re2Spec(q("(unclosed", { regex: true })))).toBe("INVALID_INPUT:invalid_regex");
    expect(reasonOf(() => re2Spec(q("[z-a]", { regex: true })))).toBe("INVALID_INPUT:invalid_regex");
    expect(reasonOf(() => re2Spec(q("", { regex: true })))).toBe("INVALID_INPUT:empty_query");
    expect(reasonOf(() => literalTester(q("")))).toBe("INVALID_INPUT:empty_query");
    expect(reasonOf(() => re2Spec(q("x".repeat(FILE_LIMITS.grepMaxQueryChars + 1), { regex: true })))).toBe("INVALID_INPUT:query_too_long");
  });

  it("refuses backreferences and lookahead as unsupported, naming the feature", () => {
    const featureOf = (query: string) => {
      try {
        re2Spec(q(query, { regex: true }));
      } catch (error) {
        if (isAppError(error)) return `${error.reason}:${String(error.details?.feature)}:${error.message.includes(String(error.details?.feature))}`;
      }
      return "accepted";
    };
    expect(featureOf("(a)\\1")).toBe("unsupported_regex:backreferences:true");
    expect(featureOf("(?<x>a)\\k<x>")).toBe("unsupported_regex:named backreferences:true");
    expect(featureOf("foo(?=bar)")).toBe("unsupported_regex:lookahead:true");
    expect(featureOf("foo(?!bar)")).toBe("unsupported_regex:lookahead:true");
    // Inside a character class these are plain characters; lookbehind runs in linear time on re2js.
    expect(featureOf("[(?=]x")).toBe("accepted");
    expect(featureOf("(?<=foo)bar")).toBe("accepted");
    expect(featureOf("(?<!foo)bar")).toBe("accepted");
  });

  it("keeps JavaScript spellings people type: \\u escapes, named groups, escaped punctuation, lookbehind", () => {
    const hit = (query: string, line: string, o: Partial<{ caseSensitive: boolean; wholeWord: boolean }> = {}) => re2Tester(re2Spec(q(query, { regex: true, ...o })))(line);
    expect(hit("\\u0041+", "xAAy", { caseSensitive: true })).toEqual({ column: 1, length: 2 });
    expect(hit("(?<word>b+)", "abbc")).toEqual({ column: 1, length: 2 });
    expect(hit("\\-\\/\\\"", 'x-/"')).toEqual({ column: 1, length: 3 });
    expect(hit("(?<=foo)bar", "bar foobar")).toEqual({ column: 7, length: 3 });
    expect(hit("(?<!foo)bar", "foobar xbar")).toEqual({ column: 8, length: 3 });
  });

  it("matches regexes as whole words, Unicode letters included, with UTF-16 columns", () => {
    const test = re2Tester(re2Spec(q("ca+t", { regex: true, wholeWord: true })));
    expect(test("concaat caat")).toEqual({ column: 8, length: 4 });
    expect(test("écat")).toBeNull();
    expect(test("cat_")).toBeNull();
    expect(test("cat")).toEqual({ column: 0, length: 3 });
    expect(test("😀 (CAT)")).toEqual({ column: 4, length: 3 });
    // Alternatives are tried in order, as in JavaScript: the first that ends on a word boundary wins.
    expect(re2Tester(re2Spec(q("a|ab", { regex: true, wholeWord: true })))("ab")).toEqual({ column: 0, length: 2 });
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    const test = re2Tester(re2Spec(q("(a+)+$", { regex: true, caseSensitive: true })));
    const started = Date.now();
    expect(test(`${"a".repeat(FILE_LIMITS.grepMaxLineChars - 1)}!`)).toBeNull();
    expect(test("aaa")).toEqual({ column: 0, length: 3 });
    // JavaScript's engine takes longer than the age of the universe on this line; RE2 takes milliseconds.
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("finding matches", () => {
  it("splits on every newline style and cuts very long lines", () => {
    expect(splitLines("a\nb\r\nc\rd")).toEqual(["a", "b", "c", "d"]);
    expect(splitLines("x".repeat(FILE_LIMITS.grepMaxLineChars + 50))[0]).toHaveLength(FILE_LIMITS.grepMaxLineChars);
  });

  it("reports 1-based lines and columns, first match per line, up to the limit", () => {
    const lines = splitLines("alpha\nbeta alpha alpha\ngamma\nalpha");
    const hits = findHits(lines, literalTester(q("alpha")), 10);
    expect(toMatches("f.txt", lines, hits)).toEqual([
      { file: "f.txt", line: 1, column: 1, content: "alpha" },
      { file: "f.txt", line: 2, column: 6, content: "beta alpha alpha" },
      { file: "f.txt", line: 4, column: 1, content: "alpha" },
    ]);
    expect(findHits(lines, literalTester(q("alpha")), 2)).toHaveLength(2);
  });

  it("trims long lines to a window around the match", () => {
    const line = `${"a".repeat(5000)}NEEDLE${"b".repeat(5000)}`;
    const shown = preview(line, 5000, 6, 100);
    expect(shown).toContain("NEEDLE");
    expect(shown.length).toBeLessThanOrEqual(102);
    expect(shown.startsWith("…") && shown.endsWith("…")).toBe(true);
    expect(preview("short line", 0, 5, 100)).toBe("short line");
  });
});

describe("globs", () => {
  it("match the base name when they have no slash, the path otherwise, dotfiles included", () => {
    const match = globMatcher(["*.ts", "docs/**/*.md"])!;
    expect(match("src/deep/a.ts")).toBe(true);
    expect(match("docs/x/y.md")).toBe(true);
    expect(match("README.md")).toBe(false);
    expect(globMatcher([".*"])!("dir/.hidden")).toBe(true);
    expect(globMatcher([])).toBeNull();
  });

  it("refuses globs that cannot be meant, naming the problem", () => {
    for (const bad of ["", "   ", "/abs/**", "../up/*", "a/../b", "src/[abc", "{a,b", "x\0y", "y".repeat(FILE_LIMITS.grepMaxGlobChars + 1)]) {
      expect(reasonOf(() => validateGlob(bad)), bad).toBe("INVALID_INPUT:invalid_glob");
    }
    for (const good of ["**/*.ts", "src/{a,b}/*.js", "[abc].txt", "!(node_modules)", "a\\[b"]) {
      expect(reasonOf(() => validateGlob(good)), good).toBeUndefined();
    }
  });
});
