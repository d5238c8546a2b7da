// Copy and move within one workspace. Folder copies are built in a temp folder beside the
// destination and renamed into place, so a failure (quota, disk, a protected file inside) leaves
// no half-copied tree. Sources are read through the guard's handles or verified walked handles,
// destinations are created inside the destination's pinned parent folder.
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, readlink, rename, rm, symlink } from "node:fs/promises";
import { mkdirInherit } from "./ownership";
import path from "node:path";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import { adjustUsage, reserveUsage } from "~/server/workspaces/quota";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { stageFile, TEMP_MARKER, withPathLocks } from "./atomic";
import { display, isFsError, mapFsErrors } from "./fs-errors";
import type { EntryType } from "./listing";
import { type GuardedPath, openGuarded, withPinnedDirectory, withPinnedParent } from "./path-guard";
import { isInside } from "./resolve-real";
import { assertNotRoot, type FileScope, guard, openScope, openWalked } from "./scope";
import { assertTreeAllowed, type TreeEntry, treeBytes, typeOfStat, walkTree } from "./tree";
import { lstatOrNull } from "./write";

export interface CopyMoveInput {
  from: string;
  to: string;
  /** Replace an existing file at `to` (never a folder). Default false. */
  overwrite?: boolean;
}

export interface CopyMoveResult {
  from: string;
  to: string;
  type: EntryType;
  /** Bytes of file content written (0 for a move). */
  bytes: number;
}

/** What may already sit at the destination: nothing, or (with overwrite) a file replaced by a file. */
function assertDestinationFree(sourceIsDirectory: boolean, dest: Stats | null, to: GuardedPath, overwrite: boolean): void {
  if (!dest) return;
  if (!overwrite) {
    throw new AppError("CONFLICT", {
      message: `${display(to.relative)} already exists. Pick another name, or pass overwrite to replace a file.`,
      reason: "already_exists",
      details: { path: to.relative },
    });
  }
  if (dest.isDirectory() || sourceIsDirectory) {
    throw new AppError("CONFLICT", {
      message: `${display(to.relative)} exists and ${dest.isDirectory() ? "is a folder" : "is a file"}; only a file can replace a file. Delete it first.`,
      reason: "already_exists",
      details: { path: to.relative },
    });
  }
}

function assertNotInto(from: GuardedPath, to: GuardedPath, verb: "copy" | "move"): void {
  // Compared on real paths too: a symlinked spelling must not hide that `to` lies inside `from`.
  if (isInside(from.absolute, to.absolute) || from.relative === "" || to.relative.startsWith(`${from.relative}/`)) {
    throw new AppError("INVALID_INPUT", {
      message: `Cannot ${verb} ${display(from.relative)} into itself (${display(to.relative)}). Pick a destination outside it.`,
      reason: verb === "copy" ? "copy_into_itself" : "move_into_itself",
    });
  }
}

async function copyHandleTo(source: FileHandle, destination: string, mode: number): Promise<number> {
  const staged = await stageFile(destination, source.createReadStream({ autoClose: false, start: 0 }), { mode });
  try {
    await staged.commit();
  } catch (error) {
    await staged.discard();
    throw error;
  }
  return staged.size;
}

/** Recreates `entries` (parents first) under `tempRoot`; returns the bytes copied. */
async function copyTree(scope: FileScope, entries: TreeEntry[], tempRoot: string): Promise<number> {
  let bytes = 0;
  for (const entry of entries) {
    const dest = path.join(tempRoot, ...entry.inner.split("/"));
    if (entry.type === "directory") {
      await mkdirInherit(dest, entry.mode | 0o700);
    } else if (entry.type === "symlink") {
      // Links are copied as links with the same target text; the guard checks them whenever they are used.
      await symlink(await readlink(entry.absolute), dest);
    } else if (entry.type === "file") {
      const source = await openWalked(scope, entry, constants.O_RDONLY);
      try {
        bytes += await copyHandleTo(source, dest, entry.mode);
      } finally {
        await source.close();
      }
    }
  }
  return bytes;
}

