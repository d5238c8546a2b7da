// Workspace disk quota: usage is tracked in Workspace.usageBytes, changed by the file service
// after each write, and measured from disk when a workspace is created, unarchived or restored
// and while its sandboxes run (they write without the file service: sandbox/usage-sync.ts).
// Reservations are conditional SQL increments, so two concurrent writes cannot both squeeze
// into the last free bytes.
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { formatBytes } from "~/lib/format";
import { walkWorkspaceTree } from "~/server/files/walk-tree";

export interface QuotaState {
  quotaBytes: bigint;
  usageBytes: bigint;
}

export async function quotaState(workspaceId: string): Promise<QuotaState> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { quotaBytes: true, usageBytes: true } });
  if (!ws) {
    throw new AppError("NOT_FOUND", { message: "No such workspace. It may have been deleted; reload the workspace list.", reason: "workspace_not_found" });
  }
  return ws;
}

/** Free bytes (never negative: usage can pass the quota when an owner lowers it). */
export async function remainingBytes(workspaceId: string): Promise<bigint> {
  const { quotaBytes, usageBytes } = await quotaState(workspaceId);
  return usageBytes >= quotaBytes ? 0n : quotaBytes - usageBytes;
}

export function quotaExceeded(needed: bigint, state: QuotaState): AppError {
  const left = state.usageBytes >= state.quotaBytes ? 0n : state.quotaBytes - state.usageBytes;
  return new AppError("QUOTA_EXCEEDED", {
    message: `This write needs ${formatBytes(needed)} but the workspace has ${formatBytes(left)} of ${formatBytes(state.quotaBytes)} left; delete files or ask an owner to raise the quota.`,
    reason: "quota_exceeded",
    details: { neededBytes: Number(needed), remainingBytes: Number(left), quotaBytes: Number(state.quotaBytes), usageBytes: Number(state.usageBytes) },
  });
}

/** Throws QUOTA_EXCEEDED unless `additionalBytes` more fit. Zero or negative always fits. */
export async function assertWithinQuota(workspaceId: string, additionalBytes: number | bigint): Promise<void> {
  const needed = BigInt(additionalBytes);
  if (needed <= 0n) return;
  const state = await quotaState(workspaceId);
  if (state.usageBytes + needed > state.quotaBytes) throw quotaExceeded(needed, state);
}

/**
 * Claims `bytes` of the quota in one conditional UPDATE, or throws QUOTA_EXCEEDED. The caller
 * gives the claim back with `adjustUsage(id, -bytes)` if its write fails, or settles the
 * difference once the real size is known.
 */
export async function reserveUsage(workspaceId: string, bytes: number | bigint): Promise<void> {
  const needed = BigInt(bytes);
  if (needed <= 0n) return;
  const updated = await db().$executeRaw`
    UPDATE "Workspace" SET "usageBytes" = "usageBytes" + ${needed}
    WHERE "id" = ${workspaceId} AND "usageBytes" + ${needed} <= "quotaBytes"`;
  if (updated === 1) return;
  throw quotaExceeded(needed, await quotaState(workspaceId));
}

/** Adds `deltaBytes` (negative to free space) atomically; usage never goes below zero. */
export async function adjustUsage(workspaceId: string, deltaBytes: number | bigint): Promise<void> {
  const delta = BigInt(deltaBytes);
  if (delta === 0n) return;
  await db().$executeRaw`
    UPDATE "Workspace" SET "usageBytes" = GREATEST(0, "usageBytes" + ${delta})
    WHERE "id" = ${workspaceId}`;
}

/**
 * Apparent size of every regular file under `rootPath`, hard links counted once, symlinks never
 * followed (a link to a huge file elsewhere costs nothing here). A missing root measures zero.
 */
export async function measureUsage(rootPath: string): Promise<bigint> {
  const seen = new Set<string>();
  let total = 0n;
  for (const { stat } of await walkWorkspaceTree(rootPath)) {
    if (stat.type !== "file") continue;
    if (stat.nlink > 1) {
      const key = `${stat.dev}:${stat.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    total += BigInt(stat.size);
  }
  return total;
}

/**
 * Measures the workspace's tree and brings the stored usage in line; returns what was measured.
 * Stored as a difference against the usage read before measuring, not as the measured value, so a
 * reservation the file service makes meanwhile is not wiped out (at worst a write that lands
 * during the walk is counted twice until the next measure).
 */
export async function recomputeUsage(workspaceId: string): Promise<bigint> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { rootPath: true, usageBytes: true } });
  if (!ws) {
    throw new AppError("NOT_FOUND", { message: "No such workspace. It may have been deleted; reload the workspace list.", reason: "workspace_not_found" });
  }
  const usage = await measureUsage(ws.rootPath);
  await adjustUsage(workspaceId, usage - ws.usageBytes);
  return usage;
}
