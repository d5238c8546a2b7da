// The files a caller may read under a folder, in name order, for quick open (find) and grep: one
// walk through the confined helper's listings (never following links), leaving out temp files,
// protected and blocked paths, excluded globs, and files with more than one hard link.
import { isTempName } from "./atomic";
import { mapFsErrors } from "./fs-errors";
import { isProtectedPath } from "./path-guard";
import { classifyWalked, type FileScope, joinRelative, type WalkedPath } from "./scope";

export interface ReadableFile extends WalkedPath {
  size: number;
}

export interface ReadableWalkOptions {
  exclude?: ((relative: string) => boolean) | null;
  include?: ((relative: string) => boolean) | null;
  /** Folders read before giving up; then `null` is yielded once and the walk ends. */
  maxDirectories?: number;
}

function allowed(scope: FileScope, entry: WalkedPath): boolean {
  return !isProtectedPath(entry.relative) && !classifyWalked(scope, entry, "read");
}

/** Yields each readable file; yields `null` (and stops) when `maxDirectories` was reached. */
export async function* readableFiles(scope: FileScope, root: WalkedPath, options: ReadableWalkOptions = {}): AsyncGenerator<ReadableFile | null> {
  const rootStat = await mapFsErrors(root.relative, () => scope.fs.stat(root.real));
  if (rootStat.type === "file") {
    if (rootStat.nlink <= 1 && allowed(scope, root)) yield { ...root, size: rootStat.size };
    return;
  }
  if (rootStat.type !== "directory") return;
  const stack: WalkedPath[] = [root];
  let directories = 0;
  while (stack.length > 0) {
    if (options.maxDirectories !== undefined && directories >= options.maxDirectories) {
      yield null;
      return;
    }
    const dir = stack.pop()!;
    directories++;
    let listed;
    try {
      listed = await scope.fs.list(dir.real);
    } catch {
      continue; // vanished, unreadable or swapped for a link mid-walk: nothing to read there
    }
    listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: WalkedPath[] = [];
    for (const { name, stat } of listed) {
      // Links, sockets, devices: never followed or read. Hard-linked files: never served.
      if (isTempName(name) || (stat.type !== "directory" && stat.type !== "file") || (stat.type === "file" && stat.nlink > 1)) continue;
      const walked: WalkedPath = { relative: joinRelative(dir.relative, name), real: dir.real === "" ? name : `${dir.real}/${name}` };
      if (!allowed(scope, walked) || options.exclude?.(walked.relative)) continue;
      if (stat.type === "directory") {
        subdirs.push(walked);
        continue;
      }
      if (options.include && !options.include(walked.relative)) continue;
      yield { ...walked, size: stat.size };
    }
    // Reverse so that popping visits sub-folders in name order.
    stack.push(...subdirs.reverse());
  }
}
