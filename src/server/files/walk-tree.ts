// Walks a workspace tree on disk without following symlinks: what usage measuring and the temp
// sweep share. Folders removed while the walk runs (a sandbox deleting files) are skipped.
import type { Dirent } from "node:fs";
import { opendir } from "node:fs/promises";
import path from "node:path";
import { isFsError } from "./fs-errors";

export interface TreeEntry {
  full: string;
  entry: Dirent;
}

/** Every entry under `root` (not the root itself); `descend` says which folders to enter (all by default). */
export async function* walkTree(root: string, descend: (entry: Dirent) => boolean = () => true): AsyncGenerator<TreeEntry> {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      if (isFsError(error, "ENOENT", "ENOTDIR", "EACCES")) continue;
      throw error;
    }
    for await (const entry of handle) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && descend(entry)) stack.push(full);
      yield { full, entry };
    }
  }
}
