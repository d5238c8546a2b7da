// pg-boss in Atrium's own database (schema `pgboss`): the cross-process doorbell of the task
// system. Each queued task (and each retry) sends one job carrying the task's priority; pg-boss hands
// every job to exactly one polling worker, in any process, which then claims work from the Task
// table (see claim.ts for why the claim itself is not pg-boss's fetch). Jobs are never the source
// of truth: a worker that misses one still finds the task on its next periodic claim.
import PgBoss from "pg-boss";
import type { TaskPriority } from "~/generated/prisma/client";

export const TASK_QUEUE = "atrium-tasks";

/** pg-boss orders by priority DESC. */
const BOSS_PRIORITY: Record<TaskPriority, number> = { CRITICAL: 30, HIGH: 20, NORMAL: 10, LOW: 0 };

export interface TaskQueue {
  send(taskId: string, priority: TaskPriority): Promise<void>;
  stop(): Promise<void>;
}

export async function startTaskQueue(databaseUrl: string, onJob: () => void, log: (line: string) => void): Promise<TaskQueue> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: "atrium-tasks",
    max: 3,
    // No cron jobs; maintenance (expiring and archiving old jobs) stays on.
    schedule: false,
    supervise: true,
    retentionMinutes: 60,
    deleteAfterHours: 24,
  });
  boss.on("error", (error) => log(`task queue error: ${error.message}`));
  await boss.start();
  if (!(await boss.getQueue(TASK_QUEUE))) {
    // Two processes starting together may both try; the loser's duplicate is harmless.
    await boss.createQueue(TASK_QUEUE, { name: TASK_QUEUE, policy: "standard", retryLimit: 0, expireInSeconds: 60 }).catch(async (error: unknown) => {
      if (!(await boss.getQueue(TASK_QUEUE))) throw error;
    });
  }
  const workId = await boss.work(TASK_QUEUE, { batchSize: 20, pollingIntervalSeconds: 0.5 }, () => {
    onJob();
    return Promise.resolve();
  });
  return {
    async send(taskId, priority) {
      await boss.send(TASK_QUEUE, { taskId }, { priority: BOSS_PRIORITY[priority], retryLimit: 0 });
    },
    async stop() {
      await boss.offWork({ id: workId }).catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
