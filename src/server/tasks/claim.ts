// Choosing the next task, across every worker process. One UPDATE on the Task table picks the
// best runnable task: highest priority first (the TaskPriority enum is declared CRITICAL, HIGH,
// NORMAL, LOW, so ascending enum order is the run order), oldest first within a priority, and only
// in workspaces with fewer than `perWorkspace` tasks RUNNING.
//
// Why not pg-boss's fetch: it orders by priority but cannot skip a job whose workspace is full, so a
// busy workspace's queued task at the head would block everyone else's (or force fetch-and-put-back
// loops that reorder the queue). Why the advisory lock: two workers claiming at the same instant
// would each count the workspace's RUNNING tasks before the other's UPDATE committed and both start
// one, breaking the per-workspace limit. A transaction-scoped lock serialises claims across all
// processes (a claim takes a millisecond; tasks run for seconds to hours), and under READ COMMITTED
// the UPDATE, which starts after the lock is granted, sees every earlier claim. Timestamps use
// clock_timestamp(), not now(): now() is when the transaction began, which can be before the end of
// the task whose finish made room, and startedAt must never precede the finishedAt it waited for.
import { db } from "~/server/db/client";

/** pg advisory lock namespace (first key) of the task system: "AT" as an int. */
export const LOCK_NAMESPACE = 0x4154;
/** Second key of the claim lock; workers' liveness locks use hashtext(workerId) instead. */
const CLAIM_KEY = 0;

export interface Claimed {
  id: string;
  attempt: number;
}

export async function claimNext(workerId: string, perWorkspace: number, onlyWorkspaces: readonly string[] | null): Promise<Claimed | null> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, ${CLAIM_KEY}::int)`;
    const rows = await tx.$queryRaw<Claimed[]>`
      UPDATE "Task" SET
        "status" = 'RUNNING', "workerId" = ${workerId}, "attempt" = "attempt" + 1,
        "startedAt" = clock_timestamp(), "heartbeatAt" = clock_timestamp(), "updatedAt" = clock_timestamp(), "finishedAt" = NULL,
        "exitCode" = NULL, "failureReason" = NULL, "sessionId" = NULL,
        "stdoutTail" = '', "stderrTail" = '', "stdoutBytes" = 0, "stderrBytes" = 0
      WHERE "id" = (
        SELECT t."id" FROM "Task" t
        WHERE t."status" = 'QUEUED'
          AND (${onlyWorkspaces === null}::boolean OR t."workspaceId" = ANY(${onlyWorkspaces ?? []}::text[]))
          AND (SELECT count(*) FROM "Task" r WHERE r."workspaceId" = t."workspaceId" AND r."status" = 'RUNNING') < ${perWorkspace}
        ORDER BY t."priority", t."createdAt", t."id"
        LIMIT 1
      )
      RETURNING "id", "attempt"`;
    return rows[0] ?? null;
  });
}

/**
 * Whether the worker `workerId` is alive: each worker holds a session-level advisory lock on
 * (LOCK_NAMESPACE, hashtext(id)) for its whole life on a dedicated connection. PostgreSQL drops it
 * the moment that connection dies (SIGKILL, crash, lost machine after TCP keepalive), so if we can
 * take it, nobody holds it. Taken transaction-scoped, so probing never keeps it.
 */
export async function workerAlive(workerId: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ free: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${workerId})) AS free`;
    return rows[0]?.free !== true;
  });
}
