// Restoring a snapshot, two ways.
// - Into the same workspace (owners): verify the checksum, extract into a sibling directory through
//   the verified extractor (a hostile archive is refused there, with the live tree untouched),
//   take a PRE_RESTORE snapshot, then swap the directories with two renames. File writes and new
//   sessions are refused (`workspace_restoring`) while the restore holds the workspace, and running
//   Docker sessions get a fresh container over the new tree afterwards.
// - Into a NEW workspace the caller owns (editors and up of the source): the same verification,
//   extraction into a hidden staging directory within the new workspace's quota, then one
//   transaction creates the workspace around it. Nothing is left behind on failure.
import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { isProtectedPath } from "~/server/files/path-guard";
import { publish, userRoom, workspaceRoom } from "~/server/realtime/workspace-bus";
import { remountWorkspaceSessions } from "~/server/sandbox/remount";
import { confinedFs, releaseConfinedFs } from "~/server/storage/confined-fs";
import { adoptTree, assertNewNameFree, makeStagingDir, newWorkspaceQuota, removeStagingDir } from "~/server/workspaces/adopt-tree";
import { packConfined, unpackConfined } from "~/server/workspaces/confined-tar";
import { makeSandboxRoot, removeWorkspaceTree } from "~/server/storage/whole-tree";
import { isNotFound } from "~/server/workspaces/host-dir";
import { RESTORE_OPERATION, withDiskLock } from "~/server/workspaces/locks";
import { asMetadata } from "~/server/workspaces/metadata";
import { ZDescription, ZWorkspaceName } from "~/server/workspaces/names";
import { recomputeUsage } from "~/server/workspaces/quota";
import { DEFAULT_MAX_ENTRIES, digestFile, extractVerified } from "~/server/workspaces/tarball";
import { workspaceNotFound, type WorkspaceView } from "~/server/workspaces/view";
import { ProgressReporter, ZOperationId } from "./progress";
import { applyRetention, assertActive, discardPacked, loadSnapshot, packSnapshot, recordSnapshot, type SnapshotView } from "./snapshots";
import { logger } from "~/server/observability/logger";

type Ctx = RequestContext & { actor: Actor };

export const ZRestoreInput = z.object({
  snapshotId: z.string().min(1).max(64),
  operationId: ZOperationId.optional(),
});
export type RestoreInput = z.input<typeof ZRestoreInput>;

export const ZRestoreAsNewInput = z.object({
  snapshotId: z.string().min(1).max(64),
  /** The new workspace's name (unique among the caller's workspaces). */
  name: ZWorkspaceName,
  /** Defaults to the source workspace's description. */
  description: ZDescription.optional(),
  operationId: ZOperationId.optional(),
});
export type RestoreAsNewInput = z.input<typeof ZRestoreAsNewInput>;

export interface RestoreResult {
  restored: SnapshotView;
  preRestore: SnapshotView;
  usageBytes: bigint;
  operationId: string;
  /** Running sandbox sessions that got a fresh container over the restored tree (their open shells ended). */
  sessionsRestarted: string[];
  /** Sessions that had to be stopped instead (their starter lost access, or Docker refused). */
  sessionsStopped: string[];
}

export interface RestoreAsNewResult {
  workspace: WorkspaceView;
  restored: SnapshotView;
  operationId: string;
}

