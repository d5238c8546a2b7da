// The server's task worker: started by server.ts after sandbox housekeeping (so orphan containers
// are gone first), stopped on shutdown. Tests and the CLI never start one unless they ask.
import { env, type Env } from "~/env";
import { defaultPerUser } from "./claim";
import { TaskWorker } from "./worker";
import { lineLogger } from "~/server/observability/logger";

/**
 * The server's task limits from the environment: ATRIUM_TASK_CONCURRENCY slots in this process,
 * ATRIUM_TASK_WORKSPACE_CONCURRENCY per workspace and ATRIUM_TASK_USER_CONCURRENCY per person over
 * the instance (0, the default: one less than the process's slots, see `defaultPerUser`).
 */
export function taskLimitsFromEnv(e: Env = env()): { concurrency: number; perWorkspace: number; perUser: number } {
  return {
    concurrency: e.ATRIUM_TASK_CONCURRENCY,
    perWorkspace: e.ATRIUM_TASK_WORKSPACE_CONCURRENCY,
    perUser: e.ATRIUM_TASK_USER_CONCURRENCY || defaultPerUser(e.ATRIUM_TASK_CONCURRENCY),
  };
}

export interface RunningTasks {
  /** Claim nothing more (draining); running tasks go on. */
  stopClaiming(): void;
  /** Lets running tasks finish within `graceMs`, re-queues the rest; returns the re-queued ids. */
  stop(options?: { graceMs?: number }): Promise<string[]>;
}

export async function startTasks(log: (line: string) => void = lineLogger("atrium")): Promise<RunningTasks> {
  const limits = taskLimitsFromEnv();
  const worker = new TaskWorker({ ...limits, log });
  try {
    await worker.start();
  } catch (error) {
    // Files, terminals and the UI still work; queued tasks wait for a worker (say so, then go on).
    log(`task worker not started: ${error instanceof Error ? error.message : String(error)}`);
    await worker.stop().catch(() => undefined);
    return { stopClaiming: () => undefined, stop: () => Promise.resolve([]) };
  }
  log(`task worker ${worker.id}: up to ${limits.concurrency} at once, ${limits.perWorkspace} per workspace, ${limits.perUser} per person`);
  return { stopClaiming: () => worker.stopClaiming(), stop: (options) => worker.stop(options) };
}
