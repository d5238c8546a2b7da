// Looking at the tree without reading file contents: list (paginated, locked entries shown as
// locked rather than hidden), stat and exists.
import { constants, type Stats } from "node:fs";
import path from "node:path";
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { isTempName } from "./atomic";
import { isFsError, mapFsErrors, toAppError } from "./fs-errors";
import { languageOf, mimeOf } from "./language";
import { FILE_LIMITS } from "./limits";
import { type EntryType, paginate } from "./listing";
import { confinedCall, openGuarded, type PathDenyReason } from "./path-guard";
import { classifyWalked, type FileScope, guard, joinRelative, openScope, type WalkedPath } from "./scope";
import { typeOfStat } from "./tree";
import { versionOfHandle } from "./version";

export interface FileEntry {
  name: string;
  /** Workspace-relative path, `/`-separated. */
  path: string;
  type: EntryType;
  /** Bytes for files; 0 for folders. */
  size: number;
  modifiedAt: string;
  /** Set when the guard would refuse to read it: shown locked in the IDE, not hidden. */
  locked?: { reason: PathDenyReason };
  /** The caller may read but not change it (read-only rule, protected file, or viewer role). */
  readOnly: boolean;
  /** For symlinks: where the link points, as written in the link. */
  target?: string;
}

export interface ListInput {
  path?: string;
  cursor?: string | null;
  limit?: number;
}

export interface ListResult {
  path: string;
  entries: FileEntry[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** More entries follow this page. */
  truncated: boolean;
  /** Entries in the folder (up to the scan limit). */
  total: number;
  /** The folder holds more than the server will sort; the listing shows only part of it. */
  incomplete: boolean;
}

function entryFlags(scope: FileScope, entry: WalkedPath): Pick<FileEntry, "locked" | "readOnly"> {
  const locked = classifyWalked(scope, entry, "read");
  if (locked) return { locked: { reason: locked }, readOnly: true };
  return { readOnly: classifyWalked(scope, entry, "write") !== null };
}

export async function listDirectory(ctx: RequestContext, access: WorkspaceAccess, input: ListInput): Promise<ListResult> {
  const scope = await openScope(ctx, access, "files.list", "list");
  const dir = await guard(scope, input.path ?? "", "list");
  const limit = Math.min(Math.max(1, input.limit ?? FILE_LIMITS.listDefaultLimit), FILE_LIMITS.listMaxLimit);

  // Listed by the confined helper from the folder's descriptor, so a swap for a symlink after the
  // guard's check makes the listing fail instead of showing somewhere else.
  return mapFsErrors(dir.relative, () =>
    confinedCall(dir, async ({ fs, rel }) => {
      let all = (await fs.list(rel)).filter((e) => !isTempName(e.name));
      const incomplete = all.length > FILE_LIMITS.listMaxScan;
      if (incomplete) all = all.slice(0, FILE_LIMITS.listMaxScan);
      const byName = new Map(all.map((e) => [e.name, e.stat]));
      const names = all.map((e) => ({ name: e.name, type: e.stat.type }));
      const page = paginate(names, limit, input.cursor);
      const entries = await Promise.all(
        page.items.map(async ({ name, type }): Promise<FileEntry> => {
          const stat = byName.get(name)!;
          const entry: WalkedPath = { relative: joinRelative(dir.relative, name), real: rel === "" ? name : `${rel}/${name}` };
          return {
            name,
            path: entry.relative,
            type,
            size: stat.type === "file" ? stat.size : 0,
            modifiedAt: new Date(stat.mtimeMs).toISOString(),
            ...(stat.type === "file" && stat.nlink > 1 ? { locked: { reason: "hard_link" as const }, readOnly: true } : entryFlags(scope, entry)),
            ...(stat.type === "symlink" ? { target: await fs.readlink(entry.real).catch(() => "") } : {}),
          };
        }),
      );
      return {
        path: dir.relative,
        entries,
        nextCursor: page.nextCursor,
        truncated: page.nextCursor !== null,
        total: names.length,
        incomplete,
      };
    }),
  );
}

export interface StatResult extends FileEntry {
  createdAt: string;
  /** Permission bits, e.g. "0644". */
  mode: string;
  /** The version to send back as `ifMatch` when writing; null for folders and links. */
  version: string | null;
  language: string;
  mime: string;
}

export async function statPath(ctx: RequestContext, access: WorkspaceAccess, input: { path: string }): Promise<StatResult> {
  const scope = await openScope(ctx, access, "files.stat", "read");
  const p = await guard(scope, input.path, "read");
  return mapFsErrors(p.relative, async () => {
    // Through the guard's handle: the stat and the version describe the very file it approved.
    const handle = await openGuarded(p, constants.O_RDONLY);
    let stat: Stats;
    let version: string | null = null;
    try {
      stat = await handle.stat();
      if (stat.isFile()) version = await versionOfHandle(handle);
    } finally {
      await handle.close();
    }
    const type = typeOfStat(stat);
    return {
      name: p.relative === "" ? "" : path.posix.basename(p.relative),
      path: p.relative,
      type,
      size: stat.isFile() ? stat.size : 0,
      modifiedAt: stat.mtime.toISOString(),
      createdAt: stat.birthtime.toISOString(),
      mode: `0${(stat.mode & 0o7777).toString(8)}`,
      version,
      language: type === "file" ? languageOf(p.relative) : "plaintext",
      mime: type === "directory" ? "inode/directory" : mimeOf(p.relative),
      ...entryFlags(scope, { relative: p.relative, real: path.relative(scope.rootReal, p.absolute).split(path.sep).join("/") }),
    };
  });
}

export interface ExistsResult {
  path: string;
  exists: boolean;
  type: EntryType | null;
}

export async function pathExists(ctx: RequestContext, access: WorkspaceAccess, input: { path: string }): Promise<ExistsResult> {
  const scope = await openScope(ctx, access, "files.exists", "list");
  const p = await guard(scope, input.path, "list");
  try {
    const stat = await confinedCall(p, ({ fs, rel }) => fs.stat(rel));
    return { path: p.relative, exists: true, type: stat.type };
  } catch (error) {
    if (isFsError(error, "ENOENT", "ENOTDIR")) return { path: p.relative, exists: false, type: null };
    throw toAppError(error, p.relative);
  }
}
