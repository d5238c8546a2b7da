// Whole workspace trees: creating a root, handing a tree to the sandbox uid, removing a tree. A
// root FOLDER is a name Atrium chose inside a root-only folder (`workspaces/`, the data dir), so
// root may create, rename and remove it by path; everything BELOW it is the sandbox's and is only
// touched through the confined helper (its adopt mode, or its removal from folder descriptors),
// which never follows a symlink a sandbox planted there.
import { spawn } from "node:child_process";
import { chmod, chown, lstat, mkdir, rmdir } from "node:fs/promises";
import { env } from "~/env";
import { confinedFs, releaseConfinedFs, sandboxIdentity } from "./confined-fs";
import { fsdBinaryPath } from "./fsd/fsd-build";

export interface AdoptResult {
  adopted: number;
  errors: number;
}

/**
 * Gives every entry under `root` (and `root`) to the sandbox uid:gid and clears setuid/setgid
 * bits, through `atrium-fsd --adopt`: chrooted into `root`, with only the ownership capabilities,
 * walking by descriptors. Used to migrate trees from an older sandbox uid and for trees root made.
 * Not root: nothing to do (files already belong to the one user Atrium runs as).
 */
export async function adoptTree(root: string): Promise<AdoptResult> {
  if (process.getuid?.() !== 0) return { adopted: 0, errors: 0 };
  const { uid, gid } = sandboxIdentity();
  // The helper holds the old owner's identity for this root: stop it, a new one starts as the new owner.
  await releaseConfinedFs(root);
  const child = spawn(fsdBinaryPath(env().ATRIUM_FSD_BINARY), ["--adopt", root, String(uid), String(gid)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  const parsed = /\{"adopted":(\d+),"errors":(\d+)\}/.exec(out);
  if (!parsed) throw new Error(`handing ${root} to the sandbox user failed (exit ${code}): ${err.trim() || out.trim()}`);
  return { adopted: Number(parsed[1]), errors: Number(parsed[2]) };
}

/** True when `root` exists and does not belong to the sandbox uid:gid. */
export async function needsAdoption(root: string): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const st = await lstat(root).catch(() => null);
  const { uid, gid } = sandboxIdentity();
  return st !== null && st.isDirectory() && (st.uid !== uid || st.gid !== gid);
}

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
    const fs = confinedFs(root);
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