export async function restoreSnapshot(ctx: Ctx, access: WorkspaceAccess, raw: RestoreInput): Promise<RestoreResult> {
  const input = ZRestoreInput.parse(raw);
  assertActive(access);
  const progress = new ProgressReporter([workspaceRoom(access.workspace.id)], access.workspace.id, "restore", { operationId: input.operationId, snapshotId: input.snapshotId });
  return progress.run(() =>
    withDiskLock(access.workspace.id, RESTORE_OPERATION, async () => {
      const ws = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { id: true, rootPath: true, status: true, quotaBytes: true, usageBytes: true, registered: true } });
      if (!ws) throw workspaceNotFound();
      assertActive({ ...access, workspace: { ...access.workspace, status: ws.status } });
      const snapshot = await loadSnapshot(ws.id, input.snapshotId);
      const totals = { totalBytes: Number(snapshot.sizeBytes), totalFiles: snapshot.fileCount };

      // 1. Only the exact bytes Atrium wrote.
      progress.update("verifying", { bytes: 0, files: 0, ...totals });
      await verifySnapshotFile(snapshot);

      // 2. Extract beside the root; entries are judged from their headers, the quota bounds the total.
      // 3. A way back: a PRE_RESTORE snapshot of the current tree.
      const root = path.resolve(ws.rootPath);
      const tag = randomBytes(4).toString("hex");
      const staging = path.join(path.dirname(root), `.${path.basename(root)}.restore-${tag}`);
      const old = path.join(path.dirname(root), `.${path.basename(root)}.old-${tag}`);
      let preRestore: SnapshotView;
      try {
        // A sandbox-owned 0700 root like any workspace's, filled through its confined helper.
        await makeSandboxRoot(staging);
        // 2+3 at once (two cores, two streams): the new tree is extracted while the current one is
        // packed as the way back. The PRE_RESTORE file is registered only once the archive proved
        // good; a refusal aborts the packing and removes its file, so no snapshot appears.
        const abort = new AbortController();
        const [extracted, packed] = await Promise.allSettled([
          extractVerified(snapshot.path, staging, { limitBytes: ws.quotaBytes, onProgress: progress.tracker("extracting", totals) }).catch((error: unknown) => {
            abort.abort();
            throw error;
          }),
          packSnapshot(ws, { includeProtected: false, signal: abort.signal }),
        ]);
        if (extracted.status === "rejected") {
          if (packed.status === "fulfilled") await discardPacked(packed.value);
          throw extracted.reason;
        }
        if (packed.status === "rejected") throw packed.reason;
        // Retention waits until the end so it cannot expire the snapshot being restored.
        preRestore = await recordSnapshot(ctx, ws, packed.value, {
          label: `Before restoring ${snapshot.label || snapshot.id}`,
          kind: "PRE_RESTORE",
          includeProtected: false,
          keep: false,
          retention: false,
        });

        // 4. Swap. A snapshot without protected files must not wipe the live ones (.git, .env…): carry them over.
        progress.update("swapping", restoredCounts(extracted.value));
        if (!snapshot.includesProtected) await carryProtected(root, staging);
        await swapInto(root, staging, old);
      } catch (error) {
        await removeWorkspaceTree(staging, { keepTop: false }).catch((e: unknown) => logger("snapshots").error({ err: e }, `could not remove ${staging}`));
        throw asRestoreFailure(error);
      }
      await removeWorkspaceTree(old, { keepTop: false }).catch((e: unknown) => logger("snapshots").error({ err: e }, `could not remove ${old}`));

      const usageBytes = await recomputeUsage(ws.id);
      await applyRetention(ctx, ws.id);
      // Still under the lock, so no session starts on the old tree in between.
      const snapshotLabel = snapshot.label || snapshot.id;
      const sessions = await remountWorkspaceSessions(ws.id, {
        code: "snapshot_restored",
        snapshotId: snapshot.id,
        snapshotLabel,
        message: `Ended by the restore of snapshot “${snapshotLabel}”. The session kept running on the restored files: open a new terminal.`,
      });
      await audit.record(ctx, { type: "snapshot_restored", workspaceId: ws.id, snapshotId: snapshot.id, preRestoreSnapshotId: preRestore.id, sessionsRestarted: sessions.restarted });
      publish(workspaceRoom(ws.id), "snapshot:restored", { workspaceId: ws.id, snapshotId: snapshot.id, targetWorkspaceId: ws.id });
      progress.done(snapshot.id);
      const { path: _path, ...restored } = snapshot;
      return { restored, preRestore, usageBytes, operationId: progress.operationId, sessionsRestarted: sessions.restarted, sessionsStopped: sessions.stopped };
    }),
  );
}

export async function restoreSnapshotAsNew(ctx: Ctx, access: WorkspaceAccess, raw: RestoreAsNewInput): Promise<RestoreAsNewResult> {
  const input = ZRestoreAsNewInput.parse(raw);
  const source = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { id: true, description: true, metadata: true } });
  if (!source) throw workspaceNotFound();
  const snapshot = await loadSnapshot(source.id, input.snapshotId);
  if (snapshot.includesProtected && access.role !== "owner") {
    // Same rule as downloading it: protected files leave the workspace only with an owner.
    await audit.denied(ctx, { action: "snapshots.restoreAsNew", reason: "role_required", permission: "owner", workspaceId: source.id, target: snapshot.id });
    throw new AppError("FORBIDDEN", { message: "This snapshot includes protected files, so only owners can restore it into another workspace.", reason: "role_required" });
  }
  await assertNewNameFree(ctx.actor.user.id, input.name);
  const progress = new ProgressReporter([workspaceRoom(source.id), userRoom(ctx.actor.user.id)], source.id, "restore", { operationId: input.operationId, snapshotId: snapshot.id });
  return progress.run(async () => {
    const totals = { totalBytes: Number(snapshot.sizeBytes), totalFiles: snapshot.fileCount };
    progress.update("verifying", { bytes: 0, files: 0, ...totals });
    await verifySnapshotFile(snapshot);
    const staging = await makeStagingDir("restore");
    let workspace: WorkspaceView;
    try {
      const extracted = await extractVerified(snapshot.path, staging, { limitBytes: newWorkspaceQuota(), limitName: "the quota of a new workspace", onProgress: progress.tracker("extracting", totals) });
      progress.update("swapping", restoredCounts(extracted));
      workspace = await adoptTree(ctx, { name: input.name, description: input.description ?? source.description, metadata: asMetadata(source.metadata) }, staging);
    } catch (error) {
      await removeStagingDir(staging);
      throw asRestoreFailure(error);
    }
    await audit.record(ctx, { type: "snapshot_restored_as_new", workspaceId: source.id, snapshotId: snapshot.id, newWorkspaceId: workspace.id });
    publish(workspaceRoom(source.id), "snapshot:restored", { workspaceId: source.id, snapshotId: snapshot.id, targetWorkspaceId: workspace.id });
    progress.done(snapshot.id);
    const { path: _path, ...restored } = snapshot;
    return { workspace, restored, operationId: progress.operationId };
  });
}

