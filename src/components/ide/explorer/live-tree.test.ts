import { describe, expect, it } from "vitest";
import { foldersToRefresh } from "./live-tree";

describe("foldersToRefresh", () => {
  it("refreshes every folder after an overflow", () => {
    expect(foldersToRefresh({ workspaceId: "w", changes: [], overflow: true })).toBe("all");
  });
  it("refreshes the parent of each changed file, and a created or deleted folder itself", () => {
    const folders = foldersToRefresh({
      workspaceId: "w",
      overflow: false,
      changes: [
        { path: "new.txt", kind: "created", isDirectory: false },
        { path: "src/a.ts", kind: "modified", isDirectory: false },
        { path: "lib", kind: "created", isDirectory: true },
        { path: "old/x", kind: "deleted", isDirectory: false },
      ],
    });
    expect(folders).toEqual(new Set(["", "src", "lib", "old", "old/x"]));
  });
});
