// Terminals over socket.io with real clients on a random port, real Postgres and real Docker
// (the busybox test image: `sh`, no bash): typing, resize, re-attach with scrollback, read-only
// watchers, strangers, and a flood that must neither grow memory without bound nor block others.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, lastAudit, sessionCookie } from "~/test/actors";
import { type Ack, type Binary, type ClientToServerEvents, type ServerToClientEvents } from "./events";
import type { RealtimeServer } from "./server";
import { connectSocket, startRealtimeServer } from "~/test/realtime-server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const MB = 1024 * 1024;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function bytesOf(data: Binary): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data instanceof ArrayBuffer ? data : data.buffer);
}

/** One person's socket, keeping each terminal's output (the last 64 KiB, enough for the markers) and byte count. */
class Client {
  readonly socket: ClientSocket;
  private readonly out = new Map<string, { text: string; bytes: number; exited: number | null }>();
  private readonly waiters = new Set<() => void>();

  constructor(url: string, cookie: string) {
    this.socket = connectSocket(url, cookie);
    this.socket.on("terminal:output", ({ terminalId, data }) => {
      const o = this.entry(terminalId);
      const chunk = bytesOf(data);
      o.bytes += chunk.length;
      o.text = (o.text + chunk.toString("latin1")).slice(-64 * 1024);
      this.wake();
    });
    this.socket.on("terminal:exited", ({ terminalId, exitCode }) => {
      this.entry(terminalId).exited = exitCode;
      this.wake();
    });
  }

