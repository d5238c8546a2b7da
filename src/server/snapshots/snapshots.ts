// Snapshot registry and files: create (stream the tree into snapshots/<workspace>/<id>.tar.gz),
// list, get, delete, and retention (keep the newest `Workspace.snapshotKeep` non-`keep` snapshots).
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { isProtectedPath } from "~/server/files/path-guard";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { type PackedArchive, packDirectory } from "~/server/workspaces/tarball";
import { snapshotsDir } from "~/server/workspaces/paths";
import { type ProgressReporter, ZOperationId } from "./progress";
import { logger } from "~/server/observability/logger";

export type SnapshotKindName = "MANUAL" | "AUTO" | "PRE_RESTORE" | "ARCHIVE";
type Ctx = RequestContext & { actor: Actor };

export const ZCreateSnapshotInput = z.object({
  label: z.string().trim().max(200).default(""),
  /** Owners only: also pack `.env`, `.git/`, keys… (the snapshot is then downloadable by owners only). */
  includeProtected: z.boolean().default(false),
  /** Exempt from retention. */
  keep: z.boolean().default(false),
  operationId: ZOperationId.optional(),
});
export type CreateSnapshotInput = z.input<typeof ZCreateSnapshotInput>;
export const ZSnapshotIdInput = z.object({ snapshotId: z.string().min(1).max(64) });

const SNAPSHOT_SELECT = {
  id: true,
  workspaceId: true,
  createdById: true,
  label: true,
  kind: true,
  sizeBytes: true,
  sha256: true,
  fileCount: true,
  includesProtected: true,
  keep: true,
  createdAt: true,
} as const;

export interface SnapshotView {
  id: string;
  workspaceId: string;
  createdById: string | null;
  label: string;
  kind: SnapshotKindName;
  sizeBytes: bigint;
  sha256: string;
  fileCount: number;
  includesProtected: boolean;
  keep: boolean;
  createdAt: Date;
}

export { snapshotsDir };

export function snapshotNotFound(): AppError {
  return new AppError("NOT_FOUND", { message: "No such snapshot in this workspace. It may have been deleted or expired; reload the list.", reason: "snapshot_not_found" });
}

/** The snapshot row with its file path, scoped to the workspace (another workspace's id is NOT_FOUND). */
export async function loadSnapshot(workspaceId: string, snapshotId: string): Promise<SnapshotView & { path: string }> {
  const row = await db().snapshot.findFirst({ where: { id: snapshotId, workspaceId }, select: { ...SNAPSHOT_SELECT, path: true } });
  if (!row) throw snapshotNotFound();
  return row;
}

