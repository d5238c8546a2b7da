import { describe, expect, it } from "vitest";
import { progressRatio } from "./use-snapshot-events";

const base = { bytes: 0, totalBytes: null, files: 0, totalFiles: null } as const;

describe("progressRatio", () => {
  it("prefers bytes, then files, and says null when no total is known yet", () => {
    expect(progressRatio({ ...base, phase: "packing", bytes: 25, totalBytes: 100, files: 9, totalFiles: 10 })).toBe(0.25);
    expect(progressRatio({ ...base, phase: "extracting", files: 3, totalFiles: 4 })).toBe(0.75);
    expect(progressRatio({ ...base, phase: "scanning", files: 120 })).toBeNull();
    expect(progressRatio({ ...base, phase: "packing", totalBytes: 0 })).toBeNull();
  });

  it("is full when done and never past full", () => {
    expect(progressRatio({ ...base, phase: "done" })).toBe(1);
    expect(progressRatio({ ...base, phase: "packing", bytes: 150, totalBytes: 100 })).toBe(1);
  });
});
