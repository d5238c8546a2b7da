import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "./format";

describe("formatBytes", () => {
  it("keeps small sizes exact, in bytes", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(0n)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(1023)).toBe("1023 bytes");
  });

  it("uses binary units with one decimal below 10, and none when it would be .0", () => {
    expect(formatBytes(1024)).toBe("1 KiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(12_288n)).toBe("12 KiB");
    expect(formatBytes(5 * 1024 ** 2)).toBe("5 MiB");
    expect(formatBytes(300n * 1024n ** 2n)).toBe("300 MiB");
    expect(formatBytes(4 * 1024 ** 3)).toBe("4 GiB");
    expect(formatBytes(1024 ** 4 * 2.25)).toBe("2.3 TiB");
    // 9.96 KiB rounds to 10.0: shown whole, not "10.0".
    expect(formatBytes(Math.round(9.96 * 1024))).toBe("10 KiB");
    expect(formatBytes(1024 ** 6)).toBe("1024 PiB");
  });

  it("shows nonsense input as zero", () => {
    expect(formatBytes(-5)).toBe("0 bytes");
    expect(formatBytes(Number.NaN)).toBe("0 bytes");
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe("0 bytes");
  });
});

describe("formatDuration", () => {
  it("milliseconds, then seconds with a decimal below 10", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(420)).toBe("420 ms");
    expect(formatDuration(999.9)).toBe("999 ms");
    expect(formatDuration(1000)).toBe("1 s");
    expect(formatDuration(2500)).toBe("2.5 s");
    expect(formatDuration(9999)).toBe("9.9 s");
    expect(formatDuration(42_400)).toBe("42 s");
  });

  it("minutes and hours with a padded minor unit, cut down (a countdown never over-promises)", () => {
    expect(formatDuration(59_999)).toBe("59 s");
    expect(formatDuration(60_000)).toBe("1 min 00 s");
    expect(formatDuration(125_000)).toBe("2 min 05 s");
    expect(formatDuration(5 * 60_000 + 3_999)).toBe("5 min 03 s");
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000 + 59_000)).toBe("2 h 07 min");
    expect(formatDuration(30 * 3_600_000)).toBe("30 h 00 min");
  });

  it("shows negative or non-finite input as zero", () => {
    expect(formatDuration(-5)).toBe("0 ms");
    expect(formatDuration(Number.NaN)).toBe("0 ms");
  });
});
