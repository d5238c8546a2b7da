// `sandbox.sessions.stats` against real Docker: live CPU, memory and process counts of a running
// session for any member (viewers included), and clear refusals for stopped or foreign sessions.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { sandboxRouter } from "~/server/api/routers/sandbox";
import { createCallerFactory, createContext, createTRPCRouter } from "~/server/api/trpc";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { failure, sessionCookie } from "~/test/actors";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sandboxConfig } from "./config";
import { configureSandbox } from "./service";
import { stopSessionById } from "./sessions";
import { requireDocker } from "./test-docker";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const MB = 1024 * 1024;

const createCaller = createCallerFactory(createTRPCRouter({ sandbox: sandboxRouter }));
async function sandboxAs(user: ActorUser) {
  return createCaller(await createContext({ authorization: null, cookie: await sessionCookie(user.id), ip: null, channel: "UI" })).sandbox;
}

describe.skipIf(!hasDocker)("sandbox.sessions.stats", () => {
  let team: Team;
  let wsId: string;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 * MB, homeSizeBytes: 1 * MB, instanceId: `stats-test-${process.pid}`, idleMs: 600_000 }));
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    await removeDataDir();
  });

  it("reports a running session's use against its limits, to viewers too; the list says when idling stops it", async () => {
    const editor = await sandboxAs(team.editor);
    const session = await editor.sessions.create({ workspaceId: wsId, preset: "strict" });

    const viewer = await sandboxAs(team.viewer);
    const stats = await viewer.sessions.stats({ workspaceId: wsId, sessionId: session.id });
    expect(stats).toMatchObject({ sessionId: session.id, status: "RUNNING", memoryLimitBytes: 1024 * MB, pidsLimit: 25 });
    expect(stats.memoryBytes).toBeGreaterThan(0);
    expect(stats.memoryBytes).toBeLessThan(stats.memoryLimitBytes);
    expect(stats.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(stats.pids).toBeGreaterThanOrEqual(1);

    const options = await viewer.options({ workspaceId: wsId });
    expect(options).toMatchObject({ idleMs: 600_000, isolated: true, defaultPreset: "default" });
    expect(options.presets.find((p) => p.name === "strict")?.limits).toMatchObject({ shell: false, memoryMb: 1024 });

    const [listed] = (await viewer.sessions.list({ workspaceId: wsId })).filter((s) => s.id === session.id);
    expect(listed).toMatchObject({ userName: team.editor.name, status: "RUNNING" });
    expect(listed!.idleStopAt!.getTime()).toBe(listed!.lastActiveAt.getTime() + 600_000);

    await editor.sessions.stop({ workspaceId: wsId, sessionId: session.id });
    expect(await failure(viewer.sessions.stats({ workspaceId: wsId, sessionId: session.id }))).toMatchObject({ code: "CONFLICT", reason: "session_not_running" });
    const [stopped] = (await viewer.sessions.list({ workspaceId: wsId, includeStopped: true })).filter((s) => s.id === session.id);
    expect(stopped).toMatchObject({ status: "STOPPED", idleStopAt: null });
  });

  it("does not reach sessions of other workspaces or strangers", async () => {
    const other = await teamWorkspace(team, { template: "empty" });
    const editor = await sandboxAs(team.editor);
    // No network: this test machine's Docker has no working bridge, and stats do not need one.
    const session = await editor.sessions.create({ workspaceId: other.id, overrides: { network: false } });
    expect(await failure(editor.sessions.stats({ workspaceId: wsId, sessionId: session.id }))).toMatchObject({ code: "NOT_FOUND", reason: "session_not_found" });
    const stranger = await sandboxAs(team.stranger);
    expect(await failure(stranger.sessions.stats({ workspaceId: other.id, sessionId: session.id }))).toMatchObject({ code: "NOT_FOUND", reason: "workspace_not_found" });
    await stopSessionById(session.id, "test_cleanup");
  });
});
