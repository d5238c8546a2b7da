// New workspace roots belong to the sandbox user (ATRIUM_SANDBOX_UID:GID) with mode 0700: the
// sandbox (which runs as that uid) owns its files, no other host account can read them, and files
// the API creates inherit the owner of their folder (files/ownership.ts), so both sides agree.
// Only Atrium running as root can give files away; otherwise roots stay Atrium's own user's (0700),
// and the sandbox runs as that user (workspace-prep.ts runs it as the root's owner).
import { lchown, lstat, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { env } from "~/env";

export function sandboxOwner(): { uid: number; gid: number } {
  return { uid: env().ATRIUM_SANDBOX_UID, gid: env().ATRIUM_SANDBOX_GID };
}

const runningAsRoot = () => process.getuid?.() === 0;

/** Makes a new (not yet existing) workspace root or staging folder: 0700, the sandbox user's. */
export async function makeWorkspaceRoot(dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o700 }); // not recursive: a leftover directory here is a bug, not something to reuse
  if (runningAsRoot()) {
    const { uid, gid } = sandboxOwner();
    await lchown(dir, uid, gid);
  }
}

/**
 * Hands a tree Atrium has just written itself (a template, before the workspace row is visible to
 * anyone) to the sandbox user. Never follows symlinks (lchown), never used on trees a tenant
 * could already touch: those go through the confined helper.
 */
export async function giveFreshTreeToSandbox(root: string): Promise<void> {
  if (!runningAsRoot()) return;
  const { uid, gid } = sandboxOwner();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      await lchown(full, uid, gid);
      if (entry.isDirectory() && !(await lstat(full)).isSymbolicLink()) await walk(full);
    }
  };
  await lchown(root, uid, gid);
  await walk(root);
}
