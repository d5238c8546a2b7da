// Shared folders through the tRPC procedures with real Postgres, Docker and the confined helper:
// who may define and attach them, how sandboxes mount them, and that the files API shows them
// read-only without ever following a link out of them.
import { mkdir, mkdtemp, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, failure, lastAudit } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

describe("shared folders", () => {
  let team: Team;
  let ws: { id: string; rootPath: string };
  let other: { id: string };
  let hostDir: string;
  let folderName: string;
  const as = (user: ActorUser) => callerAs(user);

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `shared-test-${process.pid}` }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    other = await (await as(team.owner)).workspaces.create({ name: `Other ${Date.now()}`, template: "empty" });
    hostDir = await mkdtemp(path.join(tmpdir(), "atrium-shared-"));
    await mkdir(path.join(hostDir, "sub"));
    await writeFile(path.join(hostDir, "data.csv"), "a,b\n1,2\n", { mode: 0o644 });
    await writeFile(path.join(hostDir, "sub", "notes.txt"), "inner\n", { mode: 0o644 });
    await symlink("/", path.join(hostDir, "root-link"));
    await symlink("/etc/passwd", path.join(hostDir, "passwd-link"));
    // Like a dataset folder root made: readable by everyone, writable by nobody but root.
    const { chmod } = await import("node:fs/promises");
    await chmod(hostDir, 0o755);
    await chmod(path.join(hostDir, "sub"), 0o755);
    folderName = `data-${process.pid}`;
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("only admins define shared folders (a refusal is audited); the path is validated", async () => {
    const owner = await as(team.owner);
    expect(await failure(owner.sharedFolders.define({ name: folderName, hostPath: hostDir }))).toMatchObject({ appCode: "FORBIDDEN", reason: "admin_required" });
    expect(await lastAudit({ actorUserId: team.owner.id, reason: "admin_required" })).toMatchObject({ action: "sharedFolders.define", outcome: "DENIED" });

    const admin = await as(team.admin);
    expect(await failure(admin.sharedFolders.define({ name: "x1", hostPath: path.join(hostDir, "missing") }))).toMatchObject({ reason: "shared_folder_invalid" });
    expect(await failure(admin.sharedFolders.define({ name: "x2", hostPath: path.join(hostDir, "root-link") }))).toMatchObject({ reason: "shared_folder_invalid" });
    expect(await failure(admin.sharedFolders.define({ name: "x3", hostPath: path.join(hostDir, "data.csv") }))).toMatchObject({ reason: "shared_folder_invalid" });
    expect(await failure(admin.sharedFolders.define({ name: "x4", hostPath: env().dataDir }))).toMatchObject({ reason: "atrium_data_dir" });
    expect(await failure(admin.sharedFolders.define({ name: "x5", hostPath: ws.rootPath }))).toMatchObject({ reason: "atrium_data_dir" });
    expect(await failure(admin.sharedFolders.define({ name: "x6", hostPath: "/etc" }))).toMatchObject({ reason: "system_directory" });
    expect(await failure(admin.sharedFolders.define({ name: "Bad Name", hostPath: hostDir }))).toMatchObject({ appCode: "INVALID_INPUT" });

    const defined = await admin.sharedFolders.define({ name: folderName, hostPath: hostDir, description: "test data" });
    expect(defined).toMatchObject({ name: folderName, hostPath: hostDir, allowWrite: false, attachedTo: 0 });
    expect(await lastAudit({ actorUserId: team.admin.id, action: "sharedFolders.define" })).toMatchObject({ outcome: "ALLOWED", target: folderName });
    expect(await failure(admin.sharedFolders.define({ name: folderName, hostPath: hostDir }))).toMatchObject({ reason: "already_exists" });
  });

  it("owners attach read-only; read-write only where the admin allows it (refusal audited); editors cannot attach", async () => {
    const owner = await as(team.owner);
    expect(await failure((await as(team.editor)).sharedFolders.attach({ workspaceId: ws.id, name: folderName }))).toMatchObject({ reason: "role_required" });
    expect(await failure(owner.sharedFolders.attach({ workspaceId: ws.id, name: folderName, writable: true }))).toMatchObject({ appCode: "FORBIDDEN", reason: "shared_folder_write_not_allowed" });
    expect(await lastAudit({ actorUserId: team.owner.id, reason: "shared_folder_write_not_allowed" })).toMatchObject({ workspaceId: ws.id, action: "sharedFolders.attach" });
    const attached = await owner.sharedFolders.attach({ workspaceId: ws.id, name: folderName });
    expect(attached).toMatchObject({ name: folderName, attached: true, writable: false, mountPath: `/shared/${folderName}` });
    const seen = await (await as(team.viewer)).sharedFolders.forWorkspace({ workspaceId: ws.id });
    expect(seen.find((f) => f.name === folderName)).toMatchObject({ attached: true });
    expect(seen[0]).not.toHaveProperty("hostPath");
  });

  it("sandboxes mount it at /shared/<name> read-only: reading works, writing fails inside the container", async () => {
    const editor = await as(team.editor);
    const session = await editor.sandbox.sessions.create({ workspaceId: ws.id });
    const run = (command: string) => editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command });
    expect((await run(`cat /shared/${folderName}/data.csv /shared/${folderName}/sub/notes.txt`)).stdout).toBe("a,b\n1,2\ninner\n");
    const write = await run(`echo x > /shared/${folderName}/new.txt`);
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toMatch(/Read-only file system/);
    await expect(stat(path.join(hostDir, "new.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: session.id });
  });

  it("another workspace without the attachment sees nothing of it, in the sandbox or the files API", async () => {
    const owner = await as(team.owner);
    const r = await owner.sandbox.exec({ workspaceId: other.id, command: `ls /shared/${folderName} 2>&1; ls /shared 2>&1; true` });
    expect(r.stdout).not.toContain("data.csv");
    // There it is just a workspace path, and the workspace has no such file.
    expect(await failure(owner.files.read({ workspaceId: other.id, path: `shared/${folderName}/data.csv` }))).toMatchObject({ appCode: "NOT_FOUND" });
    expect(await owner.sharedFolders.detach({ workspaceId: other.id, name: folderName })).toEqual({ name: folderName, detached: false });
    await owner.sandbox.sessions.stop({ workspaceId: other.id, sessionId: r.sessionId });
  });

  it("the files API lists and reads it under shared/<name>, refuses (and audits) writes, and never follows its links", async () => {
    const viewer = await as(team.viewer);
    const listed = await viewer.files.list({ workspaceId: ws.id, path: `shared/${folderName}` });
    expect(listed.entries.map((e) => [e.name, e.type, e.readOnly])).toEqual([
      ["data.csv", "file", true],
      ["passwd-link", "symlink", true],
      ["root-link", "symlink", true],
      ["sub", "directory", true],
    ]);
    expect((await viewer.files.read({ workspaceId: ws.id, path: `shared/${folderName}/sub/notes.txt` })).content).toBe("inner\n");
    expect(await viewer.files.exists({ workspaceId: ws.id, path: `shared/${folderName}/data.csv` })).toMatchObject({ exists: true, type: "file" });
    expect(await viewer.files.stat({ workspaceId: ws.id, path: `shared/${folderName}/data.csv` })).toMatchObject({ type: "file", size: 8, readOnly: true });

    // Links inside the shared folder are not followed: not `/` through root-link, not /etc/passwd.
    expect(await failure(viewer.files.list({ workspaceId: ws.id, path: `shared/${folderName}/root-link` }))).toMatchObject({ appCode: "PATH_DENIED" });
    expect(await failure(viewer.files.read({ workspaceId: ws.id, path: `shared/${folderName}/root-link/etc/passwd` }))).toMatchObject({ appCode: "PATH_DENIED" });
    expect(await failure(viewer.files.read({ workspaceId: ws.id, path: `shared/${folderName}/passwd-link` }))).toMatchObject({ appCode: "PATH_DENIED" });
    // `..` cannot climb out of it either.
    expect(await failure(viewer.files.read({ workspaceId: ws.id, path: `shared/${folderName}/../../../etc/passwd` }))).toMatchObject({ appCode: "PATH_DENIED" });

    const editor = await as(team.editor);
    const write = await failure(editor.files.write({ workspaceId: ws.id, path: `shared/${folderName}/data.csv`, content: "overwritten" }));
    expect(write).toMatchObject({ appCode: "PATH_DENIED", reason: "read_only" });
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "read_only" })).toMatchObject({ action: "files.write", workspaceId: ws.id, target: `shared/${folderName}/data.csv` });
    expect(await failure(editor.files.delete({ workspaceId: ws.id, path: `shared/${folderName}` }))).toMatchObject({ reason: "read_only" });
    expect(await failure(editor.files.mkdir({ workspaceId: ws.id, path: `shared/${folderName}/new` }))).toMatchObject({ reason: "read_only" });
    expect(await readFile(path.join(hostDir, "data.csv"), "utf8")).toBe("a,b\n1,2\n");
  });

  it("read-write where allowed: writes from an rw session land, a cow or ro session still mounts it read-only", async () => {
    const admin = await as(team.admin);
    const folder = (await admin.sharedFolders.list()).find((f) => f.name === folderName)!;
    await admin.sharedFolders.update({ id: folder.id, allowWrite: true });
    const { chmod } = await import("node:fs/promises");
    await chmod(hostDir, 0o777); // the sandbox uid must be able to write there at all
    await (await as(team.owner)).sharedFolders.attach({ workspaceId: ws.id, name: folderName, writable: true });
    const editor = await as(team.editor);
    const rw = await editor.sandbox.sessions.create({ workspaceId: ws.id });
    expect((await editor.sandbox.exec({ workspaceId: ws.id, sessionId: rw.id, command: `echo from-sandbox > /shared/${folderName}/written.txt` })).exitCode).toBe(0);
    expect(await readFile(path.join(hostDir, "written.txt"), "utf8")).toBe("from-sandbox\n");
    const cow = await editor.sandbox.sessions.create({ workspaceId: ws.id, access: "cow" });
    const w = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: cow.id, command: `echo x > /shared/${folderName}/cow.txt` });
    expect(w.stderr).toMatch(/Read-only file system/);
    // The files API stays read-only whatever the attachment says.
    expect(await failure(editor.files.write({ workspaceId: ws.id, path: `shared/${folderName}/api.txt`, content: "x" }))).toMatchObject({ reason: "read_only" });
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: rw.id });
    await editor.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: cow.id });
    // Taking write permission back makes the attachment read-only again.
    await admin.sharedFolders.update({ id: folder.id, allowWrite: false });
    expect((await (await as(team.owner)).sharedFolders.forWorkspace({ workspaceId: ws.id })).find((f) => f.name === folderName)).toMatchObject({ writable: false });
  });

  it("detaching removes it from new sessions and from the files API", async () => {
    const owner = await as(team.owner);
    expect(await owner.sharedFolders.detach({ workspaceId: ws.id, name: folderName })).toEqual({ name: folderName, detached: true });
    expect(await lastAudit({ actorUserId: team.owner.id, action: "sharedFolders.detach" })).toMatchObject({ workspaceId: ws.id, outcome: "ALLOWED" });
    const r = await owner.sandbox.exec({ workspaceId: ws.id, command: `test -e /shared/${folderName} && echo present || echo absent` });
    expect(r.stdout).toBe("absent\n");
    await owner.sandbox.sessions.stop({ workspaceId: ws.id, sessionId: r.sessionId });
    expect(await owner.files.exists({ workspaceId: ws.id, path: `shared/${folderName}/data.csv` })).toMatchObject({ exists: false });
  });
  it("a shared folder swapped for a symlink after it was defined is refused at the next mount, never followed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-shared-swap-"));
    const name = `swap-${process.pid}`;
    await (await as(team.admin)).sharedFolders.define({ name, hostPath: dir });
    await (await as(team.owner)).sharedFolders.attach({ workspaceId: ws.id, name });
    const { rename } = await import("node:fs/promises");
    await rename(dir, `${dir}-moved`);
    await symlink("/etc", dir);
    const editor = await as(team.editor);
    expect(await failure(editor.sandbox.sessions.create({ workspaceId: ws.id }))).toMatchObject({ appCode: "CONFLICT", reason: "shared_folder_invalid" });
    await (await as(team.owner)).sharedFolders.detach({ workspaceId: ws.id, name });
  });
});
