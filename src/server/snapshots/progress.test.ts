// The progress reporter's throttle: first event, phase changes and the end always go out; within a
// phase at most one event per THROTTLE_MS. Time is faked, so nothing here depends on the machine.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SnapshotProgress } from "~/server/realtime/events";
import { subscribe } from "~/server/realtime/workspace-bus";
import { ProgressReporter, THROTTLE_MS, ZOperationId } from "./progress";

let events: (SnapshotProgress & { room: string })[] = [];
let stop: () => void = () => undefined;

beforeEach(() => {
  vi.useFakeTimers();
  events = [];
  stop = subscribe((m) => {
    if (m.event === "snapshot:progress") events.push({ room: m.room, ...m.payload });
  });
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe("ProgressReporter", () => {
  it("throttles within a phase but always sends the first event, phase changes and the end", () => {
    const p = new ProgressReporter(["ws:a", "user:b"], "a", "create", { operationId: "op-unit-0001" });
    const track = p.tracker("packing", { totalBytes: 1000, totalFiles: null });
    for (let i = 1; i <= 50; i++) track({ bytes: i * 10, files: i });
    expect(events.filter((e) => e.room === "ws:a").map((e) => e.bytes)).toEqual([0]);
    vi.advanceTimersByTime(THROTTLE_MS);
    track({ bytes: 600, files: 60 });
    track({ bytes: 700, files: 70 });
    p.update("swapping", { bytes: 0, files: 0, totalBytes: null });
    p.done("snap-1");
    p.update("packing", { bytes: 1, files: 1 }); // after the end: ignored
    const a = events.filter((e) => e.room === "ws:a");
    expect(a.map((e) => [e.phase, e.bytes])).toEqual([
      ["packing", 0],
      ["packing", 600],
      ["swapping", 0],
      ["done", 0],
    ]);
    expect(a.at(-1)).toMatchObject({ operationId: "op-unit-0001", operation: "create", workspaceId: "a", snapshotId: "snap-1", totalBytes: null });
    expect(a[1]).toMatchObject({ totalBytes: 1000, files: 60 });
    // Every room gets the same events.
    expect(events.filter((e) => e.room === "user:b")).toHaveLength(a.length);
  });

  it("reports failed once when the work throws, and makes up an id when none is given", async () => {
    const p = new ProgressReporter(["ws:a"], "a", "restore");
    expect(p.operationId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(p.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    p.failed();
    expect(events.map((e) => e.phase)).toEqual(["failed"]);
  });

  it("accepts UUIDs and short slugs as client-chosen ids, nothing that could be abused", () => {
    expect(ZOperationId.safeParse("3f1c2b9e-1d2a-4c8b-9f00-123456789abc").success).toBe(true);
    expect(ZOperationId.safeParse("op_12345").success).toBe(true);
    for (const bad of ["short", "has space in it", "<script>alert(1)</script>", "x".repeat(65)]) expect(ZOperationId.safeParse(bad).success).toBe(false);
  });
});
