import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyScore } from "./fuzzy";

const files = ["src/app.ts", "src/components/ide/editor/use-editor-tabs.ts", "a/p/p.ts", "README.md", "docs/api.md", "main.py", "src/main/app.py"];

describe("quick open matching", () => {
  it("needs the query's characters in order, ignoring case and spaces", () => {
    expect(fuzzyScore("mpy", "main.py")).not.toBeNull();
    expect(fuzzyScore("ypm", "main.py")).toBeNull();
    expect(fuzzyScore("M AIN", "main.py")?.positions).toEqual([0, 1, 2, 3]);
    expect(fuzzyScore("", "x")).toEqual({ path: "x", score: 0, positions: [] });
  });

  it("prefers matches in the file name, at word starts and in runs", () => {
    expect(fuzzyFilter("app", files).map((m) => m.path).slice(0, 2)).toEqual(["src/app.ts", "src/main/app.py"]);
    expect(fuzzyFilter("uet", files)[0]?.path).toBe("src/components/ide/editor/use-editor-tabs.ts");
    expect(fuzzyFilter("main", files)[0]?.path).toBe("main.py");
    expect(fuzzyScore("app", "src/app.ts")?.positions).toEqual([4, 5, 6]);
  });

  it("caps the list and breaks ties by length, then name", () => {
    expect(fuzzyFilter("md", files, 1).map((m) => m.path)).toHaveLength(1);
    expect(fuzzyFilter("", ["b", "a", "aa"]).map((m) => m.path)).toEqual(["a", "b", "aa"]);
  });
});

describe("quick open with a typo (fuse.js, only when nothing matches in order)", () => {
  it("still finds the file", () => {
    expect(fuzzyFilter("mian.py", files)[0]?.path).toBe("main.py");
    expect(fuzzyFilter("raedme", files)[0]?.path).toBe("README.md");
    const hit = fuzzyFilter("mian.py", files)[0]!;
    expect(hit.positions.length).toBeGreaterThan(0);
    expect(hit.positions.every((i) => i >= 0 && i < hit.path.length)).toBe(true);
  });

  it("never mixes typo guesses into in-order matches, and needs three characters", () => {
    const inOrder = fuzzyFilter("mpy", files).map((m) => m.path);
    expect(inOrder.every((p) => fuzzyScore("mpy", p) !== null)).toBe(true);
    expect(fuzzyFilter("zq", files)).toEqual([]);
    expect(fuzzyFilter("qqqqqq", files)).toEqual([]);
  });
});
