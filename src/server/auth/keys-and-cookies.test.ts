import { describe, expect, it } from "vitest";
import { API_KEY_PATTERN, generateKey, hashKey } from "./api-keys";
import { parseCookies } from "./identity";

describe("API key format", () => {
  it("is atr_ plus 40 base62 characters, unique, with every character in use", () => {
    const keys = Array.from({ length: 2000 }, generateKey);
    for (const k of keys) expect(k).toMatch(API_KEY_PATTERN);
    expect(new Set(keys).size).toBe(keys.length);
    const seen = new Set(keys.join("").replaceAll("atr_", ""));
    expect(seen.size).toBe(62);
  });

  it("hashes with sha256 hex", () => {
    expect(hashKey("atr_x")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey("atr_x")).toBe(hashKey("atr_x"));
  });
});

describe("parseCookies", () => {
  it("reads names and url-decoded values, tolerating junk", () => {
    const c = parseCookies("a=1; next-auth.session-token=ey%2Bz; =x; broken; b=%E0%A4%A");
    expect(c.get("a")).toBe("1");
    expect(c.get("next-auth.session-token")).toBe("ey+z");
    expect(c.get("b")).toBe("%E0%A4%A");
    expect(c.size).toBe(3);
  });
});
