import { describe, expect, it } from "vitest";
import { normalizeRelative, planBatches, shareProgress, uploadReducer, uploadSummary } from "./upload-queue";

const picked = (sizes: number[]) => sizes.map((size, i) => ({ relativePath: `f${i}`, size, file: i }));

describe("upload queue", () => {
  it("splits files into requests under both limits, keeping their order", () => {
    const batches = planBatches(picked([5, 5, 5, 20, 1]), { maxFiles: 2, maxBytes: 12 });
    expect(batches.map((b) => b.files.map((f) => f.file))).toEqual([[0, 1], [2], [3], [4]]);
    expect(batches.map((b) => b.bytes)).toEqual([10, 5, 20, 1]);
    expect(planBatches([], { maxFiles: 2, maxBytes: 12 })).toEqual([]);
  });

  it("shares a request's progress out to its files, first file first", () => {
    expect(shareProgress([10, 30], 0, 100)).toEqual([0, 0]);
    expect(shareProgress([10, 30], 50, 100)).toEqual([10, 10]);
    expect(shareProgress([10, 30], 100, 100)).toEqual([10, 30]);
    expect(shareProgress([10, 30], 150, 100)).toEqual([10, 30]);
    expect(shareProgress([0, 4], 1, 2)).toEqual([0, 2]);
  });

  it("normalizes dropped and picked relative paths", () => {
    expect(normalizeRelative("/photos/./2024\\a.png")).toBe("photos/2024/a.png");
    expect(normalizeRelative("a.txt")).toBe("a.txt");
  });

  it("tracks each file from queued to done or failed", () => {
    let items = uploadReducer([], { type: "add", items: [{ id: "1", path: "a", size: 10 }, { id: "2", path: "b", size: 5 }] });
    items = uploadReducer(items, { type: "started", ids: ["1", "2"] });
    items = uploadReducer(items, { type: "progress", ids: ["1", "2"], loaded: [10, 2] });
    // Progress never goes backwards (a late event must not shrink a bar).
    items = uploadReducer(items, { type: "progress", ids: ["1", "2"], loaded: [4, 1] });
    expect(items.map((i) => [i.status, i.loaded])).toEqual([["uploading", 10], ["uploading", 2]]);
    items = uploadReducer(items, { type: "done", ids: ["1"] });
    items = uploadReducer(items, { type: "failed", ids: ["2"], error: "Quota" });
    expect(uploadSummary(items)).toBe("1 of 2 files uploaded, 1 failed");
    expect(items[1]).toMatchObject({ status: "failed", error: "Quota" });
    expect(uploadReducer(items, { type: "clearFinished" })).toEqual([]);
  });
});
