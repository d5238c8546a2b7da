// Two kinds of locks. Advisory transaction locks serialise short registry decisions across every
// Atrium process ("is this name free?", "does this root overlap?"). Long disk operations (archive,
// unarchive, delete) hold a per-workspace lock in this process so two of them never interleave on
// one tree; it lives on globalThis because Next's bundle and server.ts share the process, not modules.
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/server/errors";

export async function advisoryLock(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
}

const KEY = Symbol.for("atrium.workspace-disk-locks");
type Holder = { [KEY]?: Map<string, string> };

function busy(): Map<string, string> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** The disk operation holding this workspace in this process ("archive", "unarchive", "delete"), or null. */
export function diskOperationInProgress(workspaceId: string): string | null {
  return busy().get(workspaceId) ?? null;
}

/** The lock name a snapshot restore holds while it replaces the tree. */
export const RESTORE_OPERATION = "restore";

/**
 * What a change (file write, new session) gets while a restore replaces the tree: it would land in
 * the tree about to be thrown away. UNAVAILABLE with Retry-After, because waiting is the fix.
 */
export function restoringError(): AppError {
  return new AppError("UNAVAILABLE", {
    message: "This workspace is being restored from a snapshot right now, and its files are about to be replaced. Nothing was changed; try again in a few seconds.",
    reason: "workspace_restoring",
    retryAfterSeconds: 5,
  });
}

/** Runs `fn` unless another disk operation holds this workspace; then CONFLICT `workspace_busy`. */
export async function withDiskLock<T>(workspaceId: string, operation: string, fn: () => Promise<T>): Promise<T> {
  const locks = busy();
  const current = locks.get(workspaceId);
  if (current) {
    throw new AppError("CONFLICT", {
      message: `This workspace is busy (${current} in progress). Wait for it to finish, then try again.`,
      reason: "workspace_busy",
    });
  }
  locks.set(workspaceId, operation);
  try {
    return await fn();
  } finally {
    locks.delete(workspaceId);
  }
}
