// The server's task worker: started by server.ts after sandbox housekeeping (so orphan containers
// are gone first), stopped on shutdown. Tests and the CLI never start one unless they ask.
import { env } from "~/env";
import { defaultPerUser } from "./claim";
import { TaskWorker } from "./worker";

export async function startTasks(log: (line: string) => void = (l) => console.log(`[atrium] ${l}`)): Promise<{ stop(): Promise<void> }> {
  const e = env();
  const perUser = e.ATRIUM_TASK_USER_CONCURRENCY || defaultPerUser(e.ATRIUM_TASK_CONCURRENCY);
  const worker = new TaskWorker({ concurrency: e.ATRIUM_TASK_CONCURRENCY, perWorkspace: e.ATRIUM_TASK_WORKSPACE_CONCURRENCY, perUser, log });
  try {
    await worker.start();
  } catch (error) {
    // Files, terminals and the UI still work; queued tasks wait for a worker (say so, then go on).
    log(`task worker not started: ${error instanceof Error ? error.message : String(error)}`);
    await worker.stop().catch(() => undefined);
    return { stop: () => Promise.resolve() };
  }
  log(`task worker ${worker.id}: up to ${e.ATRIUM_TASK_CONCURRENCY} at once, ${e.ATRIUM_TASK_WORKSPACE_CONCURRENCY} per workspace, ${perUser} per person`);
  return { stop: () => worker.stop() };
}
