// Helpers shared by archive, unarchive and delete: archive names and removing a live tree.
import { access, lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { removeWorkspaceTree } from "~/server/storage/whole-tree";
import { archivesDir } from "./paths";
import { isNotFound } from "./host-dir";

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYYMMDD_HHMMSS` in UTC, so archive names sort by time whatever the server's zone. */
export function archiveStamp(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}_${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
}

/** `<archives>/<slug>_<stamp>.tar.gz`, with `-2`, `-3`… when a name from the same second exists. */
export async function freeArchivePath(slug: string, at: Date): Promise<string> {
  const base = `${slug}_${archiveStamp(at)}`;
  for (let n = 1; ; n++) {
    const candidate = path.join(archivesDir(), `${n === 1 ? base : `${base}-${n}`}.tar.gz`);
    try {
      await access(candidate);
    } catch (error) {
      if (isNotFound(error)) return candidate;
      throw error;
    }
  }
}

/** Whether `dir` is missing or an empty directory (what unarchive may restore into). */
export async function isEmptyOrMissing(dir: string): Promise<"missing" | "empty" | "not_empty" | "not_a_directory"> {
  let info;
  try {
    info = await lstat(dir);
  } catch (error) {
    if (isNotFound(error)) return "missing";
    throw error;
  }
  if (!info.isDirectory()) return "not_a_directory";
  return (await readdir(dir)).length === 0 ? "empty" : "not_empty";
}

/**
 * Removes a workspace's live tree, through its confined helper (never `rm -r` as root below the
 * root). Atrium's own roots go entirely; a host directory keeps its (now empty) top directory,
 * which may be a mount point or carry permissions set by the host.
 */
export async function removeTree(root: string, options: { keepTop: boolean }): Promise<void> {
  await removeWorkspaceTree(root, options);
}
