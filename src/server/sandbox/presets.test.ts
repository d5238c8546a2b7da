import { describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { limitsFromJson, presetTable, PRESETS, resolveLimits, ZPresetChanges } from "./presets";

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error("expected an error");
}

describe("presets", () => {
  it("has the documented defaults", () => {
    expect(PRESETS.default).toMatchObject({ memoryMb: 4096, cpuSeconds: 1800, maxFileMb: 500, openFiles: 2048, processes: 100, network: true, shell: true });
    expect(PRESETS.strict).toMatchObject({ memoryMb: 1024, cpuSeconds: 300, maxFileMb: 50, openFiles: 512, processes: 25, network: false, shell: false });
  });

  it("applies overrides below the preset", () => {
    expect(resolveLimits("default", { memoryMb: 512, network: false })).toMatchObject({ memoryMb: 512, network: false, processes: 100 });
  });

  it("refuses overrides above the preset, naming each one", () => {
    const e = errorOf(() => resolveLimits("strict", { memoryMb: 2048, network: true, processes: 25 }));
    expect(e.code).toBe("LIMIT_EXCEEDED");
    expect(e.reason).toBe("override_above_preset");
    expect(e.message).toContain("memoryMb 2048 (at most 1024)");
    expect(e.message).toContain("network on");
  });

  it("refuses unknown presets and malformed overrides", () => {
    expect(errorOf(() => resolveLimits("huge")).reason).toBe("unknown_preset");
    expect(errorOf(() => resolveLimits("default", { memoryMb: 1 })).reason).toBe("invalid_overrides");
    expect(errorOf(() => resolveLimits("default", { bogus: 1 } as never)).reason).toBe("invalid_overrides");
  });

  it("does not change the preset objects", () => {
    resolveLimits("default", { memoryMb: 100 });
    expect(PRESETS.default.memoryMb).toBe(4096);
  });

  it("reads stored limits, falling back to the preset", () => {
    expect(limitsFromJson("strict", { memoryMb: 256 }).memoryMb).toBe(256);
    expect(limitsFromJson("strict", "garbage").memoryMb).toBe(1024);
  });
});

describe("configured presets", () => {
  it("apply an operator's changes to the numbers, and overrides are checked against them", () => {
    const table = presetTable({ default: { memoryMb: 8192 }, strict: { processes: 50, network: false } });
    expect(table.default.memoryMb).toBe(8192);
    expect(table.default.processes).toBe(100);
    expect(table.strict.processes).toBe(50);
    expect(resolveLimits("default", { memoryMb: 6000 }, table).memoryMb).toBe(6000);
    expect(() => resolveLimits("default", { memoryMb: 6000 })).toThrow(/does not allow memoryMb 6000/);
    expect(limitsFromJson("strict", {}, table).processes).toBe(50);
  });

  it("refuse unknown keys in ATRIUM_SANDBOX_PRESETS", () => {
    expect(ZPresetChanges.safeParse({ default: { memory: 1 } }).success).toBe(false);
    expect(ZPresetChanges.safeParse({ huge: {} }).success).toBe(false);
  });
});
