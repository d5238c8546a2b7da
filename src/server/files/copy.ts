// Copy and move within one workspace. Folder copies are built in a temp folder beside the
// destination and renamed into place, so a failure (quota, disk, a protected file inside) leaves
// no half-copied tree. Everything is done by the workspace's confined helper (chrooted, as the
// workspace uid, never following a symlink): a sandbox swapping the staging folder or the source
// for a link while the copy runs makes it fail, never write or chown anything elsewhere.
import { constants } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import type { FsdStat } from "~/server/storage/confined-fs";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import { adjustUsage, reserveUsage } from "~/server/workspaces/quota";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { childRel, stageFile, type StageTarget, tempNameFor, withPathLocks } from "./atomic";
import { display, isFsError, mapFsErrors } from "./fs-errors";
import type { EntryType } from "./listing";
import { confinedCall, type GuardedPath, openGuarded } from "./path-guard";
import { isInside } from "./resolve-real";
import { assertNotRoot, type FileScope, guard, openScope, openWalked } from "./scope";
import { assertTreeAllowed, type TreeEntry, treeBytes, walkTree } from "./tree";
import { inParent } from "./write";

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
function assertDestinationFree(sourceIsDirectory: boolean, dest: FsdStat | null, to: GuardedPath, overwrite: boolean): void {
  if (!dest) return;
  if (!overwrite) {
    throw new AppError("CONFLICT", {
      message: `${display(to.relative)} already exists. Pick another name, or pass overwrite to replace a file.`,
      reason: "already_exists",
      details: { path: to.relative },
    });
  }
  if (dest.type === "directory" || sourceIsDirectory) {
    throw new AppError("CONFLICT", {
      message: `${display(to.relative)} exists and ${dest.type === "directory" ? "is a folder" : "is a file"}; only a file can replace a file. Delete it first.`,
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

async function copyHandleTo(source: FileHandle, destination: StageTarget, mode: number): Promise<number> {
  const staged = await stageFile(destination, source.createReadStream({ autoClose: false, start: 0 }), { mode });
  try {
    await staged.commit();
  } catch (error) {
    await staged.discard();
    throw error;
  }
  return staged.size;
}

/** Recreates `entries` (parents first) under the folder `tempRoot` (real relative); returns the bytes copied. */
async function copyTree(scope: FileScope, entries: TreeEntry[], tempRoot: string): Promise<number> {
  let bytes = 0;
  for (const entry of entries) {
    const dest = childRel(tempRoot, entry.inner);
    if (entry.type === "directory") {
      await scope.fs.mkdir(dest, { mode: entry.mode | 0o700 });
    } else if (entry.type === "symlink") {
      // Links are copied as links with the same target text; the guard checks them whenever they are used.
      await scope.fs.symlink(await scope.fs.readlink(entry.real), dest);
    } else if (entry.type === "file") {
      const source = await openWalked(scope, entry);
      try {
        const slash = dest.lastIndexOf("/");
        bytes += await copyHandleTo(source, { fs: scope.fs, parent: dest.slice(0, slash), name: dest.slice(slash + 1) }, entry.mode);
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
      let sourceIsDirectory: boolean;
      let sourceMode: number;
      try {
        const stat = await source.stat();
        sourceIsDirectory = stat.isDirectory();
        sourceMode = stat.mode & 0o777;
        if (!sourceIsDirectory) {
          return await inParent(to, true, async (at) => {
            const dest = await at.fs.statOrNull(at.rel);
            assertDestinationFree(false, dest, to, overwrite);
            const replaced = dest?.type === "file" ? dest.size : 0;
            const reserved = Math.max(0, stat.size - replaced);
            await reserveUsage(scope.target.id, reserved);
            let bytes: number;
            try {
              bytes = await copyHandleTo(source, at, sourceMode);
            } catch (error) {
              await adjustUsage(scope.target.id, -reserved);
              throw error;
            }
            await adjustUsage(scope.target.id, bytes - replaced - reserved);
            return { from: from.relative, to: to.relative, type: "file" as const, bytes };
          });
        }
      } finally {
        await source.close();
      }
      // A folder (the guard lets nothing else through).
      return confinedCall(from, (fromAt) =>
        inParent(to, true, async (at) => {
          assertDestinationFree(true, await at.fs.statOrNull(at.rel), to, overwrite);
          const root = { relative: from.relative, real: fromAt.rel };
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
          const tempRoot = childRel(at.parent, `${tempNameFor(at.name)}-dir`);
          let bytes: number;
          try {
            await at.fs.mkdir(tempRoot, { mode: sourceMode | 0o700 });
            bytes = await copyTree(scope, entries, tempRoot);
            await at.fs.rename(tempRoot, at.rel, { noReplace: true });
          } catch (error) {
            await at.fs.removeTree(tempRoot).catch(() => undefined);
            await adjustUsage(scope.target.id, -reserved);
            throw error;
          }
          await adjustUsage(scope.target.id, bytes - reserved);
          return { from: from.relative, to: to.relative, type: "directory" as const, bytes };
        }),
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
    const stat = await mapFsErrors(from.relative, () => confinedCall(from, ({ fs, rel }) => fs.stat(rel)));
    return { from: from.relative, to: to.relative, type: stat.type, bytes: 0 };
  }
  assertNotInto(from, to, "move");
  const overwrite = input.overwrite ?? false;
  return withPathLocks([from.absolute, to.absolute], () =>
    mapFsErrors(from.relative, () =>
      confinedCall(from, (fromAt) =>
        inParent(to, true, async (at) => {
          const stat = await fromAt.fs.stat(fromAt.rel);
          const type = stat.type;
          const dest = await at.fs.statOrNull(at.rel);
          assertDestinationFree(stat.type === "directory", dest, to, overwrite);
          if (type === "directory") {
            // A rule such as `secrets/*.txt` must not be escaped by renaming the folder around it.
            const root = { relative: from.relative, real: fromAt.rel };
            await assertTreeAllowed(scope, root, await walkTree(scope, root), "delete", "move", to);
          }
          try {
            await at.fs.rename(fromAt.rel, at.rel, { noReplace: !overwrite });
          } catch (error) {
            if (isFsError(error, "EXDEV")) {
              throw new AppError("CONFLICT", {
                message: `${display(from.relative)} and ${display(to.relative)} are on different disks inside the workspace; copy it, then delete the original.`,
                reason: "cross_device",
              });
            }
            throw error;
          }
          if (dest?.type === "file" && dest.nlink <= 1) await adjustUsage(scope.target.id, -dest.size);
          return { from: from.relative, to: to.relative, type, bytes: 0 };
        }),
      ),
    ),
  );
}
