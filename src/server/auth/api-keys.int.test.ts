import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/server/db/client";
import { callerAs, callerWith, callerWithKey, failure, lastAudit, makeKey, makeUser } from "~/test/actors";

describe("API keys", () => {
  it("are shown once as atr_<40>, stored only as a sha256 with a visible prefix", async () => {
    const user = await makeUser();
    const caller = await callerAs(user);
    const { key, apiKey } = await caller.apiKeys.create({ name: "ci agent", scopes: ["read", "write", "read"], expiresInDays: 30 });
    expect(key).toMatch(/^atr_[0-9A-Za-z]{40}$/);
    expect(apiKey).toMatchObject({ name: "ci agent", prefix: key.slice(0, 12), scopes: ["read", "write"], status: "active" });
    expect(apiKey.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
    const listed = await caller.apiKeys.list();
    expect(listed.map((k) => k.id)).toContain(apiKey.id);
    expect(JSON.stringify(listed)).not.toContain(key.slice(12));
  });

  it("authenticate as their user with their scopes", async () => {
    const user = await makeUser();
    const key = await makeKey(user, { scopes: ["read", "exec"] });
    const me = await (await callerWithKey(key)).auth.me();
    expect(me.user).toEqual(user);
    expect(me.apiKey).toMatchObject({ prefix: key.slice(0, 12), scopes: ["read", "exec"] });
  });

  it("refuse a procedure outside their scopes, and audit the refusal with the key", async () => {
    const user = await makeUser();
    const key = await makeKey(user, { scopes: ["read"] });
    const err = await failure((await callerWithKey(key)).apiKeys.create({ name: "escalate", scopes: ["read"] }));
    expect(err).toMatchObject({ code: "FORBIDDEN", reason: "missing_scope" });
    expect(err.message).toMatch(/lacks the "admin" scope/);
    const keyRow = await db().apiKey.findFirstOrThrow({ where: { prefix: key.slice(0, 12) } });
    const audit = await lastAudit({ apiKeyId: keyRow.id, reason: "missing_scope" });
    expect(audit).toMatchObject({ action: "apiKeys.create", outcome: "DENIED", channel: "API", permission: "admin", actorUserId: user.id, ip: "203.0.113.7" });
  });

  it("are refused when revoked, expired, malformed or unknown — each with its own reason", async () => {
    const user = await makeUser();
    const caller = await callerAs(user);
    const revoked = await makeKey(user);
    const revokedId = (await db().apiKey.findFirstOrThrow({ where: { prefix: revoked.slice(0, 12) } })).id;
    await caller.apiKeys.revoke({ id: revokedId });
    expect(await failure((await callerWithKey(revoked)).auth.me())).toMatchObject({ code: "UNAUTHORIZED", reason: "api_key_revoked" });

    const expired = await makeKey(user, { expiresInDays: 1 });
    await db().apiKey.updateMany({ where: { prefix: expired.slice(0, 12) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expiredErr = await failure((await callerWithKey(expired)).auth.me());
    expect(expiredErr).toMatchObject({ code: "UNAUTHORIZED", reason: "api_key_expired" });
    expect(expiredErr.message).toMatch(/expired on .* Create a new key/);
    expect((await caller.apiKeys.list()).find((k) => k.prefix === expired.slice(0, 12))?.status).toBe("expired");

    expect(await failure((await callerWithKey("atr_short")).auth.me())).toMatchObject({ code: "UNAUTHORIZED", reason: "api_key_malformed" });
    expect(await failure((await callerWith({ authorization: "Basic dXNlcjpwYXNz" })).auth.me())).toMatchObject({ reason: "api_key_malformed" });
    expect(await failure((await callerWithKey(`atr_${"A".repeat(40)}`)).auth.me())).toMatchObject({ code: "UNAUTHORIZED", reason: "api_key_invalid" });
    // A bad key is never silently anonymous, not even for public procedures.
    expect(await failure((await callerWithKey(revoked)).auth.session())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("stop working when their user is disabled", async () => {
    const user = await makeUser();
    const key = await makeKey(user);
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await failure((await callerWithKey(key)).auth.me())).toMatchObject({ code: "UNAUTHORIZED", reason: "user_disabled" });
  });

  it("with the admin scope are for admins only; a key cannot mint a wider key", async () => {
    const user = await makeUser();
    const admin = await makeUser({ admin: true });
    const userErr = await failure((await callerAs(user)).apiKeys.create({ name: "x", scopes: ["admin"] }));
    expect(userErr).toMatchObject({ code: "FORBIDDEN", reason: "admin_scope_requires_admin" });
    const { key } = await (await callerAs(admin)).apiKeys.create({ name: "automation", scopes: ["admin", "read"] });
    const viaKey = await callerWithKey(key);
    await expect(viaKey.apiKeys.create({ name: "narrower", scopes: ["read"] })).resolves.toMatchObject({ apiKey: { scopes: ["read"] } });
    expect(await failure(viaKey.apiKeys.create({ name: "wider", scopes: ["write"] }))).toMatchObject({ code: "FORBIDDEN", reason: "scope_escalation" });
  });

  it("can be revoked only by their owner (or an admin)", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const { apiKey } = await (await callerAs(owner)).apiKeys.create({ name: "mine", scopes: ["read"] });
    expect(await failure((await callerAs(other)).apiKeys.revoke({ id: apiKey.id }))).toMatchObject({ code: "NOT_FOUND" });
    const admin = await makeUser({ admin: true });
    await expect((await callerAs(admin)).apiKeys.revoke({ id: apiKey.id })).resolves.toMatchObject({ status: "revoked" });
  });

  it("validate their input", async () => {
    const caller = await callerAs(await makeUser());
    expect(await failure(caller.apiKeys.create({ name: "", scopes: ["read"] }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(caller.apiKeys.create({ name: "k", scopes: [] }))).toMatchObject({ code: "BAD_REQUEST" });
    // @ts-expect-error -- an unknown scope is exactly what this test sends
    expect(await failure(caller.apiKeys.create({ name: "k", scopes: ["root"] }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("admin procedures", () => {
  it("refuse non-admins (audited) and keys without the admin scope", async () => {
    const user = await makeUser();
    expect(await failure((await callerAs(user)).admin.users())).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    expect(await lastAudit({ actorUserId: user.id, reason: "admin_required" })).toMatchObject({ action: "admin.users", outcome: "DENIED" });
    const admin = await makeUser({ admin: true });
    await expect((await callerAs(admin)).admin.users()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: admin.id })]));
    const readKey = await makeKey(admin, { scopes: ["read"] });
    expect(await failure((await callerWithKey(readKey)).admin.users())).toMatchObject({ code: "FORBIDDEN", reason: "missing_scope" });
  });
});
