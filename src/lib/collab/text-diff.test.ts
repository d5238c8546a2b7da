import { describe, expect, it } from "vitest";
import { applyEdits, diffText } from "./text-diff";

describe("diffText", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["", "hello\n"],
    ["hello\n", ""],
    ["a\nb\nc\n", "a\nB\nc\n"],
    ["a\nb\nc\n", "x\na\nb\nc\ny\n"],
    ["one\ntwo\nthree\nfour\n", "one\n2\nthree\n4\n"],
    ["no newline", "no newline at end"],
    ["ä😀\nb", "ä😀\nbc"],
    ["a\na\na\n", "a\n"],
  ];
  it.each(cases)("turns %j into %j", (before, after) => {
    expect(applyEdits(before, diffText(before, after))).toBe(after);
  });

  it("keeps separate changes separate, so text between them is untouched", () => {
    const before = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join("");
    const after = before.replace("line 3\n", "LINE 3\n").replace("line 40\n", "line 40 changed\n");
    const edits = diffText(before, after);
    expect(edits).toHaveLength(2);
    expect(edits[0]).toEqual({ index: before.indexOf("line 3\n"), deleteCount: 4, insert: "LINE" });
    expect(edits[1]!.insert).toBe(" changed");
    expect(applyEdits(before, edits)).toBe(after);
  });

  it("survives random edits", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: rand(20) }, () => `${"abc"[rand(3)]!.repeat(rand(3))}\n`);
      const before = lines.join("");
      const changed = lines.filter(() => rand(4) !== 0).map((l) => (rand(5) === 0 ? `${l.trim()}x\n` : l));
      if (rand(2)) changed.splice(rand(changed.length + 1), 0, "new\n");
      const after = changed.join("");
      expect(applyEdits(before, diffText(before, after))).toBe(after);
    }
  });
});
