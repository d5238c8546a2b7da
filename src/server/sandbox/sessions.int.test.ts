// Sessions, exec, policy and reconciliation through the tRPC procedures, with real Postgres and Docker.
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { sandboxRouter } from "~/server/api/routers/sandbox";
import { createCallerFactory, createContext, createTRPCRouter } from "~/server/api/trpc";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { failure, lastAudit, sessionCookie } from "~/test/actors";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sandboxConfig, scratchDirFor } from "./config";
import { LABELS } from "./driver";
import { reconcile } from "./reconcile";
import { configureSandbox, sandboxSettings } from "./service";
import { stopIdleSessions } from "./sessions";
import { requireDocker } from "./test-docker";
import { syncSandboxUsage } from "./usage-sync";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const RUNTIME = env().ATRIUM_RUNTIME_IMAGE;
const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE, RUNTIME]);
/** Reconciliation here must not touch containers of other test files running at the same time. */
const INSTANCE = `sessions-test-${process.pid}`;

// The router is tested on its own: wiring it into root.ts belongs to whoever owns root.ts.
const createCaller = createCallerFactory(createTRPCRouter({ sandbox: sandboxRouter }));
async function sandboxAs(user: ActorUser) {
  return createCaller(await createContext({ authorization: null, cookie: await sessionCookie(user.id), ip: "203.0.113.9", channel: "UI" })).sandbox;
}

