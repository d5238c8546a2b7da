// Archive → unarchive round trips, checksum verification, non-empty targets, failure cleanup, delete.
import { chmod, mkdir, open, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { callerAs, failure, lastAudit } from "~/test/actors";
import { measureUsage } from "./quota";
import type * as Tarball from "./tarball";
import { exists, giveToSandbox, hostTempDir, makeUser, removeDataDir, sha256File, treeFingerprint } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("./test-data-dir")).withTempDataDir(await importOriginal()));

/** Runs between "archive written" and "registry updated", to make the registry step fail. */
const hooks = vi.hoisted(() => ({ afterPack: null as null | (() => Promise<void>) }));
vi.mock("./tarball", async (importOriginal) => {
  const real = await importOriginal<typeof Tarball>();
  return {
    ...real,
    packDirectory: async (...args: Parameters<typeof real.packDirectory>) => {
      const result = await real.packDirectory(...args);
      await hooks.afterPack?.();
      return result;
    },
  };
});

afterAll(removeDataDir);

async function richWorkspace() {
  const user = await makeUser();
  const caller = await callerAs(user);
  const ws = await caller.workspaces.create({ name: `Rich ${Math.random().toString(36).slice(2, 8)}`, template: "python" });
  const root = ws.rootPath;
  await mkdir(path.join(root, "src/deep/er"), { recursive: true });
  await mkdir(path.join(root, "empty-dir"));
  await writeFile(path.join(root, "src/deep/er/data.bin"), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)));
  await writeFile(path.join(root, "src/run.sh"), "#!/bin/sh\necho hi\n");
  await chmod(path.join(root, "src/run.sh"), 0o755);
  await writeFile(path.join(root, "ünïcödé name.txt"), "unicode\n");
  await writeFile(path.join(root, ".hidden"), "");
  await symlink("src/run.sh", path.join(root, "link-inside"));
  await giveToSandbox(root);
  return { user, caller, ws, root };
}

const archivesDir = () => path.join(env().dataDir, "archives");

