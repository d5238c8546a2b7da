import { describe, expect, it } from "vitest";
import { callerAs, callerWith, failure, lastAudit, makeUser, STRONG_PASSWORD, uniqueEmail } from "~/test/actors";
import { db } from "~/server/db/client";
import { verifyCredentials } from "./users";

const ctx = (ip = "198.51.100.10") => ({ actor: null, ip, channel: "UI" as const });

describe("sign-up", () => {
  it("creates a user with a hashed password and never returns the hash", async () => {
    const email = uniqueEmail();
    const caller = await callerWith({});
    const user = await caller.auth.signUp({ email: email.toUpperCase(), name: "Ada", password: STRONG_PASSWORD });
    expect(user).toMatchObject({ email, name: "Ada" });
    expect(user).not.toHaveProperty("passwordHash");
    const row = await db().user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(STRONG_PASSWORD);
  });

  it("refuses a duplicate email, whatever its case", async () => {
    const email = uniqueEmail();
    const caller = await callerWith({});
    await caller.auth.signUp({ email, password: STRONG_PASSWORD });
    const err = await failure(caller.auth.signUp({ email: email.toUpperCase(), password: STRONG_PASSWORD }));
    expect(err).toMatchObject({ code: "CONFLICT", reason: "email_taken" });
    expect(err.message).toMatch(/already exists/);
  });

  it("refuses weak passwords with the rule that failed", async () => {
    const caller = await callerWith({});
    const short = await failure(caller.auth.signUp({ email: uniqueEmail(), password: "short1" }));
    expect(short).toMatchObject({ code: "UNPROCESSABLE_CONTENT", reason: "weak_password" });
    expect(short.message).toMatch(/at least 10 characters/);
    const common = await failure(caller.auth.signUp({ email: uniqueEmail(), password: "password123" }));
    expect(common.message).toMatch(/too common/);
    const repeated = await failure(caller.auth.signUp({ email: uniqueEmail(), password: "aaaaaaaaaaaa" }));
    expect(repeated.message).toMatch(/different characters/);
  });

  it("rejects a malformed email as bad input with a field error", async () => {
    const caller = await callerWith({});
    const err = await failure(caller.auth.signUp({ email: "not-an-email", password: STRONG_PASSWORD }));
    expect(err.code).toBe("BAD_REQUEST");
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one with a typed, audited error", async () => {
    const user = await makeUser();
    await expect(verifyCredentials(ctx(), { email: user.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ id: user.id });
    const err = await failure(verifyCredentials(ctx(), { email: user.email, password: "wrong-password-123" }));
    expect(err).toMatchObject({ code: "UNAUTHORIZED", reason: "invalid_credentials", message: "Wrong email or password." });
    const audit = await lastAudit({ action: "auth.signIn", reason: "invalid_credentials" });
    expect(audit).toMatchObject({ outcome: "DENIED", target: user.email, ip: "198.51.100.10" });
  });

  it("gives an unknown email the same answer as a wrong password", async () => {
    const err = await failure(verifyCredentials(ctx(), { email: uniqueEmail("nobody"), password: STRONG_PASSWORD }));
    expect(err).toMatchObject({ code: "UNAUTHORIZED", reason: "invalid_credentials", message: "Wrong email or password." });
  });

  it("delays an account from one address after 5 failures, even for the right password, and says how long to wait", async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i++) {
      await failure(verifyCredentials(ctx("192.0.2.50"), { email: user.email, password: `wrong-${i}-password` }));
    }
    const err = await failure(verifyCredentials(ctx("192.0.2.50"), { email: user.email, password: STRONG_PASSWORD }));
    expect(err).toMatchObject({ code: "RATE_LIMITED", reason: "rate_limited" });
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(2);
    expect(err.message).toMatch(/Too many failed sign-ins for this account from your address\. Wait \d+ seconds? and try again/);
    // Failures from five other addresses do not lock the account for a sixth.
    for (let i = 0; i < 5; i++) {
      await failure(verifyCredentials(ctx(`192.0.2.${i + 1}`), { email: user.email, password: `wrong-${i}-password` }));
    }
    await expect(verifyCredentials(ctx("192.0.2.99"), { email: user.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ id: user.id });
  });

  it("limits failures per IP across accounts", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    for (let i = 0; i < 30; i++) {
      await failure(verifyCredentials(ctx(ip), { email: uniqueEmail("spray"), password: "wrong-password-1" }));
    }
    const user = await makeUser();
    const err = await failure(verifyCredentials(ctx(ip), { email: user.email, password: STRONG_PASSWORD }));
    expect(err).toMatchObject({ code: "RATE_LIMITED" });
    // The same account from another address is fine.
    await expect(verifyCredentials(ctx("198.51.100.200"), { email: user.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ id: user.id });
  });

  it("refuses disabled accounts, and their sessions stop working at once", async () => {
    const user = await makeUser();
    const caller = await callerAs(user);
    await expect(caller.auth.me()).resolves.toMatchObject({ user: { id: user.id } });
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const err = await failure(verifyCredentials(ctx(), { email: user.email, password: STRONG_PASSWORD }));
    expect(err).toMatchObject({ code: "FORBIDDEN", reason: "user_disabled" });
    const again = await callerAs(user);
    expect(await failure(again.auth.me())).toMatchObject({ code: "UNAUTHORIZED", reason: "not_signed_in" });
  });
});

describe("sessions", () => {
  it("resolves a next-auth session cookie to the user; a forged one is anonymous", async () => {
    const user = await makeUser();
    const caller = await callerAs(user);
    await expect(caller.auth.me()).resolves.toEqual({ user, apiKey: null });
    const forged = await callerWith({ cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged" });
    expect(await failure(forged.auth.me())).toMatchObject({ code: "UNAUTHORIZED", reason: "not_signed_in" });
    await expect(forged.auth.session()).resolves.toEqual({ signedIn: false });
  });
});
