// Every file path in a workspace (or under a folder), for the IDE's quick open (Ctrl+P) and for
// agents that want the whole tree in one call. A capped walk with the same rules as grep: never
// follows links, leaves out protected and blocked paths, and skips folders matching `exclude`.
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { globMatcher } from "./grep-match";
import { confinedPath } from "./path-guard";
import { readableFiles } from "./readable-files";
import { guard, openScope, type WalkedPath } from "./scope";

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
  const root: WalkedPath = { relative: guarded.relative, real: confinedPath(guarded).rel };
  const maxFiles = Math.min(Math.max(1, input.maxFiles ?? FIND_LIMITS.defaultMaxFiles), FIND_LIMITS.maxFiles);
  const files: string[] = [];
  for await (const file of readableFiles(scope, root, { exclude: globMatcher(input.exclude ?? []), maxDirectories: FIND_LIMITS.maxDirectories })) {
    if (file === null || files.length >= maxFiles) return { files, truncated: true };
    files.push(file.relative);
  }
  return { files, truncated: false };
}
