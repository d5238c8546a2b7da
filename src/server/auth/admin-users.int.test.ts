// Instance administration through the tRPC procedures: disabling an account cuts off its cookies,
// API keys and sandbox sessions at once; the last active admin is protected; admins see and kill
// every session. "Last admin" needs to know every admin there is, so this file runs against its
// own fresh database (other files create admins in the shared one at the same time).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db, disconnectDb } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { runtime, setRuntime } from "~/server/runtime";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { requireDocker } from "~/server/sandbox/test-docker";
import { removeDataDir } from "~/server/workspaces/test-helpers";
import { callerAs, callerWithKey, failure, lastAudit, makeKey, makeUser } from "~/test/actors";
import { createTestDatabase, type TestDatabase } from "~/test/database";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
/** Sessions here only need to exist; without a network they also start on hosts without a docker0 bridge. */
const NO_NETWORK = "strict";

let database: TestDatabase;
let previous: ReturnType<typeof runtime>;
let admin: ActorUser;

beforeAll(async () => {
  previous = runtime();
  await disconnectDb();
  database = await createTestDatabase();
  setRuntime({ ...previous, databaseUrl: database.url });
  configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, allowedImages: [], dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `admin-test-${process.pid}` }));
  admin = await makeUser({ admin: true });
});