describe("workspaces.archive / unarchive", () => {
  it("packs the tree into archives/<slug>_<YYYYMMDD_HHMMSS>.tar.gz with the recorded size and sha256, then removes the live files", async () => {
    const { user, caller, ws, root } = await richWorkspace();
    const result = await caller.workspaces.archive({ workspaceId: ws.id });
    const file = result.archive.path;
    expect(path.dirname(file)).toBe(archivesDir());
    expect(path.basename(file)).toMatch(new RegExp(`^${ws.slug}_\\d{8}_\\d{6}\\.tar\\.gz$`));
    expect(result.archive.sha256).toBe(await sha256File(file));
    expect(result.archive.bytes).toBe(BigInt((await stat(file)).size));
    expect(result).toMatchObject({ liveFilesRemoved: true, skipped: [], workspace: { status: "ARCHIVED", archive: result.archive } });
    expect(result.workspace.archivedAt).toBeInstanceOf(Date);
    expect(await exists(root)).toBe(false);
    expect((await readdir(archivesDir())).filter((n) => n.includes(".partial-"))).toEqual([]);
    expect(await lastAudit({ actorUserId: user.id, action: "workspaces.archive" })).toMatchObject({ outcome: "ALLOWED", workspaceId: ws.id, target: file });
    expect(await failure(caller.workspaces.archive({ workspaceId: ws.id }))).toMatchObject({ code: "CONFLICT", reason: "already_archived" });
    // Archived means read-only: the file service refuses writes, and nothing reappears on disk.
    expect(await failure(caller.files.write({ workspaceId: ws.id, path: "new.txt", content: "x" }))).toMatchObject({ code: "CONFLICT", reason: "workspace_archived" });
    expect(await exists(root)).toBe(false);
  });

  it("unarchives to the original root byte for byte (contents, modes, links), recomputes usage and removes the archive", async () => {
    const { caller, ws, root } = await richWorkspace();
    const before = await treeFingerprint(root);
    const usage = await measureUsage(root);
    const { archive } = await caller.workspaces.archive({ workspaceId: ws.id });
    await db().workspace.update({ where: { id: ws.id }, data: { usageBytes: 0n } });

    const { workspace, skipped } = await caller.workspaces.unarchive({ workspaceId: ws.id });
    expect(skipped).toEqual([]);
    expect(workspace).toMatchObject({ status: "ACTIVE", rootPath: root, archive: null, archivedAt: null, registered: false });
    expect(await treeFingerprint(root)).toEqual(before);
    expect(workspace.usageBytes).toBe(usage);
    expect(usage).toBeGreaterThan(70_000n);
    expect(await exists(archive.path)).toBe(false);
  });

  it("refuses a corrupted archive before extracting anything (CONFLICT archive_corrupt) and keeps it", async () => {
    const { caller, ws, root } = await richWorkspace();
    const { archive } = await caller.workspaces.archive({ workspaceId: ws.id });
    const handle = await open(archive.path, "r+");
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 100);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, 100);
    await handle.close();

    const err = await failure(caller.workspaces.unarchive({ workspaceId: ws.id }));
    expect(err).toMatchObject({ code: "CONFLICT", reason: "archive_corrupt" });
    expect(err.message).toMatch(/does not match its recorded checksum/);
    expect(await exists(root)).toBe(false);
    expect(await exists(archive.path)).toBe(true);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).status).toBe("ARCHIVED");
  });

  it("never overwrites: a non-empty target is CONFLICT target_not_empty; an empty one is fine", async () => {
    const { caller, ws, root } = await richWorkspace();
    await caller.workspaces.archive({ workspaceId: ws.id });
    await mkdir(root);
    await writeFile(path.join(root, "someone-elses.txt"), "keep me");
    expect(await failure(caller.workspaces.unarchive({ workspaceId: ws.id }))).toMatchObject({ code: "CONFLICT", reason: "target_not_empty" });
    expect(await readdir(root)).toEqual(["someone-elses.txt"]);
    expect(await readFile(path.join(root, "someone-elses.txt"), "utf8")).toBe("keep me");
    await rm(path.join(root, "someone-elses.txt"));
    await expect(caller.workspaces.unarchive({ workspaceId: ws.id })).resolves.toMatchObject({ workspace: { status: "ACTIVE" } });
    expect(await readdir(root)).toContain("main.py");
  });

  it("restores to another absolute path for admins only, under the host-directory rules", async () => {
    const { user, caller, ws } = await richWorkspace();
    const admin = await callerAs(await makeUser({ admin: true }));
    await caller.workspaces.archive({ workspaceId: ws.id });
    const target = path.join(await hostTempDir("restore"), "new-home");
    const denied = await failure(caller.workspaces.unarchive({ workspaceId: ws.id, targetPath: target }));
    expect(denied).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    expect(await lastAudit({ actorUserId: user.id, reason: "admin_required" })).toMatchObject({ action: "workspaces.unarchive", target });
    expect(await failure(admin.workspaces.unarchive({ workspaceId: ws.id, targetPath: "/etc/atrium-restore" }))).toMatchObject({ code: "FORBIDDEN", reason: "system_directory" });
    expect(await failure(admin.workspaces.unarchive({ workspaceId: ws.id, targetPath: "relative/dir" }))).toMatchObject({ reason: "path_not_absolute" });

    const { workspace } = await admin.workspaces.unarchive({ workspaceId: ws.id, targetPath: target });
    expect(workspace).toMatchObject({ status: "ACTIVE", rootPath: target, registered: true });
    expect(await readdir(target)).toContain("main.py");
  });

  it("refuses to unarchive onto a name the owner has since reused, until renamed", async () => {
    const { caller, ws } = await richWorkspace();
    await caller.workspaces.archive({ workspaceId: ws.id });
    await caller.workspaces.create({ name: ws.name });
    expect(await failure(caller.workspaces.unarchive({ workspaceId: ws.id }))).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(await exists(ws.rootPath)).toBe(false);
    await caller.workspaces.update({ workspaceId: ws.id, name: `${ws.name} (old)` });
    await expect(caller.workspaces.unarchive({ workspaceId: ws.id })).resolves.toMatchObject({ workspace: { status: "ACTIVE" } });
  });

  it("removes the archive and keeps the live files when the registry update fails after packing", async () => {
    const { caller, ws, root } = await richWorkspace();
    const before = await treeFingerprint(root);
    const listing = new Set(await readdir(archivesDir()).catch(() => []));
    hooks.afterPack = async () => {
      // Someone else archived it meanwhile: the guarded update (status ACTIVE) must not go through.
      await db().workspace.update({ where: { id: ws.id }, data: { status: "ARCHIVED" } });
    };
    try {
      // A conflict the caller can act on, not a 500.
      expect(await failure(caller.workspaces.archive({ workspaceId: ws.id }))).toMatchObject({ code: "CONFLICT", reason: "already_archived" });
    } finally {
      hooks.afterPack = null;
    }
    expect((await readdir(archivesDir())).filter((n) => !listing.has(n))).toEqual([]);
    expect(await treeFingerprint(root)).toEqual(before);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).archivePath).toBeNull();
  });
});

