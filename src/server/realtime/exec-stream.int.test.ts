// Streaming exec over socket.io with real clients, Postgres and Docker (busybox test image):
// chunks then one exit, the output cap, cancel, cancel-on-disconnect, and who may start one.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { exec } from "~/server/sandbox/exec";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sessionCookie } from "~/test/actors";
import { type Binary, type ClientToServerEvents, type ExecExited, type ServerToClientEvents } from "./events";
import type { RealtimeServer } from "./server";
import { connectSocket, startRealtimeServer } from "~/test/realtime-server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const MAX_OUTPUT = 1000;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Event = { type: "output"; stream: "stdout" | "stderr"; data: string } | { type: "exited"; exit: ExecExited };

function bytesOf(data: Binary): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data instanceof ArrayBuffer ? data : data.buffer);
}

describe.skipIf(!hasDocker)("streaming exec over socket.io", () => {
  let io: RealtimeServer;
  let url: string;
  let team: Team;
  let wsId: string;
  let sessionId: string;
  const sockets: ClientSocket[] = [];
  const editorCtx = () => ({ actor: { user: team.editor, apiKey: null }, ip: null, channel: "UI" as const });

  async function client(user: ActorUser): Promise<{ socket: ClientSocket; events: Map<string, Event[]>; exited: (execId: string) => Promise<ExecExited> }> {
    const socket: ClientSocket = connectSocket(url, await sessionCookie(user.id));
    sockets.push(socket);
    const events = new Map<string, Event[]>();
    const push = (id: string, e: Event) => events.set(id, [...(events.get(id) ?? []), e]);
    socket.on("exec:output", ({ execId, stream, data }) => push(execId, { type: "output", stream, data: bytesOf(data).toString() }));
    const exits = new Map<string, (e: ExecExited) => void>();
    const done = new Map<string, ExecExited>();
    socket.on("exec:exited", (exit) => {
      push(exit.execId, { type: "exited", exit });
      done.set(exit.execId, exit);
      exits.get(exit.execId)?.(exit);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const exited = (execId: string) => new Promise<ExecExited>((resolve) => (done.has(execId) ? resolve(done.get(execId)!) : exits.set(execId, resolve)));
    return { socket, events, exited };
  }

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `exec-stream-test-${process.pid}`, maxOutputBytes: MAX_OUTPUT }));
    ({ io, url } = await startRealtimeServer());
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
    sessionId = (await createSession(editorCtx(), await resolveWorkspaceAccess(editorCtx(), wsId, "editor", "exec"), {})).id;
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await io?.close();
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    await removeDataDir();
  });

  it("streams stdout and stderr chunks, then one exit", async () => {
    const editor = await client(team.editor);
    const started = await editor.socket.emitWithAck("exec:start", { workspaceId: wsId, sessionId, command: "for i in 1 2 3; do echo line-$i; sleep 0.1; done; echo oops >&2; exit 3" });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect(started.data.sessionId).toBe(sessionId);
    const exit = await editor.exited(started.data.execId);
    expect(exit).toMatchObject({ exitCode: 3, timedOut: false, cancelled: false, truncated: false });
    const events = editor.events.get(started.data.execId)!;
    expect(events.at(-1)?.type).toBe("exited");
    const text = (stream: string) => events.flatMap((e) => (e.type === "output" && e.stream === stream ? [e.data] : [])).join("");
    expect(text("stdout")).toBe("line-1\nline-2\nline-3\n");
    expect(text("stderr")).toBe("oops\n");
  });

  it("caps each stream's output and says so", async () => {
    const editor = await client(team.editor);
    const started = await editor.socket.emitWithAck("exec:start", { workspaceId: wsId, sessionId, command: ["sh", "-c", "head -c 5000 /dev/zero | tr '\\0' a"] });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect(await editor.exited(started.data.execId)).toMatchObject({ exitCode: 0, truncated: true });
    const out = editor.events.get(started.data.execId)!.flatMap((e) => (e.type === "output" ? [e.data] : [])).join("");
    expect(out).toBe("a".repeat(MAX_OUTPUT));
  });

  it("cancels a running command on request", async () => {
    const editor = await client(team.editor);
    const started = await editor.socket.emitWithAck("exec:start", { workspaceId: wsId, sessionId, command: ["sleep", "30"] });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect(await editor.socket.emitWithAck("exec:cancel", { execId: started.data.execId })).toEqual({ ok: true, data: { execId: started.data.execId } });
    expect(await editor.exited(started.data.execId)).toMatchObject({ cancelled: true, timedOut: false });
    expect(await editor.socket.emitWithAck("exec:cancel", { execId: started.data.execId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "exec_not_found" } });
  });

  it("cancels a socket's commands when it disconnects", async () => {
    const editor = await client(team.editor);
    const started = await editor.socket.emitWithAck("exec:start", { workspaceId: wsId, sessionId, command: ["sleep", "31"] });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    editor.socket.close();
    const access = await resolveWorkspaceAccess(editorCtx(), wsId, "editor", "exec");
    // Poll the session until the sleep is gone; the test timeout is the only clock.
    for (;;) {
      const ps = await exec(editorCtx(), access, { sessionId, command: ["ps"] });
      if (!ps.stdout.includes("sleep 31")) break;
    }
  });

  it("checks the caller: viewers may not run, strangers see no workspace, input is validated", async () => {
    const viewer = await client(team.viewer);
    expect(await viewer.socket.emitWithAck("exec:start", { workspaceId: wsId, command: ["true"] })).toMatchObject({ ok: false, error: { code: "FORBIDDEN", reason: "role_required" } });
    const stranger = await client(team.stranger);
    expect(await stranger.socket.emitWithAck("exec:start", { workspaceId: wsId, command: ["true"] })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const owner = await client(team.owner);
    expect(await owner.socket.emitWithAck("exec:start", { workspaceId: wsId, sessionId, command: ["true"] })).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "session_not_found" } });
    const editor = await client(team.editor);
    expect(await editor.socket.emitWithAck("exec:start", { workspaceId: wsId, command: [] })).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
  });
});
