// Walking a folder for the recursive operations (copy, move, delete, download): every entry under
// it, symlinks never followed, so each can be checked against the guard before anything changes.
import { lstat, opendir } from "node:fs/promises";
import path from "node:path";
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";
import { isTempName } from "./atomic";
import { explainRelative } from "./classify-path";
import { display } from "./fs-errors";
import { FILE_LIMITS } from "./limits";
import type { EntryType } from "./listing";
import type { FileOp } from "./path-guard";
import { assertWalkedDirectory, type FileScope, joinRelative, type WalkedPath } from "./scope";

export interface TreeEntry extends WalkedPath {
  /** Path relative to the walked folder. */
  inner: string;
  type: EntryType;
  size: number;
  mode: number;
  mtime: Date;
}

export function typeOfStat(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  return stat.isSymbolicLink() ? "symlink" : stat.isDirectory() ? "directory" : stat.isFile() ? "file" : "other";
}

/**
 * Every entry below `root` (not `root` itself), parents before children. Throws LIMIT_EXCEEDED
 * past `maxEntries` so a stray node_modules cannot pin the server.
 */
export async function walkTree(scope: FileScope, root: WalkedPath, maxEntries: number = FILE_LIMITS.treeMaxEntries): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const queue: (WalkedPath & { inner: string })[] = [{ ...root, inner: "" }];
  // An index instead of shift(): shifting a long array is linear each time.
  for (let next = 0; next < queue.length; next++) {
    const dir = queue[next]!;
    if (dir.inner !== "") await assertWalkedDirectory(scope, dir);
    let handle;
    try {
      handle = await opendir(dir.absolute);
    } catch (error) {
      // A folder removed while we walk has nothing left to check.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    for await (const dirent of handle) {
      if (isTempName(dirent.name)) continue;
      const absolute = path.join(dir.absolute, dirent.name);
      const stat = await lstat(absolute).catch(() => null);
      if (!stat) continue;
      const entry: TreeEntry = {
        relative: joinRelative(dir.relative, dirent.name),
        inner: dir.inner === "" ? dirent.name : `${dir.inner}/${dirent.name}`,
        absolute,
        real: path.join(dir.real, dirent.name),
        type: typeOfStat(stat),
        size: stat.isFile() ? stat.size : 0,
        mode: stat.mode & 0o7777,
        mtime: stat.mtime,
      };
      out.push(entry);
      if (out.length > maxEntries) {
        throw new AppError("LIMIT_EXCEEDED", {
          message: `${display(root.relative)} holds more than ${maxEntries.toLocaleString("en")} files and folders, too many for one request. Work on smaller parts, or use a terminal.`,
          reason: "too_many_files",
        });
      }
      if (entry.type === "directory") queue.push(entry);
    }
  }
  return out;
}

export function treeBytes(entries: readonly TreeEntry[]): number {
  return entries.reduce((sum, e) => sum + e.size, 0);
}

/**
 * Every entry must pass the guard's rules for `op` (by its name and by its real name), and for copy
 * and move its new home under `destination` must pass for `write`: renaming a folder must not
 * carry a file out from under a rule such as `secrets/*.txt`, and deleting one must not remove a
 * read-only or protected file inside it. The first refusal is audited and names the entry.
 */
export async function assertTreeAllowed(
  scope: FileScope,
  root: WalkedPath,
  entries: readonly TreeEntry[],
  op: FileOp,
  verb: string,
  destination?: { relative: string },
): Promise<void> {
  const realRoot = path.relative(scope.rootReal, root.real).split(path.sep).join("/");
  for (const entry of entries) {
    const checks: [string, FileOp][] = [[entry.relative, op]];
    const realRelative = realRoot === "" ? entry.inner : `${realRoot}/${entry.inner}`;
    if (realRelative !== entry.relative) checks.push([realRelative, op]);
    if (destination) checks.push([joinRelative(destination.relative, entry.inner), "write"]);
    for (const [relative, checkOp] of checks) {
      const refusal = explainRelative(relative, scope.target.rules, checkOp, scope.access.role);
      if (!refusal) continue;
      await audit.denied(scope.ctx, {
        action: scope.action,
        reason: refusal.reason,
        target: relative,
        permission: checkOp,
        workspaceId: scope.target.id,
        details: { ...refusal.details, stage: "tree", requested: root.relative },
      });
      throw new AppError("PATH_DENIED", {
        message: `Cannot ${verb} ${display(root.relative)}: it contains "${relative}". ${refusal.message}`,
        reason: refusal.reason,
        details: { path: relative },
      });
    }
  }
}
