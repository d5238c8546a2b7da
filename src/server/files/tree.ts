// Walking a folder for the recursive operations (copy, move, delete, download): every entry under
// it, listed by the workspace's confined helper (symlinks never followed, temp files left out), so
// each can be checked against the guard before anything changes.
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";
import { explainRelative } from "./classify-path";
import { display, isFsError } from "./fs-errors";
import { FILE_LIMITS } from "./limits";
import type { EntryType } from "./listing";
import type { FileOp } from "./path-guard";
import { type FileScope, joinRelative, type WalkedPath } from "./scope";

export interface TreeEntry extends WalkedPath {
  /** Path relative to the walked folder. */
  inner: string;
  type: EntryType;
  size: number;
  mode: number;
  mtime: Date;
  /** Hard links of a regular file (more than one: never served, see the path guard). */
  nlink: number;
}

export function typeOfStat(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  return stat.isSymbolicLink() ? "symlink" : stat.isDirectory() ? "directory" : stat.isFile() ? "file" : "other";
}

function tooMany(root: WalkedPath, maxEntries: number): AppError {
  return new AppError("LIMIT_EXCEEDED", {
    message: `${display(root.relative)} holds more than ${maxEntries.toLocaleString("en")} files and folders, too many for one request. Work on smaller parts, or use a terminal.`,
    reason: "too_many_files",
  });
}

/**
 * Every entry below `root` (not `root` itself), parents before children. Throws LIMIT_EXCEEDED
 * past `maxEntries` so a stray node_modules cannot pin the server.
 */
export async function walkTree(scope: FileScope, root: WalkedPath, maxEntries: number = FILE_LIMITS.treeMaxEntries): Promise<TreeEntry[]> {
  let walked;
  try {
    walked = await scope.fs.walk(root.real, { max: maxEntries, skipTemp: true });
  } catch (error) {
    if (isFsError(error, "E2BIG")) throw tooMany(root, maxEntries);
    if (isFsError(error, "ENOENT")) return [];
    throw error;
  }
  return walked.map(({ inner, stat }) => ({
    relative: joinRelative(root.relative, inner),
    real: root.real === "" ? inner : `${root.real}/${inner}`,
    inner,
    type: stat.type,
    size: stat.type === "file" ? stat.size : 0,
    mode: stat.mode,
    mtime: new Date(stat.mtimeMs),
    nlink: stat.nlink,
  }));
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
  for (const entry of entries) {
    const checks: [string, FileOp][] = [[entry.relative, op]];
    if (entry.real !== entry.relative) checks.push([entry.real, op]);
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
