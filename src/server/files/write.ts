// Changing one file or folder: write (atomic, optional ifMatch), append, mkdir. Quota is claimed
// before any byte lands and settled after; a failed write gives its claim back. Files are created
// and renamed by the workspace's confined helper in the folder the guard checked, so a folder
// swapped for a symlink after the check makes the write fail instead of redirecting it.
import { constants } from "node:fs";
import type { ConfinedFs, FsdStat } from "~/server/storage/confined-fs";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import { adjustUsage, reserveUsage } from "~/server/workspaces/quota";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { withPathLocks, writeAtomic } from "./atomic";
import { display, isFsError, mapFsErrors } from "./fs-errors";
import { formatBytes } from "~/lib/format";
import { FILE_LIMITS } from "./limits";
import { type ConfinedPath, confinedCall, type GuardedPath, openGuarded } from "./path-guard";
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

export function lstatOrNull(fs: ConfinedFs, rel: string): Promise<FsdStat | null> {
  return fs.statOrNull(rel);
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

/**
 * Runs `fn` on the guarded path's confined location after making sure its folder exists (created
 * with its parents when `createParents`, else a missing folder is reported as such).
 */
export async function inParent<T>(p: GuardedPath, createParents: boolean, fn: (at: ConfinedPath) => Promise<T>): Promise<T> {
  return confinedCall(p, async (at) => {
    if (at.parent !== "") {
      if (createParents) {
        await at.fs.mkdir(at.parent, { parents: true }).catch((error: unknown) => {
          if (!isFsError(error, "EEXIST")) throw error;
        });
      }
      const parent = await at.fs.statOrNull(at.parent);
      if (!parent) throw parentMissing(p.relative);
      if (parent.type !== "directory") {
        throw new AppError("CONFLICT", { message: `A part of ${display(p.relative)} is a file, not a folder. Check the path.`, reason: "not_a_directory", details: { path: p.relative } });
      }
    }
    return fn(at);
  });
}

export async function writeFile(ctx: RequestContext, access: WorkspaceAccess, input: WriteInput): Promise<WriteResult> {
  const scope = await openScope(ctx, access, "files.write", "write");
  const p = await guard(scope, input.path, "write");
  assertNotRoot(p, "write over");
  const bytes = decodeContent(input.content, input.encoding ?? "utf8", p.relative);
  return withPathLocks([p.absolute], () =>
    mapFsErrors(p.relative, () =>
      inParent(p, input.createParents ?? true, async (at) => {
        const old = await at.fs.statOrNull(at.rel);
        if (old?.type === "directory") {
          throw new AppError("CONFLICT", { message: `${display(p.relative)} is a folder; pick a file name.`, reason: "is_a_directory" });
        }
        if (old && input.overwrite === false) {
          throw new AppError("CONFLICT", { message: `${display(p.relative)} already exists. Pick another name, or save over it.`, reason: "already_exists" });
        }
        if (input.ifMatch !== undefined) {
          const current = old?.type === "file" ? await currentVersion(p) : null;
          if (current === null || !sameVersion(current, input.ifMatch)) throw versionConflict(p.relative, current);
        }

        if (old?.type === "file" && old.nlink > 1) await currentVersion(p); // refused and audited: hard_link
        const oldSize = old?.type === "file" ? old.size : 0;
        const reserved = Math.max(0, bytes.length - oldSize);
        await reserveUsage(scope.target.id, reserved);
        let written;
        try {
          written = await writeAtomic(at, bytes, { mode: old?.type === "file" ? old.mode : undefined });
        } catch (error) {
          await adjustUsage(scope.target.id, -reserved);
          throw error;
        }
        // Shrinking frees space only once the smaller file is in place.
        if (bytes.length < oldSize) await adjustUsage(scope.target.id, bytes.length - oldSize);
        const after = await at.fs.stat(at.rel);
        return { path: p.relative, size: written.size, version: written.version, modifiedAt: new Date(after.mtimeMs).toISOString(), created: old === null };
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
      const existed = await inParent(p, input.createParents ?? true, async (at) => {
        const old = await at.fs.statOrNull(at.rel);
        if (old?.type === "directory") {
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
    inParent(p, true, async (at) => {
      try {
        await at.fs.mkdir(at.rel, { mode: 0o755 });
        return { path: p.relative, created: true };
      } catch (error) {
        if (!isFsError(error, "EEXIST")) throw error;
      }
      if ((await at.fs.stat(at.rel)).type === "directory") return { path: p.relative, created: false };
      throw new AppError("CONFLICT", { message: `${display(p.relative)} already exists and is not a folder. Pick another name.`, reason: "already_exists" });
    }),
  );
}
