// A restore ends the shells of the workspace's running sessions (each gets a fresh container over
// the restored files); the sockets attached to those shells must learn why, typed end to end in
// `terminal:exited.reason`. Real socket.io clients, real Postgres, real Docker.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, removeDataDir, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, sessionCookie } from "~/test/actors";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import type { TerminalExited } from "./events";
import type { RealtimeServer } from "./server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);
const MB = 1024 * 1024;

describe("a restore's reason reaches the terminal's sockets", () => {
  let io: RealtimeServer;
  let url: string;
  const sockets: ClientSocket[] = [];
  const sessions: string[] = [];

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 * MB, homeSizeBytes: 1 * MB, instanceId: `terminal-restore-test-${process.pid}` }));
    ({ io, url } = await startRealtimeServer());
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all(sessions.map((id) => stopSessionById(id, "test_cleanup").catch(() => undefined)));
    await io.close();
    await removeDataDir();
  });

  async function connect(userId: string): Promise<{ socket: ClientSocket; exits: TerminalExited[]; exited: (terminalId: string) => Promise<TerminalExited> }> {
    const socket = connectSocket(url, await sessionCookie(userId));
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const exits: TerminalExited[] = [];
    socket.on("terminal:exited", (e) => exits.push(e));
    const exited = (terminalId: string) =>
      new Promise<TerminalExited>((resolve) => {
        const check = () => {
          const hit = exits.find((e) => e.terminalId === terminalId);
          if (hit) {
            socket.off("terminal:exited", check);
            resolve(hit);
          }
        };
        socket.on("terminal:exited", check);
        check();
      });
    return { socket, exits, exited };
  }

  it("the owner's shell and a watcher both get reason snapshot_restored with the snapshot's label; a shell closed before it has none", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const root = (await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).rootPath;
    await writeFile(path.join(root, "state.txt"), "v1\n");
    const owner = await callerAs(team.owner);
    const snap = await owner.snapshots.create({ workspaceId: ws.id, label: "before the refactor" });

    const ctx = { actor: { user: team.editor, apiKey: null }, ip: null, channel: "UI" as const };
    const session = await createSession(ctx, await resolveWorkspaceAccess(ctx, ws.id, "editor", "exec"), { overrides: { network: false } });
    sessions.push(session.id);

    const editor = await connect(team.editor.id);
    const viewer = await connect(team.viewer.id);
    const open = async () => {
      const r = await editor.socket.emitWithAck("terminal:open", { workspaceId: ws.id, sessionId: session.id, cols: 80, rows: 24 });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.data.terminalId;
    };

    // A shell its owner closes ends without a reason: the reason is only for ends the server chose.
    const closedFirst = await open();
    expect((await editor.socket.emitWithAck("terminal:close", { terminalId: closedFirst })).ok).toBe(true);
    const plainExit = await editor.exited(closedFirst);
    expect(plainExit.reason).toBeUndefined();

    // A shared shell with a read-only watcher attached.
    const terminalId = await open();
    expect((await editor.socket.emitWithAck("terminal:share", { terminalId, shared: true })).ok).toBe(true);
    const attached = await viewer.socket.emitWithAck("terminal:attach", { terminalId });
    expect(attached.ok).toBe(true);

    const result = await owner.snapshots.restore({ workspaceId: ws.id, snapshotId: snap.id });
    expect(result.sessionsRestarted).toEqual([session.id]);

    const expected = {
      code: "snapshot_restored",
      snapshotId: snap.id,
      snapshotLabel: "before the refactor",
      message: expect.stringContaining("Ended by the restore of snapshot “before the refactor”") as unknown,
    };
    expect((await editor.exited(terminalId)).reason).toEqual(expected);
    expect((await viewer.exited(terminalId)).reason).toEqual(expected);

    // The session carries on: a new shell in it opens and ends (when closed) without the old reason.
    const again = await open();
    expect((await editor.socket.emitWithAck("terminal:close", { terminalId: again })).ok).toBe(true);
    expect((await editor.exited(again)).reason).toBeUndefined();
  });
});
