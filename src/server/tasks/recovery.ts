// After a crash: RUNNING tasks whose worker is gone. Run at start-up and periodically by every
// worker, so a surviving process cleans up after a dead one without anyone restarting. A task is
// lost when its worker's liveness lock is free (the process or its connection died) or its
// heartbeat is older than `staleMs` (the process hangs). Lost tasks are re-queued while attempts
// remain, else FAILED with failureReason `worker_lost`; their sessions (and containers) are removed.
import { db } from "~/server/db/client";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { stopSessionById } from "~/server/sandbox/sessions";
import { workerAlive } from "./claim";
import { logger } from "~/server/observability/logger";

export const DEFAULT_STALE_MS = 2 * 60_000;

export interface RecoveryReport {
  /** Tasks marked FAILED `worker_lost`. */
  failed: string[];
  /** Tasks put back in the queue for another attempt. */
  requeued: string[];
  /** Sessions of ended tasks that were still live (a crash between the two writes). */
  removedSessions: string[];
}

export async function recoverLostTasks(options: { selfId?: string; staleMs?: number; now?: Date } = {}): Promise<RecoveryReport> {
  const report: RecoveryReport = { failed: [], requeued: [], removedSessions: [] };
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (options.staleMs ?? DEFAULT_STALE_MS));
  const running = await db().task.findMany({
    where: { status: "RUNNING" },
    select: { id: true, workspaceId: true, workerId: true, attempt: true, maxRetries: true, sessionId: true, heartbeatAt: true },
  });
  const alive = new Map<string, boolean>();
  for (const task of running) {
    const worker = task.workerId ?? "";
    if (worker === options.selfId) continue;
    if (!alive.has(worker)) alive.set(worker, worker !== "" && (await workerAlive(worker)));
    const stale = task.heartbeatAt !== null && task.heartbeatAt < staleBefore;
    if (alive.get(worker) && !stale) continue;
    const retry = task.attempt <= task.maxRetries;
    // Compare-and-set on the attempt: if the worker was only slow and has since finished, it wins.
    const changed = await db().task.updateMany({
      where: { id: task.id, status: "RUNNING", workerId: task.workerId, attempt: task.attempt },
      data: retry
        ? { status: "QUEUED", workerId: null, sessionId: null, failureReason: "worker_lost", heartbeatAt: null }
        : { status: "FAILED", failureReason: "worker_lost", finishedAt: now, heartbeatAt: null },
    });
    if (changed.count === 0) continue;
    if (task.sessionId) await stopSessionById(task.sessionId, "task_worker_lost").catch((error: unknown) => logger("tasks").error({ err: error }, `could not remove session ${task.sessionId}`));
    (retry ? report.requeued : report.failed).push(task.id);
    publish(workspaceRoom(task.workspaceId), "task:changed", { workspaceId: task.workspaceId, taskId: task.id, status: retry ? "QUEUED" : "FAILED" });
  }
  // A worker that died after ending its task but before removing the session leaves a live session behind.
  const leftovers = await db().$queryRaw<{ id: string }[]>`
    SELECT s."id" FROM "SandboxSession" s JOIN "Task" t ON t."sessionId" = s."id"
    WHERE s."status" IN ('STARTING', 'RUNNING') AND t."status" NOT IN ('RUNNING', 'QUEUED')`;
  for (const { id } of leftovers) {
    await stopSessionById(id, "task_finished").catch((error: unknown) => logger("tasks").error({ err: error }, `could not remove session ${id}`));
    report.removedSessions.push(id);
  }
  return report;
}