  private entry(id: string) {
    let o = this.out.get(id);
    if (!o) this.out.set(id, (o = { text: "", bytes: 0, exited: null }));
    return o;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  text(id: string): string {
    return this.entry(id).text;
  }

  bytes(id: string): number {
    return this.entry(id).bytes;
  }

  /** Resolves once `test` holds for the terminal's output (the test timeout is the only clock). */
  until(id: string, test: (o: { text: string; bytes: number; exited: number | null }) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!test(this.entry(id))) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  sees(id: string, needle: string): Promise<void> {
    return this.until(id, (o) => o.text.includes(needle));
  }

  async ok<T>(result: Promise<Ack<T>>): Promise<T> {
    const r = await result;
    if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
    return r.data;
  }

  async open(workspaceId: string, sessionId: string, size = { cols: 80, rows: 24 }): Promise<string> {
    const { terminalId, scrollback } = await this.ok(this.socket.emitWithAck("terminal:open", { workspaceId, sessionId, ...size }));
    expect(scrollback).toBe("");
    return terminalId;
  }

  type(terminalId: string, data: string): Promise<Ack<null>> {
    return this.socket.emitWithAck("terminal:input", { terminalId, data });
  }

  close(): void {
    this.socket.close();
  }
}

describe.skipIf(!hasDocker)("terminals over socket.io", () => {
  let io: RealtimeServer;
  let url: string;
  let team: Team;
  let ws: { id: string; rootPath: string };
  let sessionId: string;
  const clients: Client[] = [];

  async function client(user: ActorUser): Promise<Client> {
    const c = new Client(url, await sessionCookie(user.id));
    clients.push(c);
    await c.connected();
    return c;
  }

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 * MB, homeSizeBytes: 1 * MB, instanceId: `terminal-test-${process.pid}` }));
    ({ io, url } = await startRealtimeServer());
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    const ctx = { actor: { user: team.editor, apiKey: null }, ip: null, channel: "UI" as const };
    // Terminals need no network, and some CI Docker hosts have no working bridge.
    sessionId = (await createSession(ctx, await resolveWorkspaceAccess(ctx, ws.id, "editor", "exec"), { overrides: { network: false } })).id;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await io?.close();
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws?.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    await removeDataDir();
  });

  it("runs a shell: typed commands echo back, resize reaches the TTY", async () => {
    const editor = await client(team.editor);
    const id = await editor.open(ws.id, sessionId);
    expect(await editor.type(id, "echo hello-$((6*7))\r")).toEqual({ ok: true, data: null });
    await editor.sees(id, "hello-42");

    expect(await editor.socket.emitWithAck("terminal:resize", { terminalId: id, cols: 123, rows: 45 })).toEqual({ ok: true, data: null });
    await editor.type(id, "stty size\r");
    await editor.sees(id, "45 123");

    const bad = await editor.socket.emitWithAck("terminal:resize", { terminalId: id, cols: 0, rows: 5000 });
    expect(bad).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    const big = await editor.type(id, "x".repeat(64 * 1024 + 1));
    expect(big).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
  });

  it("shares files with the files API both ways: the terminal sees saves, the API sees what the terminal wrote", async () => {
    const api = await callerAs(team.editor);
    await api.files.write({ workspaceId: ws.id, path: "from-api.txt", content: "saved in the editor\n" });
    const editor = await client(team.editor);
    const id = await editor.open(ws.id, sessionId);
    await editor.type(id, "cat from-api.txt; echo changed-in-terminal >> from-api.txt; echo made-in-$((5*8)) > from-terminal.txt; echo done-$((3*3))\r");
    await editor.sees(id, "saved in the editor");
    await editor.sees(id, "done-9");
    await expect(api.files.read({ workspaceId: ws.id, path: "from-terminal.txt" })).resolves.toMatchObject({ content: "made-in-40\n" });
    await expect(api.files.read({ workspaceId: ws.id, path: "from-api.txt" })).resolves.toMatchObject({ content: "saved in the editor\nchanged-in-terminal\n" });
  });

  it("keeps the terminal across a reconnect: attach replays scrollback, then input works", async () => {
    const first = await client(team.editor);
    const id = await first.open(ws.id, sessionId);
    await first.type(id, "echo before-$((1+2))\r");
    await first.sees(id, "before-3");
    first.close();

    const again = await client(team.editor);
    const attached = await again.ok(again.socket.emitWithAck("terminal:attach", { terminalId: id }));
    expect(attached).toMatchObject({ terminalId: id, readOnly: false, shared: false });
    expect(Buffer.from(attached.scrollback, "base64").toString()).toContain("before-3");
    await again.type(id, "echo after-$((2+2))\r");
    await again.sees(id, "after-4");
  });

  it("lets members watch a shared terminal read-only; typing is refused and audited", async () => {
    const editor = await client(team.editor);
    const viewer = await client(team.viewer);
    const id = await editor.open(ws.id, sessionId);

    // Not shared yet: it does not exist as far as the viewer can tell.
    expect(await viewer.socket.emitWithAck("terminal:attach", { terminalId: id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "terminal_not_found" } });

    expect(await editor.ok(editor.socket.emitWithAck("terminal:share", { terminalId: id, shared: true }))).toEqual({ terminalId: id, shared: true });
    const watching = await viewer.ok(viewer.socket.emitWithAck("terminal:attach", { terminalId: id }));
    expect(watching).toMatchObject({ readOnly: true, shared: true });

    await editor.type(id, "echo watched-$((3*3))\r");
    await viewer.sees(id, "watched-9");

    expect(await viewer.type(id, "echo nope\r")).toMatchObject({ ok: false, error: { code: "FORBIDDEN", reason: "read_only_terminal" } });
    expect(await viewer.socket.emitWithAck("terminal:resize", { terminalId: id, cols: 10, rows: 10 })).toMatchObject({ ok: false, error: { reason: "read_only_terminal" } });
    expect(await viewer.socket.emitWithAck("terminal:close", { terminalId: id })).toMatchObject({ ok: false, error: { reason: "read_only_terminal" } });
    expect(await lastAudit({ actorUserId: team.viewer.id, reason: "read_only_terminal", action: "terminal.input" })).toMatchObject({ channel: "TERMINAL", action: "terminal.input", target: id, workspaceId: ws.id });

    // Viewers cannot open terminals of their own.
    expect(await viewer.socket.emitWithAck("terminal:open", { workspaceId: ws.id, sessionId, cols: 80, rows: 24 })).toMatchObject({ ok: false, error: { code: "FORBIDDEN", reason: "role_required" } });

    // Unsharing detaches the watcher and hides the terminal again.
    await editor.ok(editor.socket.emitWithAck("terminal:share", { terminalId: id, shared: false }));
    expect(await viewer.socket.emitWithAck("terminal:attach", { terminalId: id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("lists the terminals each member may attach to, and tells the workspace's room when that changes", async () => {
    const editor = await client(team.editor);
    const viewer = await client(team.viewer);
    await viewer.ok(viewer.socket.emitWithAck("workspace:join", { workspaceId: ws.id }));
    const changed = () => new Promise<void>((resolve) => viewer.socket.once("terminal:changed", () => resolve()));
    const listFor = async (c: Client) => await c.ok(c.socket.emitWithAck("terminal:list", { workspaceId: ws.id }));

    let next = changed();
    const id = await editor.open(ws.id, sessionId);
    await next;
    expect((await listFor(editor)).find((t) => t.terminalId === id)).toMatchObject({ sessionId, ownerUserId: team.editor.id, mine: true, shared: false });
    expect((await listFor(viewer)).map((t) => t.terminalId)).not.toContain(id);

    next = changed();
    await editor.ok(editor.socket.emitWithAck("terminal:share", { terminalId: id, shared: true }));
    await next;
    expect((await listFor(viewer)).find((t) => t.terminalId === id)).toMatchObject({ mine: false, shared: true, ownerUserId: team.editor.id });

    next = changed();
    await editor.ok(editor.socket.emitWithAck("terminal:close", { terminalId: id }));
    await next;
    expect((await listFor(viewer)).map((t) => t.terminalId)).not.toContain(id);

    const stranger = await client(team.stranger);
    expect(await stranger.socket.emitWithAck("terminal:list", { workspaceId: ws.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("refuses strangers and other people's sessions with NOT_FOUND", async () => {
    const editor = await client(team.editor);
    const id = await editor.open(ws.id, sessionId);
    await editor.ok(editor.socket.emitWithAck("terminal:share", { terminalId: id, shared: true }));

    const stranger = await client(team.stranger);
    expect(await stranger.socket.emitWithAck("terminal:attach", { terminalId: id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "terminal_not_found" } });
    expect(await stranger.type(id, "id\r")).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await stranger.socket.emitWithAck("terminal:attach", { terminalId: "no-such-terminal" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "terminal_not_found" } });
    expect(await lastAudit({ actorUserId: team.stranger.id })).toMatchObject({ channel: "TERMINAL", outcome: "DENIED" });

    // The workspace owner may stop the editor's session, but not type in a shell inside it.
    const owner = await client(team.owner);
    expect(await owner.socket.emitWithAck("terminal:open", { workspaceId: ws.id, sessionId, cols: 80, rows: 24 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "session_not_found" } });
    expect(await lastAudit({ actorUserId: team.owner.id, reason: "session_not_yours" })).toMatchObject({ channel: "TERMINAL", action: "terminal.open" });
  });

  // Docker's TTY path is the slow part (about 0.5-1 MB/s on a loaded 2-core machine, with the
  // `docker exec -t` CLI just as slow), so the flood here is a few MB; the pause/resume logic
  // itself is covered deterministically, at any volume, in terminal-registry.test.ts.
  it("survives a flood: memory stays bounded and another terminal keeps answering", async () => {
    const editor = await client(team.editor);
    const other = await client(team.editor);
    const flood = await editor.open(ws.id, sessionId);
    const calm = await other.open(ws.id, sessionId);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    try {
      await editor.type(flood, "yes | head -c 4000000; echo flood-$((1+1))-done\r");
      await editor.until(flood, (o) => o.bytes > MB);
      await other.type(calm, "echo still-$((2*3))\r");
      await other.sees(calm, "still-6");
      await editor.sees(flood, "flood-2-done");
    } finally {
      clearInterval(sample);
    }
    // A TTY turns "y\n" into "y\r\n": at least the 4 MB the command wrote arrived.
    expect(editor.bytes(flood)).toBeGreaterThan(4_000_000);
    expect(rssPeak - rssBefore).toBeLessThan(200 * MB);
  });

  it("closes on request and when the session stops; a closed terminal cannot be attached", async () => {
    const editor = await client(team.editor);
    const id = await editor.open(ws.id, sessionId);
    expect(await editor.ok(editor.socket.emitWithAck("terminal:close", { terminalId: id }))).toEqual({ terminalId: id });
    await editor.until(id, (o) => o.exited !== null);
    expect(await editor.socket.emitWithAck("terminal:attach", { terminalId: id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });

    const other = await editor.open(ws.id, sessionId);
    await stopSessionById(sessionId, "test_stop");
    await editor.until(other, (o) => o.exited !== null);
  });
});
