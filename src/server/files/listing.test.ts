import { describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { compareEntries, decodeCursor, encodeCursor, paginate, type SortableEntry } from "./listing";

const e = (name: string, type: SortableEntry["type"] = "file"): SortableEntry => ({ name, type });

describe("compareEntries", () => {
  it("puts folders first, then names as people read them", () => {
    const sorted = [e("b.txt"), e("src", "directory"), e(".env"), e("A.txt"), e("file10"), e("file2"), e(".git", "directory"), e("link", "symlink")].sort(compareEntries);
    expect(sorted.map((x) => x.name)).toEqual([".git", "src", ".env", "A.txt", "b.txt", "file2", "file10", "link"]);
  });

  it("is a total order: names that collate equal are ordered by code point", () => {
    const sorted = [e("a"), e("A")].sort(compareEntries);
    expect(sorted.map((x) => x.name)).toEqual(["A", "a"]);
    expect(compareEntries(e("A"), e("a"))).not.toBe(0);
  });
});

describe("paginate", () => {
  const entries = Array.from({ length: 7 }, (_, i) => e(`f${i}`)).concat([e("d1", "directory"), e("d2", "directory")]);

  it("walks every entry exactly once, page by page", () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ReturnType<typeof paginate<SortableEntry>> = paginate(entries, 4, cursor);
      seen.push(...page.items.map((x) => x.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["d1", "d2", "f0", "f1", "f2", "f3", "f4", "f5", "f6"]);
  });

  it("keeps its place when entries are added or removed between pages", () => {
    const first = paginate(entries, 3);
    expect(first.items.map((x) => x.name)).toEqual(["d1", "d2", "f0"]);
    const changed = entries.filter((x) => x.name !== "f0" && x.name !== "d2").concat([e("a-new"), e("zzz")]);
    const second = paginate(changed, 3, first.nextCursor);
    expect(second.items.map((x) => x.name)).toEqual(["f1", "f2", "f3"]);
  });

  it("says there is no next page on the last one", () => {
    expect(paginate(entries, 100).nextCursor).toBeNull();
    expect(paginate([], 10)).toEqual({ items: [], nextCursor: null });
  });

  it("round-trips cursors and rejects forged ones with INVALID_INPUT", () => {
    expect(decodeCursor(encodeCursor(e("x y/é", "directory")))).toEqual({ directory: true, name: "x y/é" });
    for (const bad of ["!!!", Buffer.from("[2,\"x\"]").toString("base64url"), Buffer.from("{}").toString("base64url")]) {
      let error: unknown;
      try {
        decodeCursor(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error) && error.code === "INVALID_INPUT" && error.reason === "invalid_cursor").toBe(true);
    }
  });
});
