import { describe, expect, it } from "vitest";
import { re2Spec } from "./grep-match";
import { RegexTimeout, RegexWorker } from "./regex-worker";

const spec = (query: string, o: Partial<{ caseSensitive: boolean; wholeWord: boolean }> = {}) =>
  re2Spec({ query, regex: true, caseSensitive: o.caseSensitive ?? false, wholeWord: o.wholeWord ?? false });

describe("RegexWorker", () => {
  it("finds the first match per line, up to the limit", async () => {
    const worker = new RegexWorker(spec("b+"));
    try {
      const hits = await worker.match(["abbc", "none", "BB", "b"], 2, Date.now() + 5000);
      expect(hits).toEqual([
        { line: 0, column: 1, length: 2 },
        { line: 2, column: 0, length: 2 },
      ]);
    } finally {
      await worker.close();
    }
  });

  it("reports the word itself for whole-word regexes", async () => {
    const worker = new RegexWorker(spec("ca+t", { wholeWord: true }));
    try {
      expect(await worker.match(["concat caat.", "écat"], 10, Date.now() + 5000)).toEqual([{ line: 0, column: 7, length: 4 }]);
    } finally {
      await worker.close();
    }
  });

  it("runs (a+)+$ on a pathological line in linear time", async () => {
    const worker = new RegexWorker(spec("(a+)+$", { caseSensitive: true }));
    try {
      const started = Date.now();
      expect(await worker.match([`${"a".repeat(10_000)}!`, "aaaa"], 10, Date.now() + 10_000)).toEqual([{ line: 1, column: 0, length: 4 }]);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await worker.close();
    }
  });

  it("still stops a search at its deadline (the per-call time budget), and is dead afterwards", async () => {
    // Linear, but a lot of work (about 10 s here): lookbehind forces re2js onto its NFA for every character.
    const worker = new RegexWorker(spec("(?<=[ab])[ab]{20}[^ab]", { caseSensitive: true }));
    const lines = Array.from({ length: 2000 }, () => "ab".repeat(5000));
    const started = Date.now();
    await expect(worker.match(lines, 1, Date.now() + 300)).rejects.toBeInstanceOf(RegexTimeout);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(worker.match(["a"], 1, Date.now() + 1000)).rejects.toBeInstanceOf(RegexTimeout);
    await worker.close();
  });
});
