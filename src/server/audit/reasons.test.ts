import { describe, expect, it } from "vitest";
import { isReason, REASONS } from "./reasons";

describe("the reasons list", () => {
  it("is sorted, unique and snake_case, so additions merge cleanly and read alike", () => {
    expect([...REASONS]).toEqual([...REASONS].sort());
    expect(new Set(REASONS).size).toBe(REASONS.length);
    for (const reason of REASONS) expect(reason).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it("recognises its own reasons and nothing else", () => {
    expect(isReason("missing_scope")).toBe(true);
    expect(isReason("database_unavailable")).toBe(true);
    expect(isReason("missing_scop")).toBe(false);
    expect(isReason("")).toBe(false);
  });
});
