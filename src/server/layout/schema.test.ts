import { describe, expect, it } from "vitest";
import { LAYOUT_LIMITS, ZLayoutState } from "./schema";

const valid = { version: 1, tabs: ["a.ts"], active: "a.ts", side: "explorer", sideVisible: true, bottom: "terminal", bottomVisible: true, sizes: { horizontal: { side: 20, main: 80 } } };

describe("ZLayoutState", () => {
  it("accepts a layout and an empty one", () => {
    expect(ZLayoutState.safeParse(valid).success).toBe(true);
    expect(ZLayoutState.safeParse({ ...valid, tabs: [], active: null, sizes: {} }).success).toBe(true);
  });
  it("refuses unknown keys, unknown views, sizes out of range, an active tab that is not open", () => {
    expect(ZLayoutState.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(ZLayoutState.safeParse({ ...valid, side: "git" }).success).toBe(false);
    expect(ZLayoutState.safeParse({ ...valid, sizes: { horizontal: { side: 101 } } }).success).toBe(false);
    expect(ZLayoutState.safeParse({ ...valid, sizes: { other: {} } }).success).toBe(false);
    expect(ZLayoutState.safeParse({ ...valid, active: "b.ts" }).success).toBe(false);
  });
  it("bounds the tabs and the whole size", () => {
    const many = Array.from({ length: LAYOUT_LIMITS.maxTabs + 1 }, (_, i) => `${i}`);
    expect(ZLayoutState.safeParse({ ...valid, tabs: many, active: null }).success).toBe(false);
    const big = Array.from({ length: LAYOUT_LIMITS.maxTabs }, (_, i) => `${"x".repeat(1000)}${i}`);
    const r = ZLayoutState.safeParse({ ...valid, tabs: big, active: null });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/bytes as JSON/);
  });
});
