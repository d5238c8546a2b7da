// Session access modes (rw / ro / cow) through the tRPC procedures, with real Postgres and Docker:
// what a process in the sandbox can do to the workspace, where a cow session's writes go, and that
// nothing (container, overlay volume, mount, folder) outlives a session, also after a crash.
import { execFileSync } from "node:child_process";
import { chown, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { sandboxIdentity } from "~/server/storage/confined-fs";
import { callerAs, failure } from "~/test/actors";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { overlayDirs, overlayVolumeName, overlaysRoot } from "./access";
import { sandboxConfig } from "./config";
import { reconcile } from "./reconcile";
import { configureSandbox, sandboxSettings } from "./service";
import { stopSessionById } from "./sessions";
import { requireDocker } from "./test-docker";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);
const INSTANCE = `access-test-${process.pid}`;

async function volumeExists(name: string): Promise<boolean> {
  return docker()
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

async function mountedOverlays(sessionId: string): Promise<number> {
  const mounts = await readFile("/proc/mounts", "utf8");
  return mounts.split("\n").filter((l) => l.includes(overlayVolumeName(sessionId)) || l.includes(overlayDirs(sandboxSettings(), sessionId).upper)).length;
}

/** Nothing of the session is left: no container, no volume, no mount, no folder. */
async function expectNothingLeft(sessionId: string, containerId: string | null): Promise<void> {
  if (containerId) await expect(docker().getContainer(containerId).inspect()).rejects.toMatchObject({ statusCode: 404 });
  expect(await volumeExists(overlayVolumeName(sessionId))).toBe(false);
  expect(await mountedOverlays(sessionId)).toBe(0);
  await expect(stat(overlayDirs(sandboxSettings(), sessionId).dir)).rejects.toMatchObject({ code: "ENOENT" });
}

describe("session access modes", () => {
  let team: Team;
  let ws: { id: string; rootPath: string };
  let editor: Awaited<ReturnType<typeof callerAs>>;
  const as = (user: ActorUser) => callerAs(user);

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    editor = await as(team.editor);
    await editor.files.write({ workspaceId: ws.id, path: "base.txt", content: "original\n" });
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("ro: the sandbox cannot write (EROFS) while the files API still can for an editor", async () => {
    const session = await editor.sandbox.sessions.create({ workspaceId: ws.id, access: "ro" });
    expect(session.access).toBe("ro");
    const touch = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: ["touch", "/workspace/new.txt"] });
    expect(touch.exitCode).not.toBe(0);
    expect(touch.stderr).toMatch(/Read-only file system/);
    const append = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: "echo more >> /workspace/base.txt" });
    expect(append.exitCode).not.toBe(0);
    expect(await readFile(path.join(ws.rootPath, "base.txt"), "utf8")).toBe("original\n");
    await expect(stat(path.join(ws.rootPath, "new.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    // The mode is about the sandbox: the editor's own file calls still write, and the session sees them.
    await editor.files.write({ workspaceId: ws.id, path: "from-api.txt", content: "api\n" });
    const seen = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: ["cat", "/workspace/from-api.txt"] });
    expect(seen.stdout).toBe("api\n");
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: session.id });
  });

  it("cow: writes are visible inside, never on the workspace disk, gone after stop; a snapshot keeps them when asked", async () => {
    const session = await editor.sandbox.sessions.create({ workspaceId: ws.id, access: "cow" });
    expect(session.access).toBe("cow");
    const run = (command: string) => editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command });
    const w = await run("echo changed > base.txt && echo fresh > cow-only.txt && rm from-api.txt && cat base.txt cow-only.txt && ls");
    expect(w, w.stderr).toMatchObject({ exitCode: 0 });
    expect(w.stdout).toBe("changed\nfresh\nbase.txt\ncow-only.txt\n");
    // The workspace on disk is untouched...
    expect(await readFile(path.join(ws.rootPath, "base.txt"), "utf8")).toBe("original\n");
    expect(await readFile(path.join(ws.rootPath, "from-api.txt"), "utf8")).toBe("api\n");
    await expect(stat(path.join(ws.rootPath, "cow-only.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    // ...and a plain exec (no sessionId) does not land in the cow session: it starts an rw one.
    const plain = await editor.sandbox.exec({ workspaceId: ws.id, command: ["cat", "base.txt"] });
    expect(plain.sessionId).not.toBe(session.id);
    expect(plain.stdout).toBe("original\n");
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: plain.sessionId });

    const snap = await editor.sandbox.sessions.snapshot({ workspaceId: ws.id, sessionId: session.id, label: "kept cow" });
    expect(snap).toMatchObject({ label: "kept cow", fileCount: 2 });
    const row = await db().snapshot.findUniqueOrThrow({ where: { id: snap.id } });
    const listing = execFileSync("tar", ["-tzf", row.path], { encoding: "utf8" }).split("\n").filter(Boolean).map((n) => n.replace(/^\.\//, "")).sort();
    expect(listing.filter((n) => n !== "" && n !== ".")).toEqual(["base.txt", "cow-only.txt"]);
    expect(execFileSync("tar", ["-xzOf", row.path, "./base.txt"], { encoding: "utf8" }).toString()).toBe("changed\n");

    const containerId = (await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).containerId;
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: session.id });
    await expectNothingLeft(session.id, containerId);
    expect(await readFile(path.join(ws.rootPath, "base.txt"), "utf8")).toBe("original\n");
    // Keeping is only for running cow sessions.
    expect(await failure(editor.sandbox.sessions.snapshot({ workspaceId: ws.id, sessionId: session.id }))).toMatchObject({ code: "CONFLICT", reason: "session_not_running" });
  });

  it("cow: a symlink the sandbox plants in its layer is packed as a link, never followed out of the view", async () => {
    const session = await editor.sandbox.sessions.create({ workspaceId: ws.id, access: "cow" });
    const r = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: "ln -s / root-link && ln -s /etc/passwd passwd-link" });
    expect(r.exitCode).toBe(0);
    const snap = await editor.sandbox.sessions.snapshot({ workspaceId: ws.id, sessionId: session.id });
    const row = await db().snapshot.findUniqueOrThrow({ where: { id: snap.id } });
    const verbose = execFileSync("tar", ["-tvzf", row.path], { encoding: "utf8" });
    expect(verbose).toMatch(/root-link -> \//);
    expect(verbose).not.toMatch(/root-link\/etc/);
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: session.id });
  });

  it("only the session's starter (or an owner) keeps a cow session; rw sessions have nothing to keep", async () => {
    const cow = await editor.sandbox.sessions.create({ workspaceId: ws.id, access: "cow" });
    const other = await as(team.viewer);
    expect(await failure(other.sandbox.sessions.snapshot({ workspaceId: ws.id, sessionId: cow.id }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    const rw = await editor.sandbox.sessions.create({ workspaceId: ws.id });
    expect(rw.access).toBe("rw");
    expect(await failure(editor.sandbox.sessions.snapshot({ workspaceId: ws.id, sessionId: rw.id }))).toMatchObject({ code: "CONFLICT", reason: "access_mode_unsupported" });
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: rw.id });
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: cow.id });
  });

  it("refuses ro/cow with an ephemeral session, and viewers start nothing", async () => {
    expect(await failure(editor.sandbox.sessions.create({ workspaceId: ws.id, access: "cow", ephemeral: true }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "access_mode_unsupported" });
    expect(await failure((await as(team.viewer)).sandbox.sessions.create({ workspaceId: ws.id, access: "ro" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    expect(await failure(editor.sandbox.sessions.create({ workspaceId: ws.id, access: "rwx" as "rw" }))).toMatchObject({ appCode: "INVALID_INPUT" });
  });

  it("after a crash (row stopped, container and overlay left behind), reconcile removes the container, the volume, the mount and the folders", async () => {
    const session = await editor.sandbox.sessions.create({ workspaceId: ws.id, access: "cow" });
    await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: "mkdir -p deep/er && echo x > deep/er/f && ln -s / deep/up" });
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(await mountedOverlays(session.id)).toBeGreaterThan(0);
    // What a process dying between "mark stopped" and "clean up" leaves.
    await db().sandboxSession.update({ where: { id: session.id }, data: { status: "STOPPED", stopReason: "crash", stoppedAt: new Date() } });
    // A stray overlay folder of a session that never got a row (crash during start).
    const stray = overlayDirs(sandboxSettings(), "stray-session");
    execFileSync("mkdir", ["-p", stray.upper, stray.work]);
    await writeFile(path.join(stray.upper, "junk"), "junk");
    // As prepareOverlay leaves it: the upper layer is the sandbox's (the workspace root's owner).
    const { uid, gid } = sandboxIdentity();
    await chown(stray.upper, uid, gid);
    await chown(path.join(stray.upper, "junk"), uid, gid);

    const report = await reconcile();
    expect(report.removedContainers).toContain(row.containerId);
    expect(report.errors).toEqual([]);
    expect(report.removedOverlays).toEqual(expect.arrayContaining([session.id, "stray-session"]));
    await expectNothingLeft(session.id, row.containerId);
    expect(await readdir(overlaysRoot(sandboxSettings()))).toEqual([]);
    // The host files the planted symlink pointed at are untouched.
    expect((await stat("/etc/passwd")).isFile()).toBe(true);
  });
});