/**
 * From the swap on, progress counts what was restored (files and their content bytes, not the
 * archive's compressed bytes), so the last event, `done`, says what came back.
 */
function restoredCounts(extracted: { files: number; contentBytes: bigint }) {
  const bytes = Number(extracted.contentBytes);
  return { bytes, files: extracted.files, totalBytes: bytes, totalFiles: extracted.files };
}

function asRestoreFailure(error: unknown): unknown {
  if (isAppError(error)) return error;
  // Prisma's own errors (a name taken meanwhile) are mapped by the tRPC layer; disk trouble is ours.
  if (error instanceof Error && "code" in error && typeof error.code === "string" && /^E[A-Z]+$/.test(error.code)) {
    return new AppError("INTERNAL", {
      message: "Restoring the snapshot failed before anything was replaced or created, so nothing changed. Check free disk space and try again.",
      reason: "restore_failed",
      cause: error,
    });
  }
  return error;
}

export async function verifySnapshotFile(snapshot: { path: string; sha256: string; sizeBytes: bigint }): Promise<void> {
  let actual;
  try {
    actual = await digestFile(snapshot.path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new AppError("CONFLICT", { message: "The snapshot's file is missing, so it cannot be restored. Delete this snapshot.", reason: "snapshot_missing" });
  }
  if (actual.sha256 !== snapshot.sha256 || actual.bytes !== snapshot.sizeBytes) {
    throw new AppError("CONFLICT", {
      message: "The snapshot's file does not match its recorded checksum, so it was not restored. Nothing was changed.",
      reason: "snapshot_corrupt",
      details: { expectedSha256: snapshot.sha256, actualSha256: actual.sha256 },
    });
  }
}

/**
 * Copies the protected entries of the live tree (`.git/`, `.env`…) into `staging` where the
 * snapshot has nothing there, helper to helper: the live tree is read through its confined helper
 * and the copy written through staging's, as a tar stream between the two (never a host path
 * below either root, and the live tree stays untouched until the swap).
 */
async function carryProtected(root: string, staging: string): Promise<void> {
  const live = confinedFs(root);
  const target = confinedFs(staging);
  const tops: string[] = [];
  const carry = new Set<string>();
  for (const { inner } of await live.walk("", { max: DEFAULT_MAX_ENTRIES, skipTemp: true })) {
    if (!isProtectedPath(inner) || tops.some((t) => inner.startsWith(`${t}/`))) continue;
    tops.push(inner);
    if (!(await target.statOrNull(inner))) carry.add(inner);
  }
  if (carry.size === 0) return;
  const ancestors = new Set<string>();
  for (const top of carry) for (let i = top.indexOf("/"); i > 0; i = top.indexOf("/", i + 1)) ancestors.add(top.slice(0, i));
  const carried = (rel: string) => [...carry].some((t) => rel === t || rel.startsWith(`${t}/`));
  const stats = { skipped: [], hardLinked: [], fileCount: 0, contentBytes: 0 };
  await unpackConfined(packConfined(confinedFs(root), { maxEntries: DEFAULT_MAX_ENTRIES, exclude: (rel) => !ancestors.has(rel) && !carried(rel) }, stats), target, {
    // The folders above a carried entry exist in staging already (or are made): keep staging's.
    judge: (_entry, name) => (ancestors.has(name) ? "ignore" : { ok: true }),
    limitBytes: null,
    limitError: () => new AppError("INTERNAL", { message: "unreachable: no limit", reason: "restore_failed" }),
  });
}

/**
 * root → old, staging → root; if the second rename fails the first is undone. Both are root
 * folders in a folder no sandbox can reach, so renaming them by path is safe; their helpers are
 * stopped first (they hold the folders open) and after (a call in between may have started one).
 */
async function swapInto(root: string, staging: string, old: string): Promise<void> {
  await Promise.all([releaseConfinedFs(root), releaseConfinedFs(staging)]);
  await rename(root, old);
  try {
    await rename(staging, root);
  } catch (error) {
    await rename(old, root);
    throw error;
  } finally {
    await Promise.all([releaseConfinedFs(root), releaseConfinedFs(old)]);
  }
}
