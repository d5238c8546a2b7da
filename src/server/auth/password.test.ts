import { describe, expect, it } from "vitest";
import { hashPassword, passwordWeakness, verifyPassword } from "./password";

describe("password policy", () => {
  it.each([
    ["short", /at least 10/],
    ["aaaaaaaaaaaa", /different characters/],
    ["Password123", /too common/],
    ["x".repeat(201), /at most 200/],
  ])("refuses %j", (password, why) => {
    expect(passwordWeakness(password)).toMatch(why);
  });

  it("refuses a password built on the email name", () => {
    expect(passwordWeakness("margaret-2024!", "margaret@example.com")).toMatch(/email name/);
  });

  it("accepts a decent passphrase", () => {
    expect(passwordWeakness("quiet-harbor-7-lanterns", "ada@example.com")).toBeNull();
  });
});

describe("argon2id hashing", () => {
  it("verifies the right password only, with a salted hash", async () => {
    const a = await hashPassword("quiet-harbor-7-lanterns");
    const b = await hashPassword("quiet-harbor-7-lanterns");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "quiet-harbor-7-lanterns")).toBe(true);
    expect(await verifyPassword(a, "quiet-harbor-7-lantern")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});
