// Choosing the next task, across every worker process. One UPDATE on the Task table picks the
// best runnable task, fair between people first: among queued tasks whose workspace has fewer than
// `perWorkspace` tasks RUNNING and whose submitter has fewer than `perUser` RUNNING (over the whole
// instance), it takes the one whose submitter has the fewest tasks running now, then the highest
// priority (the TaskPriority enum is declared CRITICAL, HIGH, NORMAL, LOW, so ascending enum order
// is the run order), then the oldest. So one person's long critical tasks, in however many
// workspaces, never hold every slot while someone else waits: `perUser` keeps a slot free for
// others, and a person with nothing running goes first whatever their priority.
//
// Why not pg-boss's fetch: it orders by priority but cannot skip a job whose workspace is full, so a
// busy workspace's queued task at the head would block everyone else's (or force fetch-and-put-back
// loops that reorder the queue). Why the advisory lock: two workers claiming at the same instant
// would each count the workspace's RUNNING tasks before the other's UPDATE committed and both start
// one, breaking the per-workspace and per-user limits. A transaction-scoped lock serialises claims
// across all processes (a claim takes a millisecond; tasks run for seconds to hours), and under
// READ COMMITTED the UPDATE, which starts after the lock is granted, sees every earlier claim.
// Timestamps use clock_timestamp(), not now(): now() is when the transaction began, which can be
// before the end of the task whose finish made room, and startedAt must never precede the
// finishedAt it waited for.
import { db } from "~/server/db/client";
import { metrics } from "~/server/observability/metrics";

/** pg advisory lock namespace (first key) of the task system: "AT" as an int. */
export const LOCK_NAMESPACE = 0x4154;
/** Second key of the claim lock; workers' liveness locks use hashtext(workerId) instead. */
const CLAIM_KEY = 0;

export interface Claimed {
  id: string;
  attempt: number;
}

type ClaimedRow = Claimed & { waitSeconds: number };

export interface ClaimLimits {
  /** Tasks RUNNING at once in one workspace, over all processes. */
  perWorkspace: number;
  /** Tasks RUNNING at once for one submitter, over all processes and workspaces. */
  perUser: number;
}

/**
 * The per-user running cap when none is configured: one less than a process's slots, so that with
 * the default three slots one person runs two tasks and the third slot stays free for everyone
 * else (with a single slot, fairness comes from the claim order alone).
 */
export function defaultPerUser(concurrency: number): number {
  return Math.max(1, concurrency - 1);
}

/** `perUser` when a worker is given none: more than any instance runs. */
export const UNLIMITED_PER_USER = 1_000_000;

export async function claimNext(workerId: string, limits: ClaimLimits, onlyWorkspaces: readonly string[] | null): Promise<Claimed | null> {
  const claimed = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, ${CLAIM_KEY}::int)`;
    // RUNNING rows are few (at most the instance's slots), so counting them once per claim is cheap.
    const rows = await tx.$queryRaw<ClaimedRow[]>`
      WITH running AS (SELECT "workspaceId", "userId" FROM "Task" WHERE "status" = 'RUNNING'),
        by_workspace AS (SELECT "workspaceId", count(*) AS n FROM running GROUP BY "workspaceId"),
        by_user AS (SELECT "userId", count(*) AS n FROM running GROUP BY "userId")
      UPDATE "Task" SET
        "status" = 'RUNNING', "workerId" = ${workerId}, "attempt" = "attempt" + 1,
        "startedAt" = clock_timestamp(), "heartbeatAt" = clock_timestamp(), "updatedAt" = clock_timestamp(), "finishedAt" = NULL,
        "exitCode" = NULL, "failureReason" = NULL, "sessionId" = NULL,
        "stdoutTail" = '', "stderrTail" = '', "stdoutBytes" = 0, "stderrBytes" = 0
      WHERE "id" = (
        SELECT t."id" FROM "Task" t
        LEFT JOIN by_workspace w ON w."workspaceId" = t."workspaceId"
        LEFT JOIN by_user u ON u."userId" = t."userId"
        WHERE t."status" = 'QUEUED'
          AND (${onlyWorkspaces === null}::boolean OR t."workspaceId" = ANY(${onlyWorkspaces ?? []}::text[]))
          AND coalesce(w.n, 0) < ${limits.perWorkspace}
          AND coalesce(u.n, 0) < ${limits.perUser}
        ORDER BY coalesce(u.n, 0), t."priority", t."createdAt", t."id"
        LIMIT 1
      )
      RETURNING "id", "attempt", extract(epoch FROM "startedAt" - "createdAt")::float8 AS "waitSeconds"`;
    return rows[0] ?? null;
  });
  if (!claimed) return null;
  // Every task leaves the queue here, whichever worker or process claims it.
  metrics().taskQueueWait.observe(Math.max(0, claimed.waitSeconds));
  return { id: claimed.id, attempt: claimed.attempt };
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
