// The task workers running in THIS process, reachable from services loaded by another module graph
// (Next's bundle and server.ts share globalThis, not modules). Services use it to wake a worker at
// once and to stop a task's process without waiting for the worker's next ownership check.
import type { TaskPriority } from "~/generated/prisma/client";

export interface LocalWorker {
  /** A task was queued (here or elsewhere): claim now, and wake workers in other processes. */
  announce(taskId: string, priority: TaskPriority): void;
  /** Stops the task's command if this worker runs it; false when it does not. */
  abort(taskId: string): boolean;
  /** The exact tails of a task running here (newer than the row, which is flushed periodically). */
  liveTails(taskId: string): { stdout: string; stderr: string } | null;
  /** For /api/health and the admin view: who this worker is and how busy. */
  status(): WorkerStatus;
}

export interface WorkerStatus {
  id: string;
  activeTasks: number;
  concurrency: number;
  /** When the claim loop last ran (the poll timer or a wake-up): the worker's heartbeat. */
  lastTickAt: string | null;
  startedAt: string | null;
  stopping: boolean;
}

const KEY = Symbol.for("atrium.task-workers");
type Holder = { [KEY]?: Set<LocalWorker> };

export function localWorkers(): Set<LocalWorker> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Set();
  return holder[KEY];
}
