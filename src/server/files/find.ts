// Every file path in a workspace (or under a folder), for the IDE's quick open (Ctrl+P) and for
// agents that want the whole tree in one call. A capped walk with the same rules as grep: never
// follows links, leaves out protected and blocked paths, and skips folders matching `exclude`.
import { lstat, opendir } from "node:fs/promises";
import path from "node:path";
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { isTempName } from "./atomic";
import { mapFsErrors } from "./fs-errors";
import { globMatcher } from "./grep-match";
import { isProtectedPath } from "./path-guard";
import { assertWalkedDirectory, classifyWalked, guard, joinRelative, openScope, type WalkedPath } from "./scope";

export const FIND_LIMITS = {
  defaultMaxFiles: 20_000,
  maxFiles: 100_000,
  /** Folders read before giving up, whatever they hold: bounds the walk of a tree of empty folders. */
  maxDirectories: 50_000,
} as const;

export interface FindInput {
  /** Folder to list below; "" for the workspace root. */
  path?: string;
  /** Globs of files and folders to leave out, e.g. `node_modules`, `.git`. */
  exclude?: string[];
  maxFiles?: number;
}

export interface FindResult {
  /** Workspace-relative file paths, `/`-separated, folder by folder in name order. */
  files: string[];
  /** The walk stopped at a limit: more files exist than were returned. */
  truncated: boolean;
}

export async function findFiles(ctx: RequestContext, access: WorkspaceAccess, input: FindInput): Promise<FindResult> {
  const scope = await openScope(ctx, access, "files.find", "list");
  const guarded = await guard(scope, input.path ?? "", "list");
  const root: WalkedPath = { relative: guarded.relative, absolute: guarded.absolute, real: guarded.absolute };
  const maxFiles = Math.min(Math.max(1, input.maxFiles ?? FIND_LIMITS.defaultMaxFiles), FIND_LIMITS.maxFiles);
  const exclude = globMatcher(input.exclude ?? []);
  const files: string[] = [];

  const rootStat = await mapFsErrors(root.relative, () => lstat(root.absolute));
  if (!rootStat.isDirectory()) {
    if (rootStat.isFile() && !isProtectedPath(root.relative) && !classifyWalked(scope, root, "read")) files.push(root.relative);
    return { files, truncated: false };
  }

  const stack: WalkedPath[] = [root];
  let directories = 0;
  while (stack.length > 0) {
    if (directories >= FIND_LIMITS.maxDirectories) return { files, truncated: true };
    const dir = stack.pop()!;
    directories++;
    const names: { name: string; dir: boolean; file: boolean }[] = [];
    try {
      if (dir !== root) await assertWalkedDirectory(scope, dir);
      for await (const d of await opendir(dir.absolute)) names.push({ name: d.name, dir: d.isDirectory(), file: d.isFile() });
    } catch {
      continue; // vanished, unreadable or swapped mid-walk: nothing to list there
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: WalkedPath[] = [];
    for (const entry of names) {
      if (isTempName(entry.name) || (!entry.dir && !entry.file)) continue; // links, sockets, devices: never followed
      const walked: WalkedPath = { relative: joinRelative(dir.relative, entry.name), absolute: path.join(dir.absolute, entry.name), real: path.join(dir.real, entry.name) };
      if (isProtectedPath(walked.relative) || classifyWalked(scope, walked, "read")) continue;
      if (exclude?.(walked.relative)) continue;
      if (entry.dir) {
        subdirs.push(walked);
        continue;
      }
      if (files.length >= maxFiles) return { files, truncated: true };
      files.push(walked.relative);
    }
    stack.push(...subdirs.reverse());
  }
  return { files, truncated: false };
}
