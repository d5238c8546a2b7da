// Live revocation: a connection must act as the identity that holds NOW. For each way access is
// taken away (revoke a key, let it expire, disable the account, demote an admin, remove a member,
// lower an editor to viewer) the person holds, over a real socket.io connection against real
// PostgreSQL and Docker: a joined workspace room, a terminal they typed in, a streaming exec, a
// followed (queued) task and a running sandbox session. Within a few seconds of the change what
// they may no longer do must have ended, and new attempts must be refused. Also: a change made
// without any notification (the per-event re-check), a change announced only through PostgreSQL
// NOTIFY (another process), and sign-out ending the session cookie on every door.
import { io as connectIo } from "socket.io-client";
import pg from "pg";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { IDENTITY_CHANNEL } from "~/server/auth/identity-events";
import { resolveIdentity } from "~/server/auth/identity";
import { authOptions } from "~/server/auth/next-auth";
import { endSessions } from "~/server/auth/sign-out";
import type { Actor, ActorUser } from "~/server/auth/types";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { createUploadHandler } from "~/server/http/transfer-routes";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import { type Ack, type IdentityRevoked, SOCKET_PATH } from "~/server/realtime/events";
import type { AppErrorBody } from "~/server/errors";
import type { RealtimeServer } from "~/server/realtime/server";
import { RECHECK_MS } from "~/server/realtime/live-identity";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { docker } from "~/server/docker/client";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, callerWith, callerWithKey, failure, lastAudit, makeKey, makeUser, sessionCookie } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
/** "Within seconds": the notification path takes milliseconds; this leaves room for a busy CI host. */
const WITHIN_MS = 5_000;

/** Polls `check` until it stops throwing, or fails with its last error after `ms`. */
async function eventually<T>(check: () => T | Promise<T>, ms = WITHIN_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A socket that records what the server pushed to it. */
class Watcher {
  readonly revoked: IdentityRevoked[] = [];
  readonly exitedTerminals = new Set<string>();
  readonly endedExecs = new Set<string>();
  readonly taskChanges: string[] = [];
  output = "";
  disconnected = false;

  constructor(readonly socket: ClientSocket) {
    socket.on("identity:revoked", (p) => this.revoked.push(p));
    socket.on("terminal:exited", ({ terminalId }) => this.exitedTerminals.add(terminalId));
    socket.on("terminal:output", ({ data }) => (this.output += Buffer.from(data as Uint8Array).toString("latin1")));
    socket.on("exec:exited", ({ execId }) => this.endedExecs.add(execId));
    socket.on("exec:failed", ({ execId }) => this.endedExecs.add(execId));
    socket.on("task:changed", ({ taskId }) => this.taskChanges.push(taskId));
    socket.on("disconnect", () => (this.disconnected = true));
  }

  async ok<T>(result: Promise<Ack<T>>): Promise<T> {
    const r = await result;
    if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
    return r.data;
  }
}

const sockets: ClientSocket[] = [];

function connectWith(url: string, credentials: { cookie?: string; key?: string }): ClientSocket {
  const socket: ClientSocket = credentials.key
    ? connectIo(url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true, auth: { token: credentials.key } })
    : connectSocket(url, credentials.cookie ?? "");
  sockets.push(socket);
  return socket;
}

/** Resolves when connected; rejects with the server's typed refusal. */
function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error: Error & { data?: unknown }) => reject(Object.assign(new Error(error.message), { data: error.data })));
  });
}

async function handshakeRefusal(url: string, credentials: { cookie?: string; key?: string }): Promise<Partial<AppErrorBody> & { message: string }> {
  const socket = connectWith(url, credentials);
  try {
    await connected(socket);
  } catch (error) {
    return (error as { data?: AppErrorBody }).data ?? { message: String(error) };
  } finally {
    socket.close();
  }
  throw new Error("expected the handshake to be refused, but it connected");
}

type Change = "revoke_key" | "expire_key" | "disable_user" | "demote_admin" | "remove_member" | "lower_role";

interface Held {
  team: Team;
  workspaceId: string;
  victim: ActorUser;
  credentials: { cookie?: string; key?: string };
  apiKeyId: string | null;
  victimSocket: Watcher;
  ownerSocket: Watcher;
  /** The session they run commands in (started with the same credential as the socket). */
  sessionId: string;
  /** Key cases: a session the person started signed in (not with the key); it must keep running. */
  cookieSessionId: string | null;
  terminalId: string;
  execId: string;
  taskId: string;
}

