// Searching a real workspace: literal and regex queries, globs, limits, binary and protected
// files skipped, bad input refused, and a catastrophic regex stopped by its deadline.
import { afterAll, describe, expect, it } from "vitest";
import { failure } from "~/test/actors";
import { fileWorkspace, removeRoots } from "./files.fixture";
import { type GrepEvent, grepStream } from "./grep";

afterAll(removeRoots);

async function seeded() {
  const w = await fileWorkspace({ rules: [{ pattern: "private/**", effect: "BLOCK" }] });
  await w.put("src/app.ts", "const TODO = 1;\n// todo: refactor\nexport {};\n");
  await w.put("src/lib/util.ts", "export function util() {\n  return 'TODO later';\n}\n");
  await w.put("docs/readme.md", "# Notes\nTODO write docs\n");
  await w.put("node_modules/pkg/index.js", "// TODO in a dependency\n");
  await w.put(".env", "TODO=secret\n");
  await w.put("private/plan.txt", "TODO: the secret plan\n");
  await w.put("image.bin", Buffer.concat([Buffer.from("TODO"), Buffer.from([0, 1, 2, 3])]));
  return w;
}

describe("files.grep", () => {
  it("finds literal text case-insensitively, skipping binary, protected and blocked files", async () => {
    const w = await seeded();
    const result = await w.as.viewer.files.grep({ workspaceId: w.id, query: "todo" });
    expect(result.matches).toEqual([
      { file: "docs/readme.md", line: 2, column: 1, content: "TODO write docs" },
      { file: "node_modules/pkg/index.js", line: 1, column: 4, content: "// TODO in a dependency" },
      { file: "src/app.ts", line: 1, column: 7, content: "const TODO = 1;" },
      { file: "src/app.ts", line: 2, column: 4, content: "// todo: refactor" },
      { file: "src/lib/util.ts", line: 2, column: 11, content: "  return 'TODO later';" },
    ]);
    expect(result).toMatchObject({ total: 5, truncated: false, truncatedReason: null, skippedBinaryFiles: 1 });
    expect(JSON.stringify(result)).not.toContain("secret");
  });

  it("honours case, whole words, regexes, include and exclude globs and a sub-folder", async () => {
    const w = await seeded();
    const cased = await w.as.viewer.files.grep({ workspaceId: w.id, query: "todo", caseSensitive: true });
    expect(cased.matches.map((m) => `${m.file}:${m.line}`)).toEqual(["src/app.ts:2"]);
    const regex = await w.as.viewer.files.grep({ workspaceId: w.id, query: "^export\\s+(function|\\{)", regex: true });
    expect(regex.matches.map((m) => `${m.file}:${m.line}`)).toEqual(["src/app.ts:3", "src/lib/util.ts:1"]);
    const globbed = await w.as.viewer.files.grep({ workspaceId: w.id, query: "TODO", include: ["*.ts"], exclude: ["lib/**", "src/lib"] });
    expect(globbed.matches.map((m) => m.file)).toEqual(["src/app.ts", "src/app.ts"]);
    const noDeps = await w.as.viewer.files.grep({ workspaceId: w.id, query: "TODO", exclude: ["node_modules"] });
    expect(noDeps.matches.some((m) => m.file.startsWith("node_modules"))).toBe(false);
    const sub = await w.as.viewer.files.grep({ workspaceId: w.id, query: "TODO", path: "src/lib" });
    expect(sub.matches.map((m) => m.file)).toEqual(["src/lib/util.ts"]);
    const word = await w.as.viewer.files.grep({ workspaceId: w.id, query: "util", wholeWord: true });
    expect(word.matches.map((m) => m.line)).toEqual([1]);
  });

  it("stops at maxResults and says it was truncated", async () => {
    const w = await fileWorkspace();
    await w.put("many.txt", Array.from({ length: 50 }, (_, i) => `hit ${i}`).join("\n"));
    const result = await w.as.viewer.files.grep({ workspaceId: w.id, query: "hit", maxResults: 10 });
    expect(result.matches).toHaveLength(10);
    expect(result).toMatchObject({ total: 10, truncated: true, truncatedReason: "max_results" });
    const all = await w.as.viewer.files.grep({ workspaceId: w.id, query: "hit", maxResults: 50 });
    expect(all).toMatchObject({ total: 50, truncated: false });
  });

  it("skips files over the per-file limit and stops at the total byte limit", async () => {
    const w = await fileWorkspace();
    await w.put("a-small.txt", "needle\n");
    await w.put("b-large.txt", `needle\n${"x".repeat(5000)}`);
    await w.put("c-small.txt", "needle\n");
    const perFile = await w.as.viewer.files.grep({ workspaceId: w.id, query: "needle", maxFileBytes: 1000 });
    expect(perFile.matches.map((m) => m.file)).toEqual(["a-small.txt", "c-small.txt"]);
    expect(perFile.skippedLargeFiles).toBe(1);
    const total = await w.as.viewer.files.grep({ workspaceId: w.id, query: "needle", maxTotalBytes: 100 });
    expect(total).toMatchObject({ truncated: true, truncatedReason: "max_total_bytes" });
    expect(total.matches.map((m) => m.file)).toEqual(["a-small.txt"]);
  });

  it("refuses a bad regex and a bad glob with INVALID_INPUT", async () => {
    const w = await seeded();
    expect(await failure(w.as.viewer.files.grep({ workspaceId: w.id, query: "(oops", regex: true }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "invalid_regex" });
    expect(await failure(w.as.viewer.files.grep({ workspaceId: w.id, query: "x", include: ["src/[ab"] }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "invalid_glob" });
    expect(await failure(w.as.viewer.files.grep({ workspaceId: w.id, query: "x", exclude: ["../**"] }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "invalid_glob" });
  });

  it("runs a catastrophic regex in linear time, and still stops a long search at its deadline without hanging the server", async () => {
    const w = await fileWorkspace();
    await w.put("evil.txt", `${"a".repeat(5000)}!\n`);
    // Linear but slow (re2js's NFA for every character, seconds in all): only the deadline stops it.
    await w.put("big.txt", `${"ab".repeat(5000)}\n`.repeat(2000));
    const started = Date.now();
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(Date.now()), 50);
    try {
      const linear = await w.as.viewer.files.grep({ workspaceId: w.id, query: "^(a+)+$", regex: true, path: "evil.txt", timeoutMs: 5000 });
      expect(linear).toMatchObject({ truncated: false, total: 0 });
      const result = await w.as.viewer.files.grep({ workspaceId: w.id, query: "(?<=[ab])[ab]{20}[^ab]", regex: true, caseSensitive: true, path: "big.txt", maxFileBytes: 20 * 1024 * 1024, timeoutMs: 500 });
      expect(result).toMatchObject({ truncated: true, truncatedReason: "timeout", total: 0 });
    } finally {
      clearInterval(timer);
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ticks.length).toBeGreaterThan(3); // the event loop kept running during the search
  });

  it("streams matches one by one, then a summary", async () => {
    const w = await seeded();
    const events: GrepEvent[] = [];
    const { ctx, access } = w.service("viewer");
    for await (const event of grepStream(ctx, access, { query: "TODO", include: ["*.md"] })) events.push(event);
    expect(events.map((e) => e.type)).toEqual(["match", "done"]);
    expect(events[1]).toMatchObject({ type: "done", summary: { total: 1, truncated: false } });
  });
});