export async function copyPath(ctx: RequestContext, access: WorkspaceAccess, input: CopyMoveInput): Promise<CopyMoveResult> {
  const scope = await openScope(ctx, access, "files.copy", "write");
  const from = await guard(scope, input.from, "read");
  const to = await guard(scope, input.to, "write");
  assertNotRoot(to, "copy over");
  assertNotInto(from, to, "copy");
  const overwrite = input.overwrite ?? false;
  return withPathLocks([to.absolute], () =>
    mapFsErrors(from.relative, async () => {
      const source = await openGuarded(from, constants.O_RDONLY);
      let sourceStat: Stats;
      try {
        sourceStat = await source.stat();
        if (sourceStat.isFile()) {
          const stat = sourceStat;
          return await withPinnedParent(
            to,
            async (toDir, toName) => {
              const target = path.join(toDir, toName);
              const dest = await lstatOrNull(target);
              assertDestinationFree(false, dest, to, overwrite);
              const replaced = dest?.isFile() ? dest.size : 0;
              const reserved = Math.max(0, stat.size - replaced);
              await reserveUsage(scope.target.id, reserved);
              let bytes: number;
              try {
                bytes = await copyHandleTo(source, target, stat.mode & 0o7777);
              } catch (error) {
                await adjustUsage(scope.target.id, -reserved);
                throw error;
              }
              await adjustUsage(scope.target.id, bytes - replaced - reserved);
              return { from: from.relative, to: to.relative, type: "file" as const, bytes };
            },
            { createParents: true },
          );
        }
      } finally {
        await source.close();
      }
      // A folder (the guard lets nothing else through).
      return withPinnedDirectory(from, (pinnedFrom) =>
        withPinnedParent(
          to,
          async (toDir, toName) => {
            const target = path.join(toDir, toName);
            assertDestinationFree(true, await lstatOrNull(target), to, overwrite);
            const root = { relative: from.relative, absolute: pinnedFrom, real: from.absolute };
            const entries = await walkTree(scope, root);
            const special = entries.find((e) => e.type === "other");
            if (special) {
              throw new AppError("INVALID_INPUT", {
                message: `Cannot copy ${display(from.relative)}: "${special.relative}" is a socket, pipe or device, which cannot be copied. Remove it first.`,
                reason: "not_a_regular_file",
              });
            }
            await assertTreeAllowed(scope, root, entries, "read", "copy", to);
            const reserved = treeBytes(entries);
            await reserveUsage(scope.target.id, reserved);
            const tempRoot = path.join(toDir, `${TEMP_MARKER}${randomBytes(6).toString("hex")}-dir`);
            let bytes: number;
            try {
              await mkdirInherit(tempRoot, (sourceStat.mode & 0o7777) | 0o700);
              bytes = await copyTree(scope, entries, tempRoot);
              await rename(tempRoot, target);
            } catch (error) {
              await rm(tempRoot, { recursive: true, force: true });
              await adjustUsage(scope.target.id, -reserved);
              throw error;
            }
            await adjustUsage(scope.target.id, bytes - reserved);
            return { from: from.relative, to: to.relative, type: "directory" as const, bytes };
          },
          { createParents: true },
        ),
      );
    }),
  );
}

export async function movePath(ctx: RequestContext, access: WorkspaceAccess, input: CopyMoveInput): Promise<CopyMoveResult> {
  const scope = await openScope(ctx, access, "files.move", "write");
  // Moving takes the entry away from where it was: the source needs what a delete needs (and,
  // like a delete, a symlink is moved as a link).
  const from = await guard(scope, input.from, "delete");
  const to = await guard(scope, input.to, "write");
  assertNotRoot(from, "move");
  assertNotRoot(to, "move over");
  if (from.absolute === to.absolute) {
    // Same entry (perhaps spelled through a link): nothing to do.
    const stat = await mapFsErrors(from.relative, () => lstat(from.absolute));
    return { from: from.relative, to: to.relative, type: typeOfStat(stat), bytes: 0 };
  }
  assertNotInto(from, to, "move");
  const overwrite = input.overwrite ?? false;
  return withPathLocks([from.absolute, to.absolute], () =>
    mapFsErrors(from.relative, () =>
      withPinnedParent(from, (fromDir, fromName) =>
        withPinnedParent(
          to,
          async (toDir, toName) => {
            const source = path.join(fromDir, fromName);
            const target = path.join(toDir, toName);
            const stat = await lstat(source);
            const type = typeOfStat(stat);
            const dest = await lstatOrNull(target);
            assertDestinationFree(stat.isDirectory(), dest, to, overwrite);
            if (type === "directory") {
              // A rule such as `secrets/*.txt` must not be escaped by renaming the folder around it.
              const root = { relative: from.relative, absolute: source, real: from.absolute };
              await assertTreeAllowed(scope, root, await walkTree(scope, root), "delete", "move", to);
            }
            try {
              await rename(source, target);
            } catch (error) {
              if (isFsError(error, "EXDEV")) {
                throw new AppError("CONFLICT", {
                  message: `${display(from.relative)} and ${display(to.relative)} are on different disks inside the workspace; copy it, then delete the original.`,
                  reason: "cross_device",
                });
              }
              throw error;
            }
            if (dest?.isFile() && dest.nlink <= 1) await adjustUsage(scope.target.id, -dest.size);
            return { from: from.relative, to: to.relative, type, bytes: 0 };
          },
          { createParents: true },
        ),
      ),
    ),
  );
}