afterAll(async () => {
  const live = await db().sandboxSession.findMany({ where: { status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
  const { stopSessionById } = await import("~/server/sandbox/sessions");
  await Promise.all(live.map((s) => stopSessionById(s.id, "test_cleanup")));
  await disconnectDb();
  setRuntime(previous);
  await database.drop();
  await removeDataDir();
});

async function containerExists(id: string): Promise<boolean> {
  try {
    await docker().getContainer(id).inspect();
    return true;
  } catch {
    return false;
  }
}

describe("admin: last-admin protection", () => {
  it("refuses to disable yourself or to demote the last active admin, and audits both", async () => {
    const caller = await callerAs(admin);
    expect(await failure(caller.admin.setUserDisabled({ userId: admin.id, disabled: true }))).toMatchObject({ code: "FORBIDDEN", reason: "cannot_disable_self" });
    expect(await lastAudit({ actorUserId: admin.id, reason: "cannot_disable_self" })).toMatchObject({ action: "admin.users.disable", outcome: "DENIED", target: admin.id });

    const f = await failure(caller.admin.setUserRole({ userId: admin.id, role: "USER" }));
    expect(f).toMatchObject({ code: "CONFLICT", reason: "last_admin" });
    expect(f.message).toMatch(/Make someone else an admin first/);
    expect(await lastAudit({ actorUserId: admin.id, reason: "last_admin" })).toMatchObject({ action: "admin.users.setRole", outcome: "DENIED" });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });

  it("a disabled admin does not count: the only active admin stays protected", async () => {
    const second = await makeUser();
    const caller = await callerAs(admin);
    expect(await caller.admin.setUserRole({ userId: second.id, role: "ADMIN" })).toMatchObject({ role: "ADMIN" });
    expect(await lastAudit({ actorUserId: admin.id, action: "admin.users.setRole" })).toMatchObject({ outcome: "ALLOWED", target: second.email });
    await caller.admin.setUserDisabled({ userId: second.id, disabled: true });
    expect(await failure(caller.admin.setUserRole({ userId: admin.id, role: "USER" }))).toMatchObject({ reason: "last_admin" });
    // Enabled again, the second admin lets the first step down, and is then the last one.
    await caller.admin.setUserDisabled({ userId: second.id, disabled: false });
    expect(await caller.admin.setUserRole({ userId: admin.id, role: "USER" })).toMatchObject({ role: "USER" });
    const secondCaller = await callerAs(second);
    expect(await failure(secondCaller.admin.setUserDisabled({ userId: second.id, disabled: true }))).toMatchObject({ reason: "cannot_disable_self" });
    expect(await failure(secondCaller.admin.setUserRole({ userId: second.id, role: "USER" }))).toMatchObject({ reason: "last_admin" });
    // The demoted admin has lost the admin procedures at once.
    expect(await failure((await callerAs(admin)).admin.users())).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    await secondCaller.admin.setUserRole({ userId: admin.id, role: "ADMIN" });
    await (await callerAs(admin)).admin.setUserRole({ userId: second.id, role: "USER" });
  });

  it("two admins demoting each other at the same moment leave one admin, never zero", async () => {
    const a = await makeUser({ admin: true });
    const b = await makeUser({ admin: true });
    // Only a and b are left as admins for this race: the first admin steps down meanwhile.
    await (await callerAs(a)).admin.setUserRole({ userId: admin.id, role: "USER" });
    try {
      const [ca, cb] = await Promise.all([callerAs(a), callerAs(b)]);
      const results = await Promise.allSettled([ca.admin.setUserRole({ userId: b.id, role: "USER" }), cb.admin.setUserRole({ userId: a.id, role: "USER" })]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await db().user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    } finally {
      const remaining = await db().user.findFirstOrThrow({ where: { role: "ADMIN", disabledAt: null } });
      await (await callerAs({ ...remaining, role: "ADMIN" })).admin.setUserRole({ userId: admin.id, role: "ADMIN" });
    }
  });

  it("refuses unknown accounts with NOT_FOUND, audited", async () => {
    const caller = await callerAs(admin);
    expect(await failure(caller.admin.setUserDisabled({ userId: "no-such-user", disabled: true }))).toMatchObject({ code: "NOT_FOUND", reason: "user_not_found" });
    expect(await lastAudit({ actorUserId: admin.id, reason: "user_not_found" })).toMatchObject({ action: "admin.users.disable", target: "no-such-user" });
  });
});

describe.skipIf(!hasDocker)("admin: disabling accounts and killing sessions", () => {
  it("disabling a user stops their cookie, their API keys and their running sessions; enabling brings keys back", async () => {
    const user = await makeUser();
    const key = await makeKey(user, { scopes: ["read", "write", "exec"] });
    const userCaller = await callerAs(user);
    const ws = await userCaller.workspaces.create({ name: `Disable me ${Date.now()}`, template: "empty" });
    const session = await userCaller.sandbox.sessions.create({ workspaceId: ws.id, preset: NO_NETWORK });
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(await containerExists(row.containerId!)).toBe(true);

    const caller = await callerAs(admin);
    expect((await caller.admin.users()).find((u) => u.id === user.id)).toMatchObject({ runningSessionCount: 1, activeApiKeyCount: 1, workspaceCount: 1, disabledAt: null });
    const disabled = await caller.admin.setUserDisabled({ userId: user.id, disabled: true });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(disabled.runningSessionCount).toBe(0);

    expect(await failure((await callerWithKey(key)).files.list({ workspaceId: ws.id, path: "" }))).toMatchObject({ code: "UNAUTHORIZED", reason: "user_disabled" });
    // The same session cookie, on the next request (a caller is one request's context).
    expect(await failure((await callerAs(user)).workspaces.list({}))).toMatchObject({ code: "UNAUTHORIZED", reason: "not_signed_in" });
    expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "STOPPED", stopReason: "user_disabled" });
    expect(await containerExists(row.containerId!)).toBe(false);
    expect(await lastAudit({ actorUserId: admin.id, action: "admin.users.disable" })).toMatchObject({ outcome: "ALLOWED", target: user.email, details: { userId: user.id, sessionsStopped: 1 } });

    await caller.admin.setUserDisabled({ userId: user.id, disabled: false });
    expect(await (await callerWithKey(key)).files.list({ workspaceId: ws.id, path: "" })).toMatchObject({ path: "" });
    expect(await lastAudit({ actorUserId: admin.id, action: "admin.users.enable" })).toMatchObject({ outcome: "ALLOWED", target: user.email });
  });

  it("lists every running session with its user and workspace, and kills one (container and row gone, audited)", async () => {
    const [u1, u2] = await Promise.all([makeUser(), makeUser()]);
    const [c1, c2] = await Promise.all([callerAs(u1), callerAs(u2)]);
    const w1 = await c1.workspaces.create({ name: `Sessions one ${Date.now()}`, template: "empty" });
    const w2 = await c2.workspaces.create({ name: `Sessions two ${Date.now()}`, template: "empty" });
    const s1 = await c1.sandbox.sessions.create({ workspaceId: w1.id, preset: NO_NETWORK });
    const s2 = await c2.sandbox.sessions.create({ workspaceId: w2.id, preset: "strict" });

    const caller = await callerAs(admin);
    const listed = await caller.admin.sessions({});
    expect(listed.find((s) => s.id === s1.id)).toMatchObject({ status: "RUNNING", user: { id: u1.id, email: u1.email }, workspace: { id: w1.id, name: w1.name } });
    expect(listed.find((s) => s.id === s2.id)).toMatchObject({ preset: "strict", user: { email: u2.email }, workspace: { name: w2.name } });
    const all = await caller.workspaces.list({ scope: "all" });
    expect(all.items.find((w) => w.id === w1.id)).toMatchObject({ runningSessionCount: 1, owner: { id: u1.id, email: u1.email } });

    const container = (await db().sandboxSession.findUniqueOrThrow({ where: { id: s1.id } })).containerId!;
    expect(await caller.admin.killSession({ sessionId: s1.id })).toEqual({ id: s1.id });
    expect(await db().sandboxSession.findUnique({ where: { id: s1.id } })).toBeNull();
    expect(await containerExists(container)).toBe(false);
    expect(await lastAudit({ actorUserId: admin.id, action: "admin.sessions.kill" })).toMatchObject({ outcome: "ALLOWED", workspaceId: w1.id, target: s1.id });
    expect((await caller.admin.sessions({})).map((s) => s.id)).not.toContain(s1.id);
    expect((await caller.workspaces.list({ scope: "all" })).items.find((w) => w.id === w1.id)).toMatchObject({ runningSessionCount: 0 });

    expect(await failure(caller.admin.killSession({ sessionId: s1.id }))).toMatchObject({ code: "NOT_FOUND", reason: "session_not_found" });
    expect(await lastAudit({ actorUserId: admin.id, reason: "session_not_found" })).toMatchObject({ action: "admin.sessions.kill", outcome: "DENIED" });
    // A plain user can neither list nor kill, and the refusal is audited.
    expect(await failure(c2.admin.killSession({ sessionId: s2.id }))).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    expect(await lastAudit({ actorUserId: u2.id, reason: "admin_required" })).toMatchObject({ action: "admin.killSession" });
  });
});
