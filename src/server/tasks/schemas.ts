// Task inputs and the views every door (tRPC, REST, MCP, sockets) returns. Priorities are lower-case
// words at the boundary and the TaskPriority enum in Postgres; byte counts leave as numbers.
import { z } from "zod";
import type { Task, TaskPriority, TaskStatus } from "~/generated/prisma/client";
import { ZExecInput } from "~/server/sandbox/exec";

export const TASK_PRIORITIES = ["critical", "high", "normal", "low"] as const;
export type TaskPriorityName = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED"] as const satisfies readonly TaskStatus[];
export const FINISHED_STATUSES: readonly TaskStatus[] = ["COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED"];

export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;
/** Tasks are for long work: up to a day, unlike `exec`'s request-bound cap. */
export const MAX_TASK_TIMEOUT_MS = 24 * 3_600_000;
export const MAX_TASK_RETRIES = 5;
/** Queued tasks one workspace may hold; past it, submit is refused instead of growing without bound. */
export const MAX_QUEUED_PER_WORKSPACE = 500;

export const ZSubmitTaskInput = z.object({
  command: ZExecInput.shape.command.describe("A shell string (run with sh -c) or an argv array."),
  priority: z.enum(TASK_PRIORITIES).default("normal").describe("critical runs before high, high before normal, normal before low."),
  timeoutMs: z.number().int().min(1000).max(MAX_TASK_TIMEOUT_MS).default(DEFAULT_TASK_TIMEOUT_MS).describe("The process tree is killed after this long (status TIMED_OUT)."),
  preset: z.string().min(1).max(40).optional().describe("Sandbox preset (default: the workspace's)."),
  env: ZExecInput.shape.env,
  maxRetries: z.number().int().min(0).max(MAX_TASK_RETRIES).default(0).describe("Run again this many times after a failure (non-zero exit or a lost worker)."),
});
export type SubmitTaskInput = z.input<typeof ZSubmitTaskInput>;

export const ZTaskIdInput = z.object({ taskId: z.string().min(1).max(64) });

export const ZListTasksInput = z.object({
  status: z.array(z.enum(TASK_STATUSES)).max(6).optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListTasksInput = z.input<typeof ZListTasksInput>;

export const toPriority = (p: TaskPriorityName): TaskPriority => p.toUpperCase() as TaskPriority;
export const priorityName = (p: TaskPriority): TaskPriorityName => p.toLowerCase() as TaskPriorityName;

export interface TaskView {
  id: string;
  workspaceId: string;
  submittedBy: { id: string; name: string; email: string };
  /** Set when an API key submitted it (an agent). */
  apiKeyId: string | null;
  command: string | string[];
  priority: TaskPriorityName;
  status: TaskStatus;
  preset: string;
  /** Names only: values may be secrets, and viewers can list tasks. */
  envNames: string[];
  timeoutMs: number;
  maxRetries: number;
  /** 1 for the first run; 0 while it has never started. */
  attempt: number;
  workerId: string | null;
  exitCode: number | null;
  stdoutBytes: number;
  stderrBytes: number;
  failureReason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface TaskDetail extends TaskView {
  /** The last ≤ 1 MiB of each stream (UTF-8, lossy for binary output). */
  stdoutTail: string;
  stderrTail: string;
}

type TaskRow = Omit<Task, "stdoutTail" | "stderrTail"> & { user: { id: string; name: string; email: string } };

export function commandOf(json: unknown): string | string[] {
  if (typeof json === "string") return json;
  if (Array.isArray(json)) return json.map(String);
  return String(json);
}

export function toTaskView(row: TaskRow): TaskView {
  const env = row.env && typeof row.env === "object" && !Array.isArray(row.env) ? Object.keys(row.env) : [];
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    submittedBy: { id: row.user.id, name: row.user.name, email: row.user.email },
    apiKeyId: row.apiKeyId,
    command: commandOf(row.command),
    priority: priorityName(row.priority),
    status: row.status,
    preset: row.preset,
    envNames: env,
    timeoutMs: row.timeoutMs,
    maxRetries: row.maxRetries,
    attempt: row.attempt,
    workerId: row.workerId,
    exitCode: row.exitCode,
    stdoutBytes: Number(row.stdoutBytes),
    stderrBytes: Number(row.stderrBytes),
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export function toTaskDetail(row: TaskRow & { stdoutTail: string; stderrTail: string }): TaskDetail {
  return { ...toTaskView(row), stdoutTail: row.stdoutTail, stderrTail: row.stderrTail };
}
