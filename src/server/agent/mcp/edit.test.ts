import { describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { applyEdit } from "./edit";

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.reason : "not an AppError";
  }
  return undefined;
}

describe("applyEdit", () => {
  it("replaces a unique snippet literally", () => {
    expect(applyEdit("a = 1\nb = 2\n", "x.py", { oldText: "b = 2", newText: "b = '$&'", replaceAll: false })).toEqual({ content: "a = 1\nb = '$&'\n", replacements: 1 });
  });

  it("refuses a missing, an ambiguous, an empty or a no-op snippet", () => {
    expect(reasonOf(() => applyEdit("abc", "f", { oldText: "z", newText: "y", replaceAll: false }))).toBe("edit_snippet_not_found");
    expect(reasonOf(() => applyEdit("aXaXa", "f", { oldText: "a", newText: "b", replaceAll: false }))).toBe("edit_snippet_not_unique");
    expect(reasonOf(() => applyEdit("abc", "f", { oldText: "", newText: "y", replaceAll: false }))).toBe("edit_empty_snippet");
    expect(reasonOf(() => applyEdit("abc", "f", { oldText: "b", newText: "b", replaceAll: false }))).toBe("edit_no_change");
  });

  it("counts non-overlapping matches and replaces all when asked", () => {
    expect(() => applyEdit("aaaa", "f", { oldText: "aa", newText: "b", replaceAll: false })).toThrow(/occurs 2 times/);
    expect(applyEdit("aaaa", "f", { oldText: "aa", newText: "b", replaceAll: true })).toEqual({ content: "bb", replacements: 2 });
  });
});
