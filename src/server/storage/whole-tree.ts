// Operations on a whole tree that a sandbox may have written: handing it to the sandbox uid, and
// removing it. Both run confined (the helper's adopt mode, or its removal from folder
// descriptors), never as root resolving paths inside the tree.
import { spawn } from "node:child_process";
import { lstat, rmdir } from "node:fs/promises";
import { env } from "~/env";
import { isFsError } from "~/server/files/fs-errors";
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

/**
 * Removes `root` and everything in it: the contents through the confined helper (a sandbox
 * swapping a folder for a link to the host meanwhile gets the link removed, nothing else), then
 * the empty root folder itself by name. A missing root is fine.
 */
export async function removeWholeTree(root: string): Promise<void> {
  const fs = confinedFs(root);
  let entries;
  try {
    entries = await fs.list("");
  } catch (error) {
    if (isFsError(error, "ENOENT") || (error instanceof Error && "reason" in error && error.reason === "workspace_root_missing")) return;
    throw error;
  }
  for (const entry of entries) await fs.removeTree(entry.name);
  await releaseConfinedFs(root);
  await rmdir(root).catch((error: unknown) => {
    if (!isFsError(error, "ENOENT")) throw error;
  });
}
