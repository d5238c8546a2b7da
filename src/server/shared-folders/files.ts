// The files API's read-only view of shared folders: a workspace path `shared/<name>/…`, where
// <name> is a folder attached to the workspace, is served from that shared folder instead of the
// workspace tree (list, read, stat, exists). Everything goes through the confined helper rooted AT
// the shared folder (chrooted there, opening without following symbolic links), so a link inside
// it that points to `/` or anywhere else is refused, never followed. Changes under the prefix are
// refused by the path guard (a READ_ONLY rule per attachment, see `sharedFolderRules`), audited.
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { display, isFsError, toAppError } from "~/server/files/fs-errors";
import { detectTextKind, languageOf, looksBinary, mimeOf } from "~/server/files/language";
import { FILE_LIMITS } from "~/server/files/limits";
import { formatBytes } from "~/lib/format";
import type { ExistsResult, FileEntry, ListResult, ReadResult, StatResult } from "~/server/files/file-service";
import { isProtectedPath } from "~/server/files/path-guard";
import { parseRequestedPath } from "~/server/files/requested-path";
import { contentVersion, versionOfHandle } from "~/server/files/version";
import { confinedFs, type FsdStat } from "~/server/storage/confined-fs";

import { SHARED_PREFIX } from "./rules";

export { SHARED_PREFIX };

interface SharedTarget {
  name: string;
  hostPath: string;
  /** Workspace-style path as asked, e.g. `shared/data/a.csv`. */
  relative: string;
  /** Path inside the shared folder ("" for its root). */
  inner: string;
}

/**
 * Null when `rawPath` is not under an attached shared folder (the caller goes on with the
 * workspace tree). A spelling the path parser refuses is left to the normal path (its guard
 * refuses and audits it).
 */
export async function sharedTargetOf(workspaceId: string, rawPath: string | undefined): Promise<SharedTarget | null> {
  if (rawPath === undefined) return null;
  const parsed = parseRequestedPath(rawPath);
  if (!parsed.ok) return null;
  const [top, name, ...rest] = parsed.relative.split("/");
  if (top !== SHARED_PREFIX || !name) return null;
  const row = await db().workspaceSharedFolder.findFirst({ where: { workspaceId, sharedFolder: { name } }, select: { sharedFolder: { select: { hostPath: true } } } });
  if (!row) return null;
  return { name, hostPath: row.sharedFolder.hostPath, relative: parsed.relative, inner: rest.join("/") };
}

/** Protected names (keys, .env…) stay refused inside shared folders too, as everywhere. */
async function refuseProtected(ctx: RequestContext, access: WorkspaceAccess, t: SharedTarget, action: string): Promise<void> {
  if (t.inner === "" || !isProtectedPath(t.inner)) return;
  await audit.denied(ctx, { action, reason: "critical_file", target: t.relative, permission: "read", workspaceId: access.workspace.id });
  throw new AppError("PATH_DENIED", { message: `${display(t.relative)} is a protected file; Atrium does not serve it.`, reason: "critical_file" });
}

function entryOf(t: SharedTarget, name: string, stat: FsdStat): FileEntry {
  const path = `${t.relative}/${name}`;
  return {
    name,
    path,
    type: stat.type === "file" || stat.type === "directory" || stat.type === "symlink" ? stat.type : "other",
    size: stat.type === "file" ? stat.size : 0,
    modifiedAt: new Date(stat.mtimeMs).toISOString(),
    readOnly: true,
    ...(isProtectedPath(t.inner === "" ? name : `${t.inner}/${name}`) ? { locked: { reason: "critical_file" as const } } : {}),
  };
}

async function mapped<T>(t: SharedTarget, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    // ELOOP: the helper opens without following links; a link is reported as one, not followed.
    if (isFsError(error, "ELOOP")) {
      throw new AppError("PATH_DENIED", { message: `${display(t.relative)} goes through a symbolic link; links in shared folders are not followed.`, reason: "outside_workspace" });
    }
    throw toAppError(error, t.relative);
  }
}

