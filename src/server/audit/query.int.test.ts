// Querying the audit log: filters, stable cursor pages, CSV export with its cap, denials per day,
// and the admin-only router. Every test works in its own workspace so rows from other tests
// (the whole integration run shares one database) never leak into the assertions.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuditChannel, AuditOutcome } from "~/generated/prisma/enums";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { callerAs, failure, makeKey, makeUser, callerWithKey } from "~/test/actors";
import { CSV_HEADER, decodeCursor, denialsPerDay, encodeCursor, exportAuditCsv, listAuditEvents } from "./query";

async function workspaceFor(owner: ActorUser, name = "Audit probe") {
  return db().workspace.create({
    data: { slug: `audit-${randomBytes(5).toString("hex")}`, name, ownerId: owner.id, rootPath: "/nonexistent", quotaBytes: 1024n },
  });
}

interface Seed {
  at: Date;
  action?: string;
  reason?: string | null;
  outcome?: AuditOutcome;
  channel?: AuditChannel;
  actorUserId?: string | null;
  apiKeyId?: string | null;
  target?: string;
}

async function seed(workspaceId: string, rows: Seed[]) {
  await db().auditEvent.createMany({
    data: rows.map((r) => ({
      at: r.at,
      workspaceId,
      action: r.action ?? "files.read",
      reason: r.reason === undefined ? "blocked_path" : r.reason,
      outcome: r.outcome ?? "DENIED",
      channel: r.channel ?? "UI",
      actorUserId: r.actorUserId ?? null,
      apiKeyId: r.apiKeyId ?? null,
      target: r.target ?? "secrets/x",
      permission: "read",
      ip: "192.0.2.10",
    })),
  });
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe("listAuditEvents", () => {
  it("filters by actor (id or email), key, reason, channel, outcome, action prefix and time range, with joined names", async () => {
    const alice = await makeUser();
    const bob = await makeUser();
    const ws = await workspaceFor(alice, "Quarterly report");
    const aliceKey = await makeKey(alice, { scopes: ["read"] });
    const keyRow = await db().apiKey.findFirstOrThrow({ where: { userId: alice.id } });
    expect(aliceKey.startsWith(keyRow.prefix)).toBe(true);
    await seed(ws.id, [
      { at: minutesAgo(50), actorUserId: alice.id, action: "files.read", reason: "critical_file" },
      { at: minutesAgo(40), actorUserId: alice.id, apiKeyId: keyRow.id, channel: "API", action: "files.write", reason: "read_only" },
      { at: minutesAgo(30), actorUserId: bob.id, action: "files.write", reason: "permission_denied", channel: "MCP" },
      { at: minutesAgo(20), actorUserId: bob.id, action: "workspaces.archive", outcome: "ALLOWED", reason: null },
      { at: minutesAgo(10), actorUserId: null, action: "filesystem.other", reason: "outside_workspace", channel: "TASK" },
    ]);
    const ids = async (filter: Parameters<typeof listAuditEvents>[0]) => (await listAuditEvents({ workspaceId: ws.id, ...filter })).items.map((r) => `${r.action}:${r.reason}`);

    expect(await ids({})).toEqual(["filesystem.other:outside_workspace", "workspaces.archive:null", "files.write:permission_denied", "files.write:read_only", "files.read:critical_file"]);
    expect(await ids({ actor: alice.id })).toEqual(["files.write:read_only", "files.read:critical_file"]);
    expect(await ids({ actor: bob.email.toUpperCase() })).toEqual(["workspaces.archive:null", "files.write:permission_denied"]);
    expect(await ids({ apiKeyId: keyRow.id })).toEqual(["files.write:read_only"]);
    expect(await ids({ reason: "critical_file" })).toEqual(["files.read:critical_file"]);
    expect(await ids({ channel: "MCP" })).toEqual(["files.write:permission_denied"]);
    expect(await ids({ outcome: "ALLOWED" })).toEqual(["workspaces.archive:null"]);
    expect(await ids({ actionPrefix: "files." })).toEqual(["files.write:permission_denied", "files.write:read_only", "files.read:critical_file"]);
    expect(await ids({ from: minutesAgo(45), to: minutesAgo(25) })).toEqual(["files.write:permission_denied", "files.write:read_only"]);
    expect(await ids({ from: minutesAgo(45).toISOString() })).toHaveLength(4);

    const [row] = (await listAuditEvents({ workspaceId: ws.id, apiKeyId: keyRow.id })).items;
    expect(row).toMatchObject({ actorEmail: alice.email, workspaceName: "Quarterly report", workspaceId: ws.id, apiKeyPrefix: keyRow.prefix, apiKeyName: "test key", channel: "API", ip: "192.0.2.10" });
  });

  it("names id targets (a member's email, a workspace's name, an API key, a snapshot, a task) and leaves paths, emails and unknown ids as they are", async () => {
    const owner = await makeUser();
    const member = await makeUser();
    const ws = await workspaceFor(owner, "Quarterly report");
    await makeKey(owner, { scopes: ["read"] });
    const key = await db().apiKey.findFirstOrThrow({ where: { userId: owner.id } });
    const snap = await db().snapshot.create({
      data: { workspaceId: ws.id, createdById: owner.id, label: "before the refactor", kind: "MANUAL", path: "/nonexistent.tar.gz", sizeBytes: 1n, sha256: "0".repeat(64), fileCount: 1 },
    });
    const task = await db().task.create({ data: { workspaceId: ws.id, userId: owner.id, command: ["npm", "test"], timeoutMs: 60_000 } });
    const gone = "cgone00000000000000000000";
    await seed(ws.id, [
      { at: minutesAgo(7), action: "members.setRole", target: member.id },
      { at: minutesAgo(6), action: "workspaces.export", target: ws.id },
      { at: minutesAgo(5), action: "apiKeys.revoke", target: key.id },
      { at: minutesAgo(4), action: "snapshots.restore", target: snap.id },
      { at: minutesAgo(3), action: "tasks.cancel", target: task.id },
      { at: minutesAgo(2), action: "files.read", target: "src/secret.env" },
      { at: minutesAgo(1), action: "members.remove", target: gone },
    ]);
    const rows = (await listAuditEvents({ workspaceId: ws.id })).items;
    expect(rows.map((r) => [r.action, r.target, r.targetName])).toEqual([
      ["members.remove", gone, null],
      ["files.read", "src/secret.env", null],
      ["tasks.cancel", task.id, "task “npm test”"],
      ["snapshots.restore", snap.id, "snapshot “before the refactor” of Quarterly report"],
      ["apiKeys.revoke", key.id, `key “test key” (${key.prefix}…)`],
      ["workspaces.export", ws.id, "Quarterly report"],
      ["members.setRole", member.id, member.email],
    ]);
  });

  it("finds failed sign-ins for an email that has no user id", async () => {
    const email = `ghost-${randomBytes(4).toString("hex")}@example.test`;
    await db().auditEvent.create({ data: { action: "auth.signIn", outcome: "DENIED", reason: "bad_credentials", target: email, channel: "UI" } });
    const { items } = await listAuditEvents({ actor: email });
    expect(items.map((r) => r.target)).toEqual([email]);
  });

  it("pages with a stable cursor: ties on `at` broken by id, no row skipped or repeated, new rows do not shift pages", async () => {
    const owner = await makeUser();
    const ws = await workspaceFor(owner);
    const sameInstant = minutesAgo(5);
    await seed(ws.id, [
      ...Array.from({ length: 7 }, (_, i) => ({ at: sameInstant, target: `tie-${i}` })),
      ...Array.from({ length: 8 }, (_, i) => ({ at: minutesAgo(10 + i), target: `older-${i}` })),
    ]);
    const all = (await listAuditEvents({ workspaceId: ws.id, limit: 200 })).items;
    expect(all).toHaveLength(15);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditEvents({ workspaceId: ws.id, limit: 4, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      if (pages === 0) await seed(ws.id, [{ at: new Date(), target: "arrived-later" }]);
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(all.map((r) => r.id));
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.at > b.at || (a.at.getTime() === b.at.getTime() && a.id > b.id)).toBe(true);
    }
  });

  it("rejects forged cursors and oversized pages with clear errors", async () => {
    await expect(listAuditEvents({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "INVALID_INPUT", reason: "invalid_cursor" });
    await expect(listAuditEvents({ cursor: Buffer.from('["yesterday","x"]').toString("base64url") })).rejects.toMatchObject({ reason: "invalid_cursor" });
    await expect(listAuditEvents({ limit: 201 })).rejects.toThrow();
    const at = new Date("2026-03-04T05:06:07.089Z");
    expect(decodeCursor(encodeCursor({ at, id: "abc" }))).toEqual({ at, id: "abc" });
  });
});

describe("exportAuditCsv", () => {
  it("exports the same filters as CSV, neutralising formulas in hostile targets", async () => {
    const owner = await makeUser();
    const ws = await workspaceFor(owner, "=SUM(1,2)");
    await seed(ws.id, [
      { at: minutesAgo(3), actorUserId: owner.id, target: "=cmd|' /C calc'!A0" },
      { at: minutesAgo(2), actorUserId: owner.id, target: 'quote " and, comma' },
    ]);
    const out = await exportAuditCsv({ workspaceId: ws.id }, { now: new Date("2026-05-06T07:08:09Z") });
    expect(out).toMatchObject({ filename: "atrium-audit-20260506-070809.csv", rowCount: 2, truncated: false, note: null });
    const lines = out.csv.split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.map((h) => `"${h}"`).join(","));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('"quote "" and, comma"');
    expect(lines[2]).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(lines[2]).toContain(`"'=SUM(1,2)"`);
    expect(lines[2]).toContain(`"${owner.email}"`);
  });

  it("stops at the cap and says it truncated", async () => {
    const owner = await makeUser();
    const ws = await workspaceFor(owner);
    await seed(ws.id, Array.from({ length: 12 }, (_, i) => ({ at: minutesAgo(i + 1), target: `row-${i}` })));
    const capped = await exportAuditCsv({ workspaceId: ws.id }, { maxRows: 5 });
    expect(capped).toMatchObject({ rowCount: 5, truncated: true, maxRows: 5 });
    expect(capped.note).toMatch(/newest 5 .*Narrow/u);
    expect(capped.csv).toContain('"row-0"');
    expect(capped.csv).not.toContain('"row-5"');
    expect(await exportAuditCsv({ workspaceId: ws.id }, { maxRows: 12 })).toMatchObject({ rowCount: 12, truncated: false });
  });
});

describe("denialsPerDay", () => {
  it("counts denials per UTC day and reason over the last N days, ignoring allowed events and older days", async () => {
    const owner = await makeUser();
    const ws = await workspaceFor(owner);
    const day = 24 * 60 * 60_000;
    const todayStart = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    const at = (daysAgo: number) => new Date(todayStart.getTime() - daysAgo * day + 60_000);
    await seed(ws.id, [
      { at: at(0), reason: "blocked_path" },
      { at: at(0), reason: "blocked_path" },
      { at: at(0), reason: "critical_file" },
      { at: at(0), reason: null, outcome: "ALLOWED" },
      { at: at(2), reason: "outside_workspace" },
      { at: at(9), reason: "outside_workspace" },
    ]);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    expect(await denialsPerDay({ days: 7, workspaceId: ws.id })).toEqual([
      { day: iso(at(2)), reason: "outside_workspace", count: 1 },
      { day: iso(at(0)), reason: "blocked_path", count: 2 },
      { day: iso(at(0)), reason: "critical_file", count: 1 },
    ]);
    expect(await denialsPerDay({ days: 10, workspaceId: ws.id })).toHaveLength(4);
    expect(await denialsPerDay({ days: 1, workspaceId: ws.id })).toHaveLength(2);
  });
});

describe("audit router", () => {
  it("is for administrators only, and audits refusals", async () => {
    const admin = await makeUser({ admin: true });
    const user = await makeUser();
    const ws = await workspaceFor(admin, "Router probe");
    await seed(ws.id, [{ at: new Date(), actorUserId: user.id }]);

    const asAdmin = await callerAs(admin);
    const listed = await asAdmin.audit.list({ workspaceId: ws.id });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ workspaceName: "Router probe", actorEmail: user.email });
    expect((await asAdmin.audit.export({ workspaceId: ws.id })).rowCount).toBe(1);
    expect(await asAdmin.audit.denialsPerDay({ days: 1, workspaceId: ws.id })).toEqual([{ day: new Date().toISOString().slice(0, 10), reason: "blocked_path", count: 1 }]);
    expect(await failure(asAdmin.audit.list({ limit: 500 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(asAdmin.audit.list({ from: new Date(), to: minutesAgo(5) }))).toMatchObject({ code: "BAD_REQUEST" });

    const asUser = await callerAs(user);
    for (const call of [() => asUser.audit.list({}), () => asUser.audit.export({}), () => asUser.audit.denialsPerDay({})]) {
      expect(await failure(call())).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    }
    const adminKeyWithoutScope = await callerWithKey(await makeKey(admin, { scopes: ["read"] }));
    expect(await failure(adminKeyWithoutScope.audit.list({}))).toMatchObject({ code: "FORBIDDEN", reason: "missing_scope" });
    const refusals = await listAuditEvents({ actor: user.id, reason: "admin_required" });
    expect(refusals.items.map((r) => r.action).sort()).toEqual(["audit.denialsPerDay", "audit.export", "audit.list"]);
  });
});
