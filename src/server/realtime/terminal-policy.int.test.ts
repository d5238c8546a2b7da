// A terminal is a shell: where the workspace's allowlist does not let `sh` or `bash` run, opening
// one is refused (audited), through a real socket.io client and a real Docker session; with a
// shell on the list, or no allowlist, it opens.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { lastAudit, sessionCookie } from "~/test/actors";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import type { RealtimeServer } from "./server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

describe("terminals and the command policy", () => {
  let team: Team;
  let wsId: string;
  let io: RealtimeServer;
  let socket: ClientSocket;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `terminal-policy-${process.pid}` }));
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
    const started = await startRealtimeServer();
    io = started.io;
    socket = connectSocket(started.url, await sessionCookie(team.editor.id));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
  });

  afterAll(async () => {
    socket?.disconnect();
    await io?.close();
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("refuses a terminal where the allowlist has no shell, opens one where it has", async () => {
    const session = await team.as.editor.sandbox.sessions.create({ workspaceId: wsId });
    const open = () => socket.emitWithAck("terminal:open", { workspaceId: wsId, sessionId: session.id, cols: 80, rows: 24 });

    await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, preset: "worker" });
    expect(await open()).toMatchObject({ ok: false, error: { code: "FORBIDDEN", reason: "blocked_command" } });
    expect(await lastAudit({ actorUserId: team.editor.id, action: "terminal.open" })).toMatchObject({ reason: "blocked_command", workspaceId: wsId });

    await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: { allowedBinaries: ["bash", "ls"] } });
    expect(await open()).toMatchObject({ ok: true });

    await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: null });
    expect(await open()).toMatchObject({ ok: true });
  });
});
