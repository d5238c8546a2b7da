import { describe, expect, it } from "vitest";
import { nextFreeSlug, SLUG_MAX_LENGTH, slugify } from "./slug";

describe("slugify", () => {
  it("makes kebab-case ASCII from any name", () => {
    expect(slugify("My API")).toBe("my-api");
    expect(slugify("  Café Ünïcode — v2!  ")).toBe("cafe-unicode-v2");
    expect(slugify("a__b..c")).toBe("a-b-c");
    expect(slugify("日本語")).toBe("workspace");
    expect(slugify("---")).toBe("workspace");
    const long = slugify(`${"word ".repeat(30)}`);
    expect(long.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(long.endsWith("-")).toBe(false);
  });
});

describe("nextFreeSlug", () => {
  it("adds -2, -3… on a clash and a random suffix when asked", () => {
    expect(nextFreeSlug("api", new Set())).toBe("api");
    expect(nextFreeSlug("api", new Set(["api", "api-2"]))).toBe("api-3");
    expect(nextFreeSlug("api", new Set(["api"]), { random: true })).toMatch(/^api-[0-9a-f]{6}$/);
  });
});
