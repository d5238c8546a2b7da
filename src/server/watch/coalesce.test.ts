import { describe, expect, it } from "vitest";
import { Batch, combine, readable, toRelative } from "./coalesce";

describe("combine", () => {
  it("keeps a created file created, drops one that came and went", () => {
    expect(combine(undefined, "created")).toBe("created");
    expect(combine("created", "modified")).toBe("created");
    expect(combine("created", "deleted")).toBeNull();
  });
  it("reports a deleted-then-recreated path as modified and a modified-then-deleted one as deleted", () => {
    expect(combine("deleted", "created")).toBe("modified");
    expect(combine("modified", "deleted")).toBe("deleted");
    expect(combine("modified", "modified")).toBe("modified");
  });
});

describe("toRelative", () => {
  it("makes paths workspace-relative with forward slashes", () => {
    expect(toRelative("/data/ws", "/data/ws/src/a.ts")).toBe("src/a.ts");
  });
  it("refuses the root, siblings that share a prefix, parents and atomic-write temp files", () => {
    expect(toRelative("/data/ws", "/data/ws")).toBeNull();
    expect(toRelative("/data/ws", "/data/ws2/a")).toBeNull();
    expect(toRelative("/data/ws", "/etc/passwd")).toBeNull();
    expect(toRelative("/data/ws", "/data/ws/src/.a.ts.atrium-tmp-123")).toBeNull();
  });
});

describe("readable", () => {
  const rules = [{ pattern: "secret/**", effect: "BLOCK" as const }, { pattern: "docs/**", effect: "READ_ONLY" as const }];
  it("hides critical files and BLOCKed paths from every reader, shows read-only ones", () => {
    expect(readable(".env", [])).toBe(false);
    expect(readable("app/.git/config", [])).toBe(false);
    expect(readable("secret/plan.md", rules)).toBe(false);
    expect(readable("docs/a.md", rules)).toBe(true);
    expect(readable("src/a.ts", rules)).toBe(true);
  });
});

describe("Batch", () => {
  it("coalesces per path, keeps first-seen order and filters by the rules", () => {
    const batch = new Batch();
    batch.add("a.txt", "create", false);
    batch.add("a.txt", "update", false);
    batch.add("gone.txt", "create", false);
    batch.add("gone.txt", "delete", false);
    batch.add("dir", "create", true);
    batch.add("secret/x", "create", false);
    expect(batch.changes([{ pattern: "secret/**", effect: "BLOCK" }])).toEqual([
      { path: "a.txt", kind: "created", isDirectory: false },
      { path: "dir", kind: "created", isDirectory: true },
    ]);
  });
});