describe.skipIf(!hasDocker)("live revocation over real sockets", () => {
  let io: RealtimeServer;
  let url: string;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `revocation-adv-${process.pid}` }));
    ({ io, url } = await startRealtimeServer());
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await io?.close();
    const rows = await db().sandboxSession.findMany({ where: { status: { in: ["STARTING", "RUNNING"] }, containerId: { not: null } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    await removeDataDir();
  });

  /** Gives the victim everything a live connection can hold, and the workspace owner a watching socket. */
  async function arrange(change: Change): Promise<Held> {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    // The demoted admin is no member: being an admin was their only way in.
    const victim = change === "demote_admin" ? team.admin : team.editor;
    const key = change === "revoke_key" || change === "expire_key" ? await makeKey(victim, { scopes: ["read", "write", "exec"] }) : null;
    const actor: Actor = key ? (await resolveIdentity({ authorization: `Bearer ${key}` }))! : { user: victim, apiKey: null };
    const ctx = { actor, ip: null, channel: "UI" as const };
    // No network: nothing here needs one.
    const sessionId = (await createSession(ctx, await resolveWorkspaceAccess(ctx, ws.id, "editor", "exec"), { overrides: { network: false } })).id;
    let cookieSessionId: string | null = null;
    if (key) {
      const cookieCtx = { actor: { user: victim, apiKey: null }, ip: null, channel: "UI" as const };
      cookieSessionId = (await createSession(cookieCtx, await resolveWorkspaceAccess(cookieCtx, ws.id, "editor", "exec"), { overrides: { network: false } })).id;
    }
    const credentials = key ? { key } : { cookie: await sessionCookie(victim.id) };
    const victimSocket = new Watcher(connectWith(url, credentials));
    const ownerSocket = new Watcher(connectWith(url, { cookie: await sessionCookie(team.owner.id) }));
    await Promise.all([connected(victimSocket.socket), connected(ownerSocket.socket)]);

    const v = victimSocket;
    await v.ok(v.socket.emitWithAck("workspace:join", { workspaceId: ws.id }));
    await ownerSocket.ok(ownerSocket.socket.emitWithAck("workspace:join", { workspaceId: ws.id }));
    // Key cases: the terminal is opened through the key in the person's signed-in session, so only
    // closing the key's terminals (not stopping the key's sessions) can end it.
    const { terminalId } = await v.ok(v.socket.emitWithAck("terminal:open", { workspaceId: ws.id, sessionId: cookieSessionId ?? sessionId, cols: 80, rows: 24 }));
    await v.ok(v.socket.emitWithAck("terminal:share", { terminalId, shared: true }));
    await v.ok(v.socket.emitWithAck("terminal:input", { terminalId, data: "echo typed-$((6*7))\r" }) as Promise<Ack<null>>);
    await eventually(() => expect(v.output).toContain("typed-42"));
    await ownerSocket.ok(ownerSocket.socket.emitWithAck("terminal:attach", { terminalId }));
    const { execId } = await v.ok(v.socket.emitWithAck("exec:start", { workspaceId: ws.id, sessionId, command: ["sleep", "600"] }));
    const caller = key ? await callerWithKey(key) : await callerAs(victim);
    const task = await caller.tasks.submit({ workspaceId: ws.id, command: ["sleep", "1"] });
    await v.ok(v.socket.emitWithAck("task:follow", { taskId: task.id }));
    return { team, workspaceId: ws.id, victim, credentials, apiKeyId: actor.apiKey?.id ?? null, victimSocket, ownerSocket, sessionId, cookieSessionId, terminalId, execId, taskId: task.id };
  }

  async function act(change: Change, held: Held): Promise<number> {
    const owner = await callerAs(held.team.owner);
    switch (change) {
      case "revoke_key":
        await (await callerAs(held.victim)).apiKeys.revoke({ id: held.apiKeyId! });
        return Date.now();
      case "expire_key": {
        // Keys expire with no event: the expiry watch must notice by itself.
        const at = new Date(Date.now() + 1_000);
        await db().apiKey.update({ where: { id: held.apiKeyId! }, data: { expiresAt: at } });
        return at.getTime();
      }
      case "disable_user":
        await (await callerAs(held.team.admin)).admin.setUserDisabled({ userId: held.victim.id, disabled: true });
        return Date.now();
      case "demote_admin":
        await (await callerAs(await makeUser({ admin: true }))).admin.setUserRole({ userId: held.victim.id, role: "USER" });
        return Date.now();
      case "remove_member":
        await owner.members.remove({ workspaceId: held.workspaceId, userId: held.victim.id });
        return Date.now();
      case "lower_role":
        await owner.members.setRole({ workspaceId: held.workspaceId, userId: held.victim.id, role: "viewer" });
        return Date.now();
    }
  }

  async function containerGone(sessionId: string): Promise<boolean> {
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: sessionId } });
    if (!row.containerId) return true;
    try {
      await docker().getContainer(row.containerId).inspect();
      return false;
    } catch {
      return true;
    }
  }

  const identityGone: Record<Change, boolean> = {
    revoke_key: true,
    expire_key: true,
    disable_user: true,
    demote_admin: false,
    remove_member: false,
    lower_role: false,
  };
  const refusalAtHandshake: Partial<Record<Change, string>> = { revoke_key: "api_key_revoked", expire_key: "api_key_expired", disable_user: "not_signed_in" };

  it.each<Change>(["revoke_key", "expire_key", "disable_user", "demote_admin", "remove_member", "lower_role"])(
    "%s: the socket, terminal, exec, room, followed task and running session end within seconds; new attempts are refused",
    async (change) => {
      const held = await arrange(change);
      const v = held.victimSocket;
      const at = await act(change, held);
      const deadline = Math.max(at, Date.now()) + WITHIN_MS - Date.now();

      // Told why, on the socket itself.
      await eventually(() => expect(v.revoked.map((r) => r.reason)).toContain(change === "revoke_key" ? "api_key_revoked" : change === "expire_key" ? "api_key_expired" : change === "disable_user" ? "user_disabled" : change === "demote_admin" ? "admin_demoted" : change === "remove_member" ? "member_removed" : "role_lowered"), deadline);
      if (identityGone[change]) {
        await eventually(() => expect(v.disconnected).toBe(true), deadline);
      } else {
        expect(v.revoked.find((r) => r.workspaceId === held.workspaceId)).toMatchObject({ disconnected: false });
      }

      // The running session (started with the lost credential) is stopped and its container removed.
      await eventually(async () => {
        expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: held.sessionId } })).toMatchObject({ status: "STOPPED" });
        expect(await containerGone(held.sessionId)).toBe(true);
      }, deadline);
      // The queued task will not run as someone who may no longer run it.
      await eventually(async () => expect(await db().task.findUniqueOrThrow({ where: { id: held.taskId } })).toMatchObject({ status: "CANCELLED" }), deadline);
      // The terminal is closed: the owner watching it sees it exit.
      await eventually(() => expect(held.ownerSocket.exitedTerminals).toContain(held.terminalId), deadline);
      if (held.cookieSessionId) {
        // What the person started signed in is theirs still; only the key's doing ends.
        expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: held.cookieSessionId } })).toMatchObject({ status: "RUNNING" });
      }

      if (identityGone[change]) {
        // The same credentials cannot come back.
        expect(await handshakeRefusal(url, held.credentials)).toMatchObject({ code: "UNAUTHORIZED", reason: refusalAtHandshake[change] });
        expect(await lastAudit({ actorUserId: held.victim.id, action: "socket.identity" })).toMatchObject({ outcome: "DENIED" });
        return;
      }

      // Same socket, still connected: every door re-checks the current role.
      await eventually(() => expect(v.endedExecs).toContain(held.execId), deadline);
      const exec = await v.socket.emitWithAck("exec:start", { workspaceId: held.workspaceId, command: ["touch", "/workspace/pwned"] });
      expect(exec).toMatchObject({ ok: false });
      const open = await v.socket.emitWithAck("terminal:open", { workspaceId: held.workspaceId, sessionId: held.sessionId, cols: 80, rows: 24 });
      expect(open).toMatchObject({ ok: false });
      const input = (await v.socket.emitWithAck("terminal:input", { terminalId: held.terminalId, data: "touch /workspace/pwned\r" })) as Ack<null>;
      expect(input).toMatchObject({ ok: false });
      const join = await v.socket.emitWithAck("workspace:join", { workspaceId: held.workspaceId });
      const follow = await v.socket.emitWithAck("task:follow", { taskId: held.taskId });
      if (change === "lower_role") {
        // A viewer still views: the room and task output stay theirs.
        expect(exec).toMatchObject({ error: { code: "FORBIDDEN", reason: "role_required" } });
        expect(join).toMatchObject({ ok: true });
        expect(follow).toMatchObject({ ok: true });
      } else {
        expect(exec).toMatchObject({ error: { code: "NOT_FOUND" } });
        expect(join).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
        expect(follow).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
        // Dropped from the room: the workspace's broadcasts reach the owner, not them.
        const marker = `after-${change}`;
        publish(workspaceRoom(held.workspaceId), "task:changed", { workspaceId: held.workspaceId, taskId: marker, status: "QUEUED" });
        await eventually(() => expect(held.ownerSocket.taskChanges).toContain(marker));
        await new Promise((r) => setTimeout(r, 200));
        expect(v.taskChanges).not.toContain(marker);
      }
      expect(v.disconnected).toBe(false);
    },
  );

  it("a change nobody announced (no notification) still ends access on the next event after at most a couple of seconds", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const key = await makeKey(team.editor, { scopes: ["read", "write", "exec"] });
    const v = new Watcher(connectWith(url, { key }));
    await connected(v.socket);
    await v.ok(v.socket.emitWithAck("workspace:join", { workspaceId: ws.id }));
    // Revoked behind the services' back: no NOTIFY, no local event; only the per-event re-check is left.
    await db().apiKey.updateMany({ where: { userId: team.editor.id }, data: { revokedAt: new Date() } });
    const revokedAt = Date.now();
    const refused = await eventually(async () => {
      // A refused event must still be answered (not left hanging), so a short ack timeout.
      const r = (await v.socket.timeout(1_000).emitWithAck("workspace:join", { workspaceId: ws.id })) as Ack<unknown>;
      expect(r).toMatchObject({ ok: false, error: { code: "UNAUTHORIZED" } });
      return r;
    }, 3_000);
    expect(refused).toMatchObject({ ok: false });
    // The per-socket cache is trusted for RECHECK_MS (2 s); a little slack for a busy host.
    expect(Date.now() - revokedAt).toBeLessThan(RECHECK_MS + 1_500);
    await eventually(() => expect(v.disconnected).toBe(true), 1_000);
    expect(v.revoked).toMatchObject([{ reason: "api_key_revoked", disconnected: true }]);
  });

  it("a change announced by another process (PostgreSQL NOTIFY only) reaches this process's sockets within seconds", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const v = new Watcher(connectWith(url, { cookie: await sessionCookie(team.editor.id) }));
    await connected(v.socket);
    await v.ok(v.socket.emitWithAck("workspace:join", { workspaceId: ws.id }));
    // Another Atrium process removed the member: its database change and its NOTIFY are all we see.
    await db().membership.deleteMany({ where: { workspaceId: ws.id, userId: team.editor.id } });
    const client = new pg.Client({ connectionString: (await import("~/server/runtime")).runtime().databaseUrl });
    await client.connect();
    try {
      const change = { id: `other-process-${Date.now()}`, reason: "member_removed", userId: team.editor.id, workspaceId: ws.id, apiKeyId: null };
      await client.query("SELECT pg_notify($1, $2)", [IDENTITY_CHANNEL, JSON.stringify(change)]);
    } finally {
      await client.end();
    }
    await eventually(() => expect(v.revoked).toMatchObject([{ reason: "member_removed", workspaceId: ws.id, disconnected: false }]), 3_000);
    publish(workspaceRoom(ws.id), "task:changed", { workspaceId: ws.id, taskId: "after-notify", status: "QUEUED" });
    await new Promise((r) => setTimeout(r, 200));
    expect(v.taskChanges).not.toContain("after-notify");
  });

  it("sign-out ends the session: the cookie captured before is refused on tRPC, the upload route and the socket handshake, and its open socket closes", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const cookie = await sessionCookie(team.editor.id);
    const v = new Watcher(connectWith(url, { cookie }));
    await connected(v.socket);
    await expect((await callerWith({ cookie })).workspaces.list({})).resolves.toBeTruthy();

    // What next-auth runs on POST /api/auth/signout, with the cookie's decoded token.
    const token = await decode({ token: cookie.slice(cookie.indexOf("=") + 1), secret: (await import("~/server/runtime")).runtime().authSecret });
    await authOptions().events!.signOut!({ token: token!, session: null as never });

    expect(await failure((await callerWith({ cookie })).workspaces.list({}))).toMatchObject({ code: "UNAUTHORIZED" });
    const body = new FormData();
    body.append("files", new Blob(["x"]), "x.txt");
    const upload = await createUploadHandler()(new Request(`http://atrium.test/api/workspaces/${ws.id}/files/upload`, { method: "POST", body, headers: { cookie } }), { params: Promise.resolve({ workspaceId: ws.id }) });
    expect(upload.status).toBe(401);
    expect(await handshakeRefusal(url, { cookie })).toMatchObject({ code: "UNAUTHORIZED", reason: "not_signed_in" });
    await eventually(() => expect(v.revoked).toMatchObject([{ reason: "signed_out", disconnected: true }]));
    await eventually(() => expect(v.disconnected).toBe(true));

    // The ended cookie cannot sign the person out of the session they open next.
    expect(await endSessions(team.editor.id, 0)).toBe(false);
    const fresh = await sessionCookie(team.editor.id);
    await expect((await callerWith({ cookie: fresh })).workspaces.list({})).resolves.toBeTruthy();
  });
});
