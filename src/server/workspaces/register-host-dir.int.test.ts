// Registering existing host directories: who may, which paths, overlaps, and deleting them later.
import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { callerAs, failure, lastAudit } from "~/test/actors";
import { exists, giveToSandbox, hostTempDir, makeUser, removeDataDir } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("./test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

async function project() {
  const dir = await hostTempDir("project");
  await writeFile(path.join(dir, "app.py"), "print(1)\n");
  await mkdir(path.join(dir, "lib"));
  await writeFile(path.join(dir, "lib/util.py"), "x = 1\n");
  // Atrium reaches a registered tree only through its confined helper, as the tree's (unprivileged) owner.
  await giveToSandbox(dir);
  return dir;
}

describe("workspaces.registerHostDir", () => {
  it("registers an existing directory for an admin: registered, real path, measured usage, admin as owner", async () => {
    const admin = await makeUser({ admin: true });
    const caller = await callerAs(admin);
    const dir = await project();
    const link = path.join(await hostTempDir("links"), "the-link");
    await symlink(dir, link);
    const ws = await caller.workspaces.registerHostDir({ path: link, metadata: { source: "host" } });
    // Stored and named by where the link leads, so a later swap of the link changes nothing.
    expect(ws).toMatchObject({ registered: true, rootPath: dir, name: path.basename(dir), role: "owner", usageBytes: 15n, metadata: { source: "host" } });
    expect(await lastAudit({ actorUserId: admin.id, action: "workspaces.create" })).toMatchObject({ workspaceId: ws.id, details: { registered: true, rootPath: dir } });
  });

  it("is admin-only: others get FORBIDDEN admin_required, audited", async () => {
    const user = await makeUser();
    const err = await failure((await callerAs(user)).workspaces.registerHostDir({ path: await project() }));
    expect(err).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    expect(await lastAudit({ actorUserId: user.id, reason: "admin_required" })).toMatchObject({ action: "workspaces.registerHostDir" });
  });

  it("refuses /, system directories, relative, missing, files, links into /etc and the data dir, each with a clear reason", async () => {
    const caller = await callerAs(await makeUser({ admin: true }));
    const base = await hostTempDir("bad");
    await writeFile(path.join(base, "a-file"), "x");
    await symlink("/etc", path.join(base, "to-etc"));
    const cases: [string, string, string][] = [
      ["/", "FORBIDDEN", "system_directory"],
      ["/etc", "FORBIDDEN", "system_directory"],
      ["/usr/lib", "FORBIDDEN", "system_directory"],
      ["/proc/self", "FORBIDDEN", "system_directory"],
      ["relative/dir", "UNPROCESSABLE_CONTENT", "path_not_absolute"],
      [path.join(base, "missing"), "UNPROCESSABLE_CONTENT", "path_not_found"],
      [path.join(base, "a-file"), "UNPROCESSABLE_CONTENT", "not_a_directory"],
      [path.join(base, "to-etc"), "FORBIDDEN", "system_directory"],
      [env().dataDir, "FORBIDDEN", "atrium_data_dir"],
      [path.join(env().dataDir, "workspaces"), "FORBIDDEN", "atrium_data_dir"],
      [path.dirname(env().dataDir), "FORBIDDEN", "atrium_data_dir"],
    ];
    for (const [p, code, reason] of cases) {
      const err = await failure(caller.workspaces.registerHostDir({ path: p, name: `x ${Math.random()}` }));
      expect([p, err.code, err.reason]).toEqual([p, code, reason]);
      expect(err.message.length).toBeGreaterThan(20);
    }
  });

  it("refuses a directory already registered, inside one, or around one", async () => {
    const caller = await callerAs(await makeUser({ admin: true }));
    const dir = await project();
    await caller.workspaces.registerHostDir({ path: dir });
    expect(await failure(caller.workspaces.registerHostDir({ path: dir, name: "again" }))).toMatchObject({ code: "CONFLICT", reason: "already_registered" });
    expect(await failure(caller.workspaces.registerHostDir({ path: path.join(dir, "lib"), name: "inner" }))).toMatchObject({ code: "CONFLICT", reason: "overlaps_workspace" });
    const parent = await hostTempDir("parent");
    const child = path.join(parent, "child");
    await mkdir(child);
    await caller.workspaces.registerHostDir({ path: child });
    expect(await failure(caller.workspaces.registerHostDir({ path: parent, name: "outer" }))).toMatchObject({ code: "CONFLICT", reason: "overlaps_workspace" });
  });

  it("never deletes a registered directory's files unless an admin forces it", async () => {
    const adminUser = await makeUser({ admin: true });
    const admin = await callerAs(adminUser);
    const owner = await makeUser();
    const dir = await project();
    const ws = await admin.workspaces.registerHostDir({ path: dir });
    await admin.members.invite({ workspaceId: ws.id, email: owner.email, role: "owner" });
    const asOwner = await callerAs(owner);

    expect(await failure(asOwner.workspaces.delete({ workspaceId: ws.id, deleteFiles: true, force: true }))).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    expect(await failure(admin.workspaces.delete({ workspaceId: ws.id, deleteFiles: true }))).toMatchObject({ code: "CONFLICT", reason: "force_required" });
    expect((await readdir(dir)).sort()).toEqual(["app.py", "lib"]);
    await expect(admin.workspaces.delete({ workspaceId: ws.id, deleteFiles: true, force: true })).resolves.toMatchObject({ deleted: true, filesKept: false, path: dir });
    expect(await exists(dir)).toBe(false);
  });

  it("archiving a registered directory empties it but keeps the directory itself; unarchive refills it", async () => {
    const admin = await callerAs(await makeUser({ admin: true }));
    const dir = await project();
    const ws = await admin.workspaces.registerHostDir({ path: dir });
    await admin.workspaces.archive({ workspaceId: ws.id });
    expect(await readdir(dir)).toEqual([]);
    await admin.workspaces.unarchive({ workspaceId: ws.id });
    expect((await readdir(dir)).sort()).toEqual(["app.py", "lib"]);
  });
});
