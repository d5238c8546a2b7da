import { describe, expect, it } from "vitest";
import { metadataChips, parseMetadataFilter, parseMetadataLines, usageRatio } from "./format";

describe("usageRatio", () => {
  it("is a share of the quota, clamped", () => {
    expect(usageRatio(0n, 100n)).toBe(0);
    expect(usageRatio(50n, 100n)).toBe(0.5);
    expect(usageRatio(500n, 100n)).toBe(1);
    expect(usageRatio(1n, 0n)).toBe(1);
    expect(usageRatio(2n ** 60n, 2n ** 61n)).toBe(0.5);
  });
});

describe("parseMetadataLines", () => {
  it("reads key=value lines, skipping blanks and trimming", () => {
    expect(parseMetadataLines("team=data\n\n  run = 42 \nurl=a=b")).toEqual({ ok: true, metadata: { team: "data", run: "42", url: "a=b" } });
    expect(parseMetadataLines("")).toEqual({ ok: true, metadata: {} });
  });
  it("names the line that is wrong", () => {
    expect(parseMetadataLines("team=data\noops")).toEqual({ ok: false, error: "Line 2: write it as key=value, for example team=data." });
    expect(parseMetadataLines("=x")).toMatchObject({ ok: false, error: "Line 1: the key before = is missing." });
    expect(parseMetadataLines("a=1\na=2")).toMatchObject({ ok: false });
  });
});

describe("parseMetadataFilter", () => {
  it("is empty, one pair, or an error", () => {
    expect(parseMetadataFilter(" ")).toEqual({ ok: true, filter: null });
    expect(parseMetadataFilter("team=data")).toEqual({ ok: true, filter: { key: "team", value: "data" } });
    expect(parseMetadataFilter("team")).toMatchObject({ ok: false });
  });
});

describe("metadataChips", () => {
  it("shows strings bare and other values as JSON", () => {
    expect(metadataChips({ team: "data", n: 1, ok: true })).toEqual(["team=data", "n=1", "ok=true"]);
  });
});
