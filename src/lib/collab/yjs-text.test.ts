import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { cloneDoc, docWithText, mergeText, textOf, updateFor } from "./yjs-text";

describe("yjs text helpers", () => {
  it("merges an external edit into a document with concurrent typing, keeping both", () => {
    const live = docWithText("alpha\nbeta\ngamma\n");
    const written = cloneDoc(live);
    // Someone types at the top after the last write…
    textOf(live).insert(0, "// typed\n");
    // …while a terminal changes the last line on disk.
    const update = updateFor(written, "alpha\nbeta\ngamma\n", "alpha\nbeta\nGAMMA!\n");
    Y.applyUpdate(live, update!);
    expect(textOf(live).toJSON()).toBe("// typed\nalpha\nbeta\nGAMMA!\n");
  });

  it("returns no update when nothing changed", () => {
    expect(updateFor(docWithText("x"), "x", "x")).toBeNull();
  });

  it("three-way merges two offline edits", () => {
    expect(mergeText("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n")).toBe("A\nb\nC\n");
    expect(mergeText("same", "same", "theirs")).toBe("theirs");
    expect(mergeText("same", "ours", "same")).toBe("ours");
  });
});
