// Changing one file or folder: write (atomic, optional ifMatch), append, mkdir. Quota is claimed
// before any byte lands and settled after; a failed write gives its claim back. Files are created
// and renamed inside the parent folder pinned by the path guard, so a folder swapped for a
// symlink after the check cannot redirect the write.
import { constants, type Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { mkdirInherit } from "./ownership";
import path from "node:path";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import { adjustUsage, reserveUsage } from "~/server/workspaces/quota";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { withPathLocks, writeAtomic } from "./atomic";
import { display, isFsError, mapFsErrors } from "./fs-errors";
import { FILE_LIMITS, formatBytes } from "./limits";
import { type GuardedPath, openGuarded, withPinnedParent } from "./path-guard";
import { assertNotRoot, guard, openScope } from "./scope";
import { sameVersion, versionOfHandle } from "./version";

export type WriteEncoding = "utf8" | "base64";

export interface WriteInput {
  path: string;
  content: string;
  encoding?: WriteEncoding;
  /** The version the caller last read; a different current version is a conflict and nothing is written. */
  ifMatch?: string;
  /** False: refuse if the file exists (create-only). Default true. */
  overwrite?: boolean;
  /** Create missing parent folders. Default true. */
  createParents?: boolean;
}

export interface WriteResult {
  path: string;
  size: number;
  version: string;
  modifiedAt: string;
  created: boolean;
}

export function decodeContent(content: string, encoding: WriteEncoding, relative: string): Buffer {
  const bytes = encoding === "base64" ? Buffer.from(content, "base64") : Buffer.from(content, "utf8");
  if (bytes.length > FILE_LIMITS.writeMaxBytes) {
    throw new AppError("PAYLOAD_TOO_LARGE", {
      message: `The content for ${display(relative)} is ${formatBytes(bytes.length)}; one write may carry at most ${formatBytes(FILE_LIMITS.writeMaxBytes)}. Upload larger files instead.`,
      reason: "file_too_large",
      details: { size: bytes.length, limit: FILE_LIMITS.writeMaxBytes },
    });
  }
  return bytes;
}

export async function lstatOrNull(absolute: string): Promise<Stats | null> {
  try {
    return await lstat(absolute);
  } catch (error) {
    if (isFsError(error, "ENOENT")) return null;
    throw error;
  }
}

function versionConflict(relative: string, currentVersion: string | null): AppError {
  return new AppError("CONFLICT", {
    message: currentVersion
      ? `${display(relative)} changed since you opened it. Reload it (or compare your changes) and save again.`
      : `${display(relative)} was deleted since you opened it. Save it again without ifMatch to recreate it.`,
    reason: "version_conflict",
    details: { path: relative, currentVersion },
  });
}

async function currentVersion(p: GuardedPath): Promise<string> {
  const handle = await openGuarded(p, constants.O_RDONLY);
  try {
    return await versionOfHandle(handle);
  } finally {
    await handle.close();
  }
}

function parentMissing(relative: string): AppError {
  return new AppError("NOT_FOUND", {
    message: `The folder for ${display(relative)} does not exist. Create it first, or write with createParents.`,
    reason: "parent_not_found",
  });
}

/** withPinnedParent, with a missing parent (when we were told not to create it) reported as such. */
async function inParent<T>(p: GuardedPath, createParents: boolean, fn: (dir: string, name: string) => Promise<T>): Promise<T> {
  let entered = false;
  try {
    return await withPinnedParent(
      p,
      (dir, name) => {
        entered = true;
        return fn(dir, name);
      },
      { createParents },
    );
  } catch (error) {
    if (!entered && !createParents && isFsError(error, "ENOENT")) throw parentMissing(p.relative);
    throw error;
  }
}

export async function writeFile(ctx: RequestContext, access: WorkspaceAccess, input: WriteInput): Promise<WriteResult> {
  const scope = await openScope(ctx, access, "files.write", "write");
  const p = await guard(scope, input.path, "write");
  assertNotRoot(p, "write over");
  const bytes = decodeContent(input.content, input.encoding ?? "utf8", p.relative);
  return withPathLocks([p.absolute], () =>
    mapFsErrors(p.relative, () =>
      inParent(p, input.createParents ?? true, async (dir, name) => {
        const target = path.join(dir, name);
        const old = await lstatOrNull(target);
        if (old?.isDirectory()) {
          throw new AppError("CONFLICT", { message: `${display(p.relative)} is a folder; pick a file name.`, reason: "is_a_directory" });
        }
        if (old && input.overwrite === false) {
          throw new AppError("CONFLICT", { message: `${display(p.relative)} already exists. Pick another name, or save over it.`, reason: "already_exists" });
        }
        if (input.ifMatch !== undefined) {
          const current = old?.isFile() ? await currentVersion(p) : null;
          if (current === null || !sameVersion(current, input.ifMatch)) throw versionConflict(p.relative, current);
        }

        const oldSize = old?.isFile() ? old.size : 0;
        const reserved = Math.max(0, bytes.length - oldSize);
        await reserveUsage(scope.target.id, reserved);
        let written;
        try {
          written = await writeAtomic(target, bytes, { mode: old?.isFile() ? old.mode & 0o7777 : undefined });
        } catch (error) {
          await adjustUsage(scope.target.id, -reserved);
          throw error;
        }
        // Shrinking frees space only once the smaller file is in place.
        if (bytes.length < oldSize) await adjustUsage(scope.target.id, bytes.length - oldSize);
        const after = await lstat(target);
        return { path: p.relative, size: written.size, version: written.version, modifiedAt: after.mtime.toISOString(), created: old === null };
      }),
    ),
  );
}

export interface AppendInput {
  path: string;
  content: string;
  encoding?: WriteEncoding;
  createParents?: boolean;
}

/**
 * Appends in place (copying a large log to add one line would be wasteful). A failed append
 * truncates the file back to its old length, so it is all-or-nothing like a write.
 */
export async function appendFile(ctx: RequestContext, access: WorkspaceAccess, input: AppendInput): Promise<WriteResult> {
  const scope = await openScope(ctx, access, "files.append", "write");
  const p = await guard(scope, input.path, "write");
  assertNotRoot(p, "append to");
  const bytes = decodeContent(input.content, input.encoding ?? "utf8", p.relative);
  return withPathLocks([p.absolute], () =>
    mapFsErrors(p.relative, async () => {
      const existed = await inParent(p, input.createParents ?? true, async (dir, name) => {
        const old = await lstatOrNull(path.join(dir, name));
        if (old?.isDirectory()) {
          throw new AppError("CONFLICT", { message: `${display(p.relative)} is a folder; pick a file name.`, reason: "is_a_directory" });
        }
        return old !== null;
      });
      await reserveUsage(scope.target.id, bytes.length);
      let handle;
      try {
        handle = await openGuarded(p, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o644);
      } catch (error) {
        await adjustUsage(scope.target.id, -bytes.length);
        throw error;
      }
      try {
        const before = (await handle.stat()).size;
        try {
          await handle.appendFile(bytes);
          await handle.sync();
        } catch (error) {
          await handle.truncate(before).catch(() => undefined);
          await adjustUsage(scope.target.id, -bytes.length);
          throw error;
        }
        const version = await versionOfHandle(handle);
        const after = await handle.stat();
        return { path: p.relative, size: after.size, version, modifiedAt: after.mtime.toISOString(), created: !existed };
      } finally {
        await handle.close();
      }
    }),
  );
}

export interface MkdirResult {
  path: string;
  created: boolean;
}

/** Creates the folder and any missing parents; an existing folder is fine, an existing file is a conflict. */
export async function makeDirectoryAt(ctx: RequestContext, access: WorkspaceAccess, input: { path: string }): Promise<MkdirResult> {
  const scope = await openScope(ctx, access, "files.mkdir", "write");
  const p = await guard(scope, input.path, "write");
  assertNotRoot(p, "create");
  return mapFsErrors(p.relative, () =>
    inParent(p, true, async (dir, name) => {
      const target = path.join(dir, name);
      try {
        await mkdirInherit(target);
        return { path: p.relative, created: true };
      } catch (error) {
        if (!isFsError(error, "EEXIST")) throw error;
      }
      if ((await lstat(target)).isDirectory()) return { path: p.relative, created: false };
      throw new AppError("CONFLICT", { message: `${display(p.relative)} already exists and is not a folder. Pick another name.`, reason: "already_exists" });
    }),
  );
}