describe("workspaces.delete", () => {
  it("without files: registry only, files kept and their path reported; audited", async () => {
    const { user, caller, ws, root } = await richWorkspace();
    await expect(caller.workspaces.delete({ workspaceId: ws.id })).resolves.toEqual({ deleted: true, filesKept: true, path: root, archivePath: null });
    expect(await db().workspace.findUnique({ where: { id: ws.id } })).toBeNull();
    expect(await readdir(root)).toContain("main.py");
    expect(await lastAudit({ actorUserId: user.id, action: "workspaces.delete" })).toMatchObject({ outcome: "ALLOWED", target: ws.slug, workspaceId: ws.id });
    expect(await failure(caller.workspaces.get({ workspaceId: ws.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("with files: removes the root; for an archived workspace, the archive", async () => {
    const live = await richWorkspace();
    await expect(live.caller.workspaces.delete({ workspaceId: live.ws.id, deleteFiles: true })).resolves.toMatchObject({ deleted: true, filesKept: false, path: live.root });
    expect(await exists(live.root)).toBe(false);

    const archived = await richWorkspace();
    const { archive } = await archived.caller.workspaces.archive({ workspaceId: archived.ws.id });
    const kept = await archived.caller.workspaces.delete({ workspaceId: archived.ws.id, deleteFiles: true });
    expect(kept).toMatchObject({ filesKept: false, path: archive.path, archivePath: archive.path });
    expect(await exists(archive.path)).toBe(false);
  });

  it("reports the archive as the kept path when an archived workspace is deleted from the registry only", async () => {
    const { caller, ws } = await richWorkspace();
    const { archive } = await caller.workspaces.archive({ workspaceId: ws.id });
    await expect(caller.workspaces.delete({ workspaceId: ws.id, deleteFiles: false })).resolves.toMatchObject({ filesKept: true, path: archive.path });
    expect(await exists(archive.path)).toBe(true);
  });

  it("is for owners and admins: editors get FORBIDDEN", async () => {
    const { caller, ws } = await richWorkspace();
    const editor = await makeUser();
    await caller.members.invite({ workspaceId: ws.id, email: editor.email, role: "editor" });
    expect(await failure((await callerAs(editor)).workspaces.delete({ workspaceId: ws.id }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    await expect((await callerAs(await makeUser({ admin: true }))).workspaces.delete({ workspaceId: ws.id })).resolves.toMatchObject({ deleted: true });
  });
});