export async function listSnapshots(workspaceId: string): Promise<SnapshotView[]> {
  return db().snapshot.findMany({ where: { workspaceId }, select: SNAPSHOT_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export async function getSnapshot(workspaceId: string, snapshotId: string): Promise<SnapshotView> {
  const { path: _path, ...view } = await loadSnapshot(workspaceId, snapshotId);
  return view;
}

/** Checks the caller may create this snapshot; the disk work is `writeSnapshot` (callers hold the disk lock). */
export async function assertMayIncludeProtected(ctx: Ctx, access: WorkspaceAccess, includeProtected: boolean): Promise<void> {
  if (!includeProtected || access.role === "owner") return;
  await audit.denied(ctx, { action: "snapshots.create", reason: "role_required", permission: "owner", workspaceId: access.workspace.id, details: { includeProtected: true } });
  throw new AppError("FORBIDDEN", { message: "Only owners can include protected files (.env, .git, keys…) in a snapshot. Leave includeProtected off.", reason: "role_required" });
}

export function assertActive(access: WorkspaceAccess): void {
  if (access.workspace.status !== "ACTIVE") {
    throw new AppError("CONFLICT", { message: "This workspace is archived. Unarchive it before taking or restoring snapshots.", reason: "workspace_archived" });
  }
}

interface WriteOptions {
  label: string;
  kind: SnapshotKindName;
  includeProtected: boolean;
  keep: boolean;
  retention?: boolean;
  progress?: ProgressReporter;
  totalBytes?: bigint;
  /** Stops the packing (the restore it was made for was refused); the partial file is removed. */
  signal?: AbortSignal;
}

/** A packed snapshot file not yet in the registry: `recordSnapshot` makes it one, `discardPacked` removes it. */
export interface PackedSnapshot {
  id: string;
  file: string;
  packed: PackedArchive;
}

/** Packs the live tree into the workspace's snapshot folder. Caller holds `withDiskLock`. */
export async function packSnapshot(workspace: { id: string; rootPath: string }, options: Pick<WriteOptions, "includeProtected" | "progress" | "totalBytes" | "signal">): Promise<PackedSnapshot> {
  const id = randomUUID();
  const dir = snapshotsDir(workspace.id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${id}.tar.gz`);
  const onProgress = options.progress?.tracker("packing", { totalBytes: options.totalBytes === undefined ? null : Number(options.totalBytes), totalFiles: null });
  const packed = await packDirectory(workspace.rootPath, file, {
    ...(options.includeProtected ? {} : { exclude: (rel: string) => rel !== "" && isProtectedPath(rel) }),
    ...(onProgress ? { onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { id, file, packed };
}

export async function discardPacked(p: PackedSnapshot): Promise<void> {
  await rm(p.file, { force: true }).catch((e: unknown) => logger("snapshots").error({ err: e }, `could not remove ${p.file}`));
}

/** Registers a packed file as a snapshot (row, audit, `snapshot:created`), then applies retention. */
export async function recordSnapshot(ctx: Ctx, workspace: { id: string }, { id, file, packed }: PackedSnapshot, options: WriteOptions): Promise<SnapshotView> {
  let row: SnapshotView;
  try {
    row = await db().snapshot.create({
      data: {
        id,
        workspaceId: workspace.id,
        createdById: ctx.actor.user.id,
        label: options.label,
        kind: options.kind,
        path: file,
        sizeBytes: packed.bytes,
        sha256: packed.sha256,
        fileCount: packed.fileCount,
        includesProtected: options.includeProtected,
        keep: options.keep,
      },
      select: SNAPSHOT_SELECT,
    });
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  await audit.record(ctx, {
    type: "snapshot_created",
    workspaceId: workspace.id,
    snapshotId: id,
    kind: options.kind,
    label: options.label,
    sizeBytes: packed.bytes.toString(),
    sha256: packed.sha256,
    fileCount: packed.fileCount,
    includesProtected: options.includeProtected,
  });
  publish(workspaceRoom(workspace.id), "snapshot:created", { workspaceId: workspace.id, snapshotId: id });
  if (options.retention !== false) await applyRetention(ctx, workspace.id);
  return row;
}

/** Packs the live tree and records the row, then applies retention. Caller holds `withDiskLock`. */
export async function writeSnapshot(ctx: Ctx, workspace: { id: string; rootPath: string }, options: WriteOptions): Promise<SnapshotView> {
  return recordSnapshot(ctx, workspace, await packSnapshot(workspace, options), options);
}

/** Deletes all but the newest `snapshotKeep` snapshots not marked `keep`: row first, then file. */
export async function applyRetention(ctx: Ctx, workspaceId: string): Promise<string[]> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { snapshotKeep: true } });
  if (!ws) return [];
  const expired = await db().snapshot.findMany({
    where: { workspaceId, keep: false },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: Math.max(0, ws.snapshotKeep),
    select: { id: true, path: true },
  });
  for (const s of expired) await removeSnapshot(ctx, workspaceId, s, true);
  return expired.map((s) => s.id);
}

async function removeSnapshot(ctx: Ctx, workspaceId: string, s: { id: string; path: string }, retention: boolean): Promise<void> {
  // Row first: a leftover file is harmless, a row without its file is a snapshot that cannot restore.
  await db().snapshot.deleteMany({ where: { id: s.id, workspaceId } });
  await rm(s.path, { force: true }).catch((e: unknown) => logger("snapshots").error({ err: e }, `could not remove ${s.path}`));
  await audit.record(ctx, { type: "snapshot_deleted", workspaceId, snapshotId: s.id, retention });
  publish(workspaceRoom(workspaceId), "snapshot:deleted", { workspaceId, snapshotId: s.id });
}

export async function deleteSnapshot(ctx: Ctx, workspaceId: string, snapshotId: string): Promise<{ id: string }> {
  const s = await loadSnapshot(workspaceId, snapshotId);
  await removeSnapshot(ctx, workspaceId, s, false);
  return { id: s.id };
}
