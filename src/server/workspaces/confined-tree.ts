// Whole workspace trees, created and removed the confined way. A root FOLDER is a name Atrium
// chose inside a root-only folder (`workspaces/`, the data dir), so root may create and rename it
// by path; everything BELOW it is the sandbox's and is only touched through its confined helper
// (storage/confined-fs.ts), which never follows a symlink a sandbox planted there.
import { chmod, chown, lstat, mkdir, rmdir } from "node:fs/promises";
import { type ConfinedFs, confinedFs, releaseConfinedFs, sandboxIdentity } from "~/server/storage/confined-fs";

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/**
 * Creates `dir` (not its parents: they are Atrium's) as a new, empty workspace root: owned by the
 * sandbox uid/gid, mode 0700 (no other host user may read a workspace), so the confined helper
 * (which runs as that uid) can fill it.
 */
export async function makeSandboxRoot(dir: string): Promise<void> {
  await mkdir(dir, { mode: 0o700 }); // not recursive: a leftover folder with this name is a bug, not something to reuse
  await handRootToSandbox(dir);
}

/** Gives an existing, EMPTY root folder to the sandbox uid with mode 0700 (an unarchive target a host admin made). */
export async function handRootToSandbox(dir: string): Promise<void> {
  if (process.getuid?.() === 0) {
    const { uid, gid } = sandboxIdentity();
    await chown(dir, uid, gid);
  }
  await chmod(dir, 0o700);
}

/**
 * The confined view of `root` for a call that lists or walks the root folder itself.
 * WORKAROUND (remove once atrium-fsd reopens the root for LIST/WALK): the helper serves "" from a
 * dup of its root descriptor, which shares the directory offset, so a second LIST/WALK of "" by
 * the same helper process sees nothing (an empty archive, a "removed" tree that is still there).
 * A fresh helper per root-level listing sidesteps it; calls in flight on the old one finish.
 */
export async function freshConfinedFs(root: string): Promise<ConfinedFs> {
  await releaseConfinedFs(root);
  return confinedFs(root);
}

/**
 * Removes everything below `root` through its confined helper (unlinkat from folder descriptors,
 * never following a symlink), then, unless `keepTop`, the now empty root folder itself by path.
 * A missing root is already removed.
 */
export async function removeWorkspaceTree(root: string, options: { keepTop: boolean }): Promise<void> {
  let info;
  try {
    info = await lstat(root);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  if (info.isDirectory()) {
    const fs = await freshConfinedFs(root);
    try {
      for (const entry of await fs.list("")) await fs.removeTree(entry.name);
    } finally {
      // The helper holds the folder open; it must not outlive it (nor serve a later folder of that name).
      await releaseConfinedFs(root);
    }
  }
  if (options.keepTop) return;
  // rmdir, not rm -r: if anything appeared in between, this fails instead of recursing as root.
  if (info.isDirectory()) await rmdir(root);
  else throw new Error(`${root} is not a folder, so it was not removed`);
}