export async function listShared(ctx: RequestContext, access: WorkspaceAccess, t: SharedTarget, input: { cursor?: string | null; limit?: number }): Promise<ListResult> {
  await refuseProtected(ctx, access, t, "files.list");
  return mapped(t, async () => {
    const all = (await confinedFs(t.hostPath).list(t.inner)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const limit = Math.min(Math.max(1, input.limit ?? FILE_LIMITS.listDefaultLimit), FILE_LIMITS.listMaxLimit);
    const start = input.cursor ? Math.max(0, all.findIndex((e) => e.name > input.cursor!)) : 0;
    const page = input.cursor && all.every((e) => e.name <= input.cursor!) ? [] : all.slice(start, start + limit);
    const last = page.at(-1);
    const more = last !== undefined && all.indexOf(all.find((e) => e.name === last.name)!) < all.length - 1;
    return { path: t.relative, entries: page.map((e) => entryOf(t, e.name, e.stat)), nextCursor: more ? last.name : null, truncated: more, total: all.length, incomplete: false };
  });
}

export async function readShared(ctx: RequestContext, access: WorkspaceAccess, t: SharedTarget, encoding: "auto" | "utf8" | "base64" = "auto"): Promise<ReadResult> {
  await refuseProtected(ctx, access, t, "files.read");
  return mapped(t, async () => {
    const { handle, stat } = await confinedFs(t.hostPath).open(t.inner, { read: true });
    try {
      if (stat.type === "directory") throw new AppError("CONFLICT", { message: `${display(t.relative)} is a folder. List it instead of reading it.`, reason: "is_a_directory" });
      if (stat.type !== "file") throw new AppError("INVALID_INPUT", { message: `${display(t.relative)} is not a regular file.`, reason: "not_a_regular_file" });
      const cap = encoding === "utf8" ? FILE_LIMITS.readTextMaxBytes : FILE_LIMITS.readBinaryMaxBytes;
      if (stat.size > cap) {
        throw new AppError("LIMIT_EXCEEDED", { message: `${display(t.relative)} is ${formatBytes(stat.size)}; reads are limited to ${formatBytes(cap)}.`, reason: "file_too_large", details: { size: stat.size, limit: cap } });
      }
      const bytes = (await handle.readFile()).subarray(0, cap);
      const binary = looksBinary(bytes);
      const asText = encoding === "utf8" || (encoding === "auto" && !binary);
      const kind = detectTextKind(t.relative);
      return {
        path: t.relative,
        encoding: asText ? ("utf8" as const) : ("base64" as const),
        content: asText ? bytes.toString("utf8") : bytes.toString("base64"),
        size: bytes.length,
        binary,
        language: binary ? "plaintext" : kind.language,
        mime: binary ? mimeOf(t.relative) : kind.mime,
        version: contentVersion(bytes),
        modifiedAt: new Date(stat.mtimeMs).toISOString(),
      };
    } finally {
      await handle.close();
    }
  });
}

export async function statShared(ctx: RequestContext, access: WorkspaceAccess, t: SharedTarget): Promise<StatResult> {
  await refuseProtected(ctx, access, t, "files.stat");
  return mapped(t, async () => {
    const { handle, stat } = await confinedFs(t.hostPath).open(t.inner, { read: true });
    try {
      const node = await handle.stat();
      const type = node.isFile() ? ("file" as const) : node.isDirectory() ? ("directory" as const) : ("other" as const);
      return {
        name: t.relative.slice(t.relative.lastIndexOf("/") + 1),
        path: t.relative,
        type,
        size: node.isFile() ? node.size : 0,
        modifiedAt: node.mtime.toISOString(),
        createdAt: node.birthtime.toISOString(),
        mode: `0${(node.mode & 0o7777).toString(8)}`,
        version: node.isFile() ? await versionOfHandle(handle) : null,
        language: type === "file" ? languageOf(t.relative) : "plaintext",
        mime: type === "directory" ? "inode/directory" : mimeOf(t.relative),
        readOnly: true,
      };
    } finally {
      void stat;
      await handle.close();
    }
  });
}

export async function existsShared(t: SharedTarget): Promise<ExistsResult> {
  const stat = await confinedFs(t.hostPath).statOrNull(t.inner);
  if (!stat) return { path: t.relative, exists: false, type: null };
  return { path: t.relative, exists: true, type: stat.type === "file" || stat.type === "directory" || stat.type === "symlink" ? stat.type : "other" };
}
