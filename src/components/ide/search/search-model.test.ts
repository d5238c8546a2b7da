import { describe, expect, it } from "vitest";
import { groupMatches, highlightRange, shouldSearch, splitGlobs } from "./search-model";

describe("search view helpers", () => {
  it("groups matches by file in the order found", () => {
    const m = (file: string, line: number) => ({ file, line, column: 1, content: "" });
    expect(groupMatches([m("b.py", 1), m("a.py", 2), m("b.py", 5)]).map((g) => [g.file, g.matches.map((x) => x.line)])).toEqual([
      ["b.py", [1, 5]],
      ["a.py", [2]],
    ]);
  });

  it("splits comma-separated globs", () => {
    expect(splitGlobs("*.py, src/**  ,, dist")).toEqual(["*.py", "src/**", "dist"]);
    expect(splitGlobs("  ")).toEqual([]);
  });

  it("finds the text to highlight, literal or regex, with or without case", () => {
    expect(highlightRange("print('Hello')", "hello", { regex: false, caseSensitive: false })).toEqual([7, 12]);
    expect(highlightRange("print('Hello')", "hello", { regex: false, caseSensitive: true })).toBeNull();
    expect(highlightRange("x = 42", "\\d+", { regex: true, caseSensitive: false })).toEqual([4, 6]);
    expect(highlightRange("x", "(", { regex: true, caseSensitive: false })).toBeNull();
  });
});

describe("shouldSearch", () => {
  it("is idle (no request) whenever the box or its debounced value is empty", () => {
    expect(shouldSearch("", "")).toBe(false);
    // Just cleared: the debounced value still holds the old query, but nothing is sent.
    expect(shouldSearch("", "old")).toBe(false);
    // Just typed: wait for the debounce.
    expect(shouldSearch("n", "")).toBe(false);
    expect(shouldSearch("new", "new")).toBe(true);
    // Spaces are something to search for.
    expect(shouldSearch(" ", " ")).toBe(true);
  });
});
