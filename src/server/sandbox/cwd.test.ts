import { describe, expect, it } from "vitest";
import { resolveCwd } from "./cwd";

describe("resolveCwd", () => {
  it.each([
    [undefined, "/workspace"],
    ["", "/workspace"],
    ["src", "/workspace/src"],
    ["./src/", "/workspace/src"],
    ["/workspace", "/workspace"],
    ["/workspace/a//b", "/workspace/a/b"],
  ])("%s → %s", (input, expected) => {
    expect(resolveCwd(input)).toBe(expected);
  });

  it.each(["..", "src/../..", "/etc", "/workspace2", "/workspace/../etc", "a\0b"])("refuses %s", (input) => {
    expect(() => resolveCwd(input)).toThrow(/inside \/workspace/);
  });
});
