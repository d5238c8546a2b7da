// Unarchiving: verify the archive's sha256 against the registry BEFORE anything is written, refuse
// a non-empty target, extract, then flip the registry back to ACTIVE. The archive file is removed
// only after the registry says ACTIVE, so a failure at any step leaves the archive restorable.
// Restoring to a directory other than the original root is for instance admins only: it writes
// an arbitrary host path, and the same host-directory rules as registration apply to it.
import { lstat, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import { type Actor, isAdmin, type RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { isEmptyOrMissing, removeTree } from "./archive-files";
import { handRootToSandbox, makeSandboxRoot } from "~/server/storage/whole-tree";
import { assertNoRootOverlap, isNotFound, resolveHostDirectory } from "./host-dir";
import { advisoryLock, withDiskLock } from "./locks";
import { assertNameFree } from "./names";
import { isManagedRoot } from "./paths";
import { recomputeUsage } from "./quota";
import { ROOTS_LOCK } from "./register-host-dir";
import { digestFile, extractVerified } from "./tarball";
import { loadWorkspaceView, workspaceNotFound, type WorkspaceView } from "./view";
import { logger } from "~/server/observability/logger";
import { restartWatching } from "~/server/watch/registry";

export const ZUnarchiveInput = z.object({
  /** Absolute path to restore into instead of the original root (admins only). Missing or empty directories only. */
  targetPath: z.string().min(1).max(4096).optional(),
});
export type UnarchiveInput = z.input<typeof ZUnarchiveInput>;

export interface UnarchiveResult {
  workspace: WorkspaceView;
  /** Archive entries not restored because they would point outside the workspace (e.g. absolute symlinks). */
  skipped: string[];
}

export async function unarchiveWorkspace(ctx: RequestContext & { actor: Actor }, workspaceId: string, raw: UnarchiveInput): Promise<UnarchiveResult> {
  const input = ZUnarchiveInput.parse(raw);
  return withDiskLock(workspaceId, "unarchive", async () => {
    const ws = await db().workspace.findUnique({
      where: { id: workspaceId },
      select: { id: true, name: true, ownerId: true, rootPath: true, registered: true, status: true, archivePath: true, archiveSha256: true, archiveBytes: true },
    });
    if (!ws) throw workspaceNotFound();
    if (ws.status !== "ARCHIVED") {
      throw new AppError("CONFLICT", { message: "This workspace is not archived; there is nothing to unarchive.", reason: "not_archived" });
    }
    if (!ws.archivePath || !ws.archiveSha256 || ws.archiveBytes === null) {
      throw archiveMissing(ws.archivePath ?? "(none recorded)");
    }

    const target = await chooseTarget(ctx, ws.rootPath, input.targetPath);
    const custom = target !== path.resolve(ws.rootPath);

    // 1. The archive must be exactly the one Atrium wrote: nothing is extracted otherwise.
    await verifyArchive(ws.archivePath, ws.archiveSha256, ws.archiveBytes);

    // 2. Never overwrite: the target must be missing or empty.
    const state = await isEmptyOrMissing(target);
    if (state === "not_a_directory") {
      throw new AppError("INVALID_INPUT", { message: `${target} exists and is not a directory. Choose another target.`, reason: "not_a_directory" });
    }
    if (state === "not_empty") {
      throw new AppError("CONFLICT", {
        message: `${target} is not empty, and unarchiving never overwrites files. Empty or move that directory, or restore to another path.`,
        reason: "target_not_empty",
      });
    }
    // Cheap checks now, so a clash does not surface only after extracting gigabytes (re-checked under lock below).
    await db().$transaction(async (tx) => {
      await assertNameFree(tx, ws.ownerId, ws.name, ws.id);
      if (custom) await assertNoRootOverlap(tx, target, ws.id);
    });

    // 3. Extract; on any failure put the target back the way it was.
    // The target becomes a sandbox-owned 0700 root and is filled through its confined helper.
    if (state === "missing") {
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await makeSandboxRoot(target);
    } else if (state === "empty") {
      const owner = await lstat(target);
      // A root-owned empty folder (a host admin made it): the helper, never root, must be able to fill it.
      if (owner.uid === 0 || owner.gid === 0) await handRootToSandbox(target);
    }
    const undo = () => removeTree(target, { keepTop: state === "empty" }).catch((e: unknown) => logger("workspaces").error({ err: e }, `could not clean ${target}`));
    let skipped: string[];
    try {
      // The one verified extractor; links leading out (a host folder's venv) are skipped, not refused,
      // because this archive is the checksummed one Atrium itself packed from that folder.
      ({ skipped } = await extractVerified(ws.archivePath, target, { limitBytes: null, linksOutside: "skip" }));
      await db().$transaction(async (tx) => {
        await assertNameFree(tx, ws.ownerId, ws.name, ws.id);
        if (custom) {
          await advisoryLock(tx, ROOTS_LOCK);
          await assertNoRootOverlap(tx, target, ws.id);
        }
        await tx.workspace.update({
          where: { id: ws.id, status: "ARCHIVED" },
          data: {
            status: "ACTIVE",
            rootPath: target,
            registered: custom ? !isManagedRoot(ws.id, target) : ws.registered,
            archivePath: null,
            archiveSha256: null,
            archiveBytes: null,
            archivedAt: null,
            lastAccessedAt: new Date(),
          },
        });
      });
    } catch (error) {
      await undo();
      if (isAppError(error)) throw error;
      throw new AppError("INTERNAL", {
        message: "Extracting the archive failed, so nothing was restored and the archive was kept. Check free disk space and try again.",
        reason: "extract_failed",
        cause: error,
      });
    }

    // 4. Best effort from here: the workspace is back and consistent whatever happens next.
    await recomputeUsage(ws.id).catch((e: unknown) => logger("workspaces").error({ err: e }, `usage of ${ws.id} not recomputed`));
    // Tabs still in the room follow the unpacked tree from now on.
    await restartWatching(ws.id);
    await rm(ws.archivePath, { force: true }).catch((e: unknown) => logger("workspaces").error({ err: e }, `could not remove ${ws.archivePath}`));
    await audit.record(ctx, { type: "workspace_unarchived", workspaceId: ws.id, rootPath: target });
    return { workspace: await loadWorkspaceView(ws.id, ctx.actor.user.id), skipped };
  });
}

async function chooseTarget(ctx: RequestContext & { actor: Actor }, rootPath: string, requested: string | undefined): Promise<string> {
  const original = path.resolve(rootPath);
  if (requested === undefined || (path.isAbsolute(requested) && path.resolve(requested) === original)) return original;
  if (!isAdmin(ctx.actor)) {
    await audit.denied(ctx, { action: "workspaces.unarchive", reason: "admin_required", permission: "admin", target: requested });
    throw new AppError("FORBIDDEN", {
      message: `Only instance administrators can restore to another directory. Leave targetPath out to restore to ${original}.`,
      reason: "admin_required",
    });
  }
  return (await resolveHostDirectory(requested, { allowMissing: true })).path;
}

async function verifyArchive(archivePath: string, sha256: string, bytes: bigint): Promise<void> {
  let actual;
  try {
    actual = await digestFile(archivePath);
  } catch (error) {
    if (isNotFound(error)) throw archiveMissing(archivePath);
    throw error;
  }
  if (actual.sha256 !== sha256 || actual.bytes !== bytes) {
    throw new AppError("CONFLICT", {
      message: `The archive ${archivePath} does not match its recorded checksum, so it was not extracted. Restore the file from a backup; nothing was changed.`,
      reason: "archive_corrupt",
      details: { expectedSha256: sha256, actualSha256: actual.sha256, expectedBytes: bytes.toString(), actualBytes: actual.bytes.toString() },
    });
  }
}

function archiveMissing(archivePath: string): AppError {
  return new AppError("CONFLICT", {
    message: `The archive file ${archivePath} is missing, so the workspace cannot be restored. Put the file back, or delete the workspace.`,
    reason: "archive_missing",
  });
}
