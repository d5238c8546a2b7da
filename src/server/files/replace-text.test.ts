import { describe, expect, it } from "vitest";
import { lineReplacer, replaceText } from "./replace-text";

const q = (query: string, rest: Partial<{ regex: boolean; caseSensitive: boolean; wholeWord: boolean }> = {}) => ({ query, regex: false, caseSensitive: false, wholeWord: false, ...rest });

describe("replaceText", () => {
  it("replaces literal text case-insensitively by default and keeps line endings", () => {
    const r = replaceText("Foo foo\r\nbar\nFOO", lineReplacer(q("foo"), "x"), 10);
    expect(r.text).toBe("x x\r\nbar\nx");
    expect(r.count).toBe(3);
    expect(r.changes).toEqual([
      { line: 1, before: "Foo foo", after: "x x" },
      { line: 3, before: "FOO", after: "x" },
    ]);
  });

  it("takes $ literally in literal mode", () => {
    expect(replaceText("a.b", lineReplacer(q("."), "$&$1"), 10).text).toBe("a$&$1b");
  });

  it("expands groups in regex mode and leaves unknown groups as written", () => {
    const r = replaceText("let a = 1; let b = 2", lineReplacer(q("let (\\w+)", { regex: true }), "const $1 $2 $$"), 10);
    expect(r.text).toBe("const a $2 $ = 1; const b $2 $ = 2");
    expect(r.count).toBe(2);
  });

  it("replaces adjacent whole words (the boundaries consume the separators)", () => {
    expect(replaceText("foo foo food foo", lineReplacer(q("foo", { wholeWord: true, regex: true }), "X"), 10).text).toBe("X X food X");
    expect(replaceText("foo foo food foo", lineReplacer(q("foo", { wholeWord: true }), "X"), 10).text).toBe("X X food X");
  });

  it("respects case sensitivity", () => {
    expect(replaceText("Foo foo", lineReplacer(q("foo", { caseSensitive: true }), "x"), 10).text).toBe("Foo x");
  });

  it("terminates on empty matches", () => {
    const r = replaceText("ab", lineReplacer(q("x*", { regex: true }), "-"), 10);
    expect(r.text).toBe("-a-b-");
  });

  it("returns the text untouched and no changes when nothing matches, and caps the preview", () => {
    const none = replaceText("abc\n", lineReplacer(q("zzz"), "y"), 10);
    expect(none).toEqual({ text: "abc\n", count: 0, changes: [] });
    const capped = replaceText("a\na\na\n", lineReplacer(q("a"), "b"), 2);
    expect(capped.count).toBe(3);
    expect(capped.changes).toHaveLength(2);
  });

  it("refuses backtracking-only regex features as search does", () => {
    expect(() => lineReplacer(q("(a)\\1", { regex: true }), "")).toThrow(/backreferences/);
  });
});