describe.skipIf(!hasDocker)("sandbox sessions and exec", () => {
  let team: Team;
  let ws: { id: string; rootPath: string };
  let editor: Awaited<ReturnType<typeof sandboxAs>>;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, allowedImages: [RUNTIME], dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    editor = await sandboxAs(team.editor);
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    const { stopSessionById } = await import("./sessions");
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("starts a session on first exec, reuses it, and shares files with the host both ways", async () => {
    await writeFile(path.join(ws.rootPath, "hello.txt"), "from the host\n");
    const first = await editor.exec({ workspaceId: ws.id, command: ["cat", "hello.txt"] });
    expect(first).toMatchObject({ exitCode: 0, stdout: "from the host\n", timedOut: false, truncated: false });
    const second = await editor.exec({ workspaceId: ws.id, command: "echo made in the sandbox > made.txt && pwd", cwd: "." });
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.stdout).toBe("/workspace\n");
    expect(await readFile(path.join(ws.rootPath, "made.txt"), "utf8")).toBe("made in the sandbox\n");
    // The sandbox runs as the workspace files' owner, so both sides can change what the other made.
    expect((await stat(path.join(ws.rootPath, "made.txt"))).uid).toBe((await stat(ws.rootPath)).uid);
    const sessions = await (await sandboxAs(team.viewer)).sessions.list({ workspaceId: ws.id });
    expect(sessions.map((s) => s.id)).toContain(first.sessionId);
    expect(sessions[0]).toMatchObject({ driver: "docker", isolated: true, preset: "default", status: "RUNNING" });
  });

  it("counts what the sandbox writes in the workspace's usage once housekeeping measures it", async () => {
    const usage = async () => (await db().workspace.findUniqueOrThrow({ where: { id: ws.id }, select: { usageBytes: true } })).usageBytes;
    await syncSandboxUsage(new Date(), { workspaceIds: [ws.id] });
    const before = await usage();
    const made = await editor.exec({ workspaceId: ws.id, command: "head -c 250000 /dev/zero > sandbox-made.bin" });
    expect(made.exitCode).toBe(0);
    await syncSandboxUsage(new Date(), { workspaceIds: [ws.id] });
    expect(await usage()).toBe(before + 250_000n);
  });

  it("lets viewers list but not run", async () => {
    const viewer = await sandboxAs(team.viewer);
    expect(await failure(viewer.exec({ workspaceId: ws.id, command: ["true"] }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
  });

  it("refuses cwd outside /workspace", async () => {
    expect(await failure(editor.exec({ workspaceId: ws.id, command: ["pwd"], cwd: "../etc" }))).toMatchObject({ reason: "outside_workspace" });
  });

  it("reports a timeout", async () => {
    const r = await editor.exec({ workspaceId: ws.id, command: ["sleep", "30"], timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, exitCode: 137 });
  });

  it("refuses and audits a blocked command", async () => {
    const f = await failure(editor.exec({ workspaceId: ws.id, command: "rm -rf /" }));
    expect(f).toMatchObject({ code: "FORBIDDEN", reason: "blocked_command" });
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "blocked_command" })).toMatchObject({ action: "sandbox.exec", workspaceId: ws.id, target: "rm -rf /", channel: "UI" });
  });

  it("applies the workspace's own command policy", async () => {
    await db().workspace.update({ where: { id: ws.id }, data: { commandPolicy: { blockedPatterns: ["git push*--force"] } } });
    try {
      expect(await failure(editor.exec({ workspaceId: ws.id, command: ["git", "push", "origin", "--force"] }))).toMatchObject({ reason: "blocked_command" });
    } finally {
      await db().workspace.update({ where: { id: ws.id }, data: { commandPolicy: undefined } });
    }
  });

  it("strict sessions: argv only (shell refused and audited), no network", async () => {
    const session = await editor.sessions.create({ workspaceId: ws.id, preset: "strict" });
    expect(session.limits).toMatchObject({ network: false, shell: false, processes: 25 });
    const f = await failure(editor.exec({ workspaceId: ws.id, sessionId: session.id, command: "ls /sys/class/net" }));
    expect(f).toMatchObject({ code: "FORBIDDEN", reason: "shell_disabled" });
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "shell_disabled" })).toMatchObject({ workspaceId: ws.id });
    const net = await editor.exec({ workspaceId: ws.id, sessionId: session.id, command: ["ls", "/sys/class/net"] });
    expect(net.stdout).toBe("lo\n");
    await editor.sessions.stop({ workspaceId: ws.id, sessionId: session.id });
  });

  it("keeps sessions personal: another editor cannot stop or drive one, an owner can stop it", async () => {
    const session = await editor.sessions.create({ workspaceId: ws.id });
    const other = await sandboxAs(team.admin); // admins act as owners
    const owner = await sandboxAs(team.owner);
    expect(await failure(owner.exec({ workspaceId: ws.id, sessionId: session.id, command: ["true"] }))).toMatchObject({ reason: "session_not_found" });
    expect(await other.sessions.stop({ workspaceId: ws.id, sessionId: session.id })).toMatchObject({ status: "STOPPED", stopReason: "stopped_by_owner" });
  });

  it("refuses overrides above the preset", async () => {
    expect(await failure(editor.sessions.create({ workspaceId: ws.id, preset: "strict", overrides: { memoryMb: 4096 } }))).toMatchObject({ reason: "override_above_preset" });
  });

  it("runs code with the runtime image (python, node)", async () => {
    const session = await editor.sessions.create({ workspaceId: ws.id, image: RUNTIME });
    const py = await editor.executeCode({ workspaceId: ws.id, sessionId: session.id, runtime: "python", code: "import os\nprint(sum(range(10)), os.getcwd())" });
    expect(py).toMatchObject({ exitCode: 0, stdout: "45 /workspace\n" });
    const js = await editor.executeCode({ workspaceId: ws.id, sessionId: session.id, runtime: "node", code: "console.log([1,2,3].map((x) => x * 2).join(','))" });
    expect(js.stdout).toBe("2,4,6\n");
    await editor.sessions.destroy({ workspaceId: ws.id, sessionId: session.id });
    expect(await db().sandboxSession.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it("ephemeral sessions get a private scratch space, removed when they stop", async () => {
    const session = await editor.sessions.create({ workspaceId: ws.id, ephemeral: true });
    const r = await editor.exec({ workspaceId: ws.id, sessionId: session.id, command: "ls /workspace; echo scratch > note" });
    expect(r.stdout).toBe("");
    const scratch = scratchDirFor(sandboxSettings(), session.id);
    expect(await readFile(path.join(scratch, "note"), "utf8")).toBe("scratch\n");
    await editor.sessions.stop({ workspaceId: ws.id, sessionId: session.id });
    await expect(stat(scratch)).rejects.toThrow();
  });

  it("reconciles: removes orphan containers and marks sessions whose container vanished", async () => {
    const orphan = await docker().createContainer({ Image: TEST_IMAGE, Cmd: ["sleep", "60"], Labels: { [LABELS.managed]: "1", [LABELS.instance]: INSTANCE, [LABELS.session]: "no-such-session" } });
    const session = await editor.sessions.create({ workspaceId: ws.id });
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } });
    await docker().getContainer(row.containerId!).remove({ force: true });

    const report = await reconcile();
    expect(report.removedContainers).toContain(orphan.id);
    expect(report.lostSessions).toContain(session.id);
    expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "STOPPED", stopReason: "container_lost" });
    await expect(orphan.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("stops idle sessions", async () => {
    const session = await editor.sessions.create({ workspaceId: ws.id });
    const stopped = await stopIdleSessions(60_000, new Date(Date.now() + 120_000));
    expect(stopped).toContain(session.id);
    expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "STOPPED", stopReason: "idle" });
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } });
    await expect(docker().getContainer(row.containerId!).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
