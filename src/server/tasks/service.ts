// Task services: submit, list, get, cancel, and the read behind `task:follow`. Thin doors (tRPC,
// REST, MCP, sockets) call these; the worker (worker.ts) is the only code that runs tasks.
import * as audit from "~/server/audit/audit";
import { roleAtLeast, type WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { lockUserCap, overUserCap, userCaps } from "~/server/limits/user-caps";
import type { Prisma } from "~/generated/prisma/client";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { enforceRunPolicy } from "~/server/sandbox/run-guard";
import { refuseArchived } from "~/server/sandbox/exec";
import { resolveLimits } from "~/server/sandbox/presets";
import { sandboxSettings } from "~/server/sandbox/service";
import { type ActorContext, stopSessionById } from "~/server/sandbox/sessions";
import { localWorkers } from "./local";
import {
  FINISHED_STATUSES,
  type ListTasksInput,
  MAX_QUEUED_PER_WORKSPACE,
  type SubmitTaskInput,
  type TaskDetail,
  type TaskView,
  toPriority,
  toTaskDetail,
  toTaskView,
  ZListTasksInput,
  ZSubmitTaskInput,
} from "./schemas";

const USER = { select: { id: true, name: true, email: true } } as const;
const VIEW_SELECT = { stdoutTail: false, stderrTail: false } as const;

function notFound(): AppError {
  return new AppError("NOT_FOUND", { message: "No such task in this workspace. List the workspace's tasks to find its id.", reason: "task_not_found" });
}

export async function submitTask(ctx: ActorContext, access: WorkspaceAccess, raw: SubmitTaskInput): Promise<TaskView> {
  const input = ZSubmitTaskInput.parse(raw);
  refuseArchived(access);
  const ws = await db().workspace.findUniqueOrThrow({ where: { id: access.workspace.id }, select: { defaultPreset: true, commandPolicy: true } });
  const preset = input.preset ?? ws.defaultPreset;
  const limits = resolveLimits(preset, {}, sandboxSettings().presets);
  // Refused now, with the submitter's channel in the audit log, rather than failing later in a worker.
  await enforceRunPolicy(ctx, { workspaceId: access.workspace.id, action: "tasks.submit", command: input.command, policy: ws.commandPolicy, shell: limits.shell, preset, env: input.env });
  const queued = await db().task.count({ where: { workspaceId: access.workspace.id, status: "QUEUED" } });
  if (queued >= MAX_QUEUED_PER_WORKSPACE) {
    throw new AppError("LIMIT_EXCEEDED", { message: `This workspace already has ${queued} queued tasks. Wait for some to run, or cancel some.`, reason: "task_queue_full" });
  }
  const row = await createWithinUserCap(ctx, access.workspace.id, {
    workspaceId: access.workspace.id,
    userId: ctx.actor.user.id,
    apiKeyId: ctx.actor.apiKey?.id ?? null,
    command: input.command,
    priority: toPriority(input.priority),
    preset,
    env: input.env,
    timeoutMs: input.timeoutMs,
    maxRetries: input.maxRetries,
  });
  publish(workspaceRoom(row.workspaceId), "task:changed", { workspaceId: row.workspaceId, taskId: row.id, status: row.status });
  for (const worker of localWorkers()) worker.announce(row.id, row.priority);
  return toTaskView(row);
}

/**
 * Inserts the task only while its submitter has fewer than the cap queued or running, over every
 * workspace. Count and insert run under a per-user advisory lock, so concurrent submits from any
 * number of processes cannot overshoot.
 */
async function createWithinUserCap(ctx: ActorContext, workspaceId: string, data: Prisma.TaskUncheckedCreateInput) {
  const cap = userCaps().queuedTasks;
  const userId = ctx.actor.user.id;
  const outcome = await db().$transaction(async (tx) => {
    await lockUserCap(tx, "tasks", userId);
    const pending = await tx.task.count({ where: { userId, status: { in: ["QUEUED", "RUNNING"] } } });
    if (pending >= cap) return { pending, row: null };
    return { pending, row: await tx.task.create({ data, omit: VIEW_SELECT, include: { user: USER } }) };
  });
  if (outcome.row) return outcome.row;
  throw await overUserCap(ctx, {
    action: "tasks.submit",
    reason: "user_task_limit",
    workspaceId,
    limit: cap,
    current: outcome.pending,
    message: `You already have ${outcome.pending} tasks queued or running, the most one person may have on this instance (${cap}). Wait for some to finish, or cancel some you no longer need, then submit again.`,
  });
}

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
}

export async function listTasks(workspaceId: string, raw: ListTasksInput = {}): Promise<TaskPage> {
  const input = ZListTasksInput.parse(raw);
  const rows = await db().task.findMany({
    where: { workspaceId, ...(input.status?.length ? { status: { in: input.status } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    omit: VIEW_SELECT,
    include: { user: USER },
  });
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit).map(toTaskView);
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}

export async function getTask(workspaceId: string, taskId: string): Promise<TaskDetail> {
  const row = await db().task.findUnique({ where: { id: taskId }, include: { user: USER } });
  if (!row || row.workspaceId !== workspaceId) throw notFound();
  return toTaskDetail(row);
}

/** The workspace a task belongs to (for doors that address a task by id alone), or null. */
export async function taskWorkspaceId(taskId: string): Promise<string | null> {
  const row = await db().task.findUnique({ where: { id: taskId }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

/**
 * Cancels a queued task (it never runs) or a running one: the row is set CANCELLED first (a
 * compare-and-set, so a task that finishes at the same moment keeps its real outcome), then its
 * session is removed, which kills every process in the container from whichever process handles
 * the request; the worker notices on its next ownership check and only cleans up.
 */
export async function cancelTask(ctx: ActorContext, access: WorkspaceAccess, taskId: string): Promise<TaskView> {
  const row = await db().task.findUnique({ where: { id: taskId }, select: { workspaceId: true, status: true, sessionId: true, userId: true } });
  if (!row || row.workspaceId !== access.workspace.id) throw notFound();
  // Editors cancel any task; whoever submitted one may cancel it even after losing the editor role.
  if (!roleAtLeast(access.role, "editor") && row.userId !== ctx.actor.user.id) {
    await audit.denied(ctx, { action: "tasks.cancel", reason: "role_required", permission: "editor", workspaceId: access.workspace.id, target: taskId });
    throw new AppError("FORBIDDEN", { message: "Only editors, owners and the person who submitted a task may cancel it. Ask one of them.", reason: "role_required" });
  }
  if (FINISHED_STATUSES.includes(row.status)) {
    throw new AppError("CONFLICT", { message: `This task has already ended (${row.status.toLowerCase().replace("_", " ")}); there is nothing to cancel.`, reason: "task_finished" });
  }
  const now = new Date();
  const reason = `cancelled_by:${ctx.actor.user.id}`;
  const queued = await db().task.updateMany({ where: { id: taskId, status: "QUEUED" }, data: { status: "CANCELLED", finishedAt: now, failureReason: reason } });
  if (queued.count === 0) {
    const running = await db().task.updateMany({ where: { id: taskId, status: "RUNNING" }, data: { status: "CANCELLED", finishedAt: now, failureReason: reason } });
    if (running.count === 0) return cancelTask(ctx, access, taskId);
    const current = await db().task.findUniqueOrThrow({ where: { id: taskId }, select: { sessionId: true } });
    for (const worker of localWorkers()) worker.abort(taskId);
    if (current.sessionId) await stopSessionById(current.sessionId, "task_cancelled");
  }
  publish(workspaceRoom(access.workspace.id), "task:changed", { workspaceId: access.workspace.id, taskId, status: "CANCELLED" });
  const view = await db().task.findUniqueOrThrow({ where: { id: taskId }, omit: VIEW_SELECT, include: { user: USER } });
  return toTaskView(view);
}

/**
 * Cancels a queued or running task because whoever submitted it lost the right to run it (key
 * revoked, account disabled, membership removed or lowered): the same compare-and-set as
 * `cancelTask`, decided by the system rather than an actor. Returns false when it had already ended.
 */
export async function cancelTaskForRevocation(taskId: string, reason: string): Promise<boolean> {
  const now = new Date();
  const data = { status: "CANCELLED" as const, finishedAt: now, failureReason: `access_revoked:${reason}` };
  const row = await db().task.findUnique({ where: { id: taskId }, select: { workspaceId: true } });
  if (!row) return false;
  const queued = await db().task.updateMany({ where: { id: taskId, status: "QUEUED" }, data });
  if (queued.count === 0) {
    const running = await db().task.updateMany({ where: { id: taskId, status: "RUNNING" }, data });
    if (running.count === 0) return false;
    const current = await db().task.findUniqueOrThrow({ where: { id: taskId }, select: { sessionId: true } });
    for (const worker of localWorkers()) worker.abort(taskId);
    if (current.sessionId) await stopSessionById(current.sessionId, "task_cancelled");
  }
  publish(workspaceRoom(row.workspaceId), "task:changed", { workspaceId: row.workspaceId, taskId, status: "CANCELLED" });
  return true;
}

/**
 * What `task:follow` acknowledges; `join` subscribes the caller to live output. A task running in
 * this process answers from the worker's memory, in the same tick as the join, so the client gets
 * every byte exactly once. Otherwise the answer is the row, which trails the live output by at most
 * one flush interval (a chunk from that window may be missing or arrive twice).
 */
export async function followSnapshot(workspaceId: string, taskId: string, join: () => void): Promise<{ taskId: string; status: TaskDetail["status"]; stdout: string; stderr: string }> {
  const row = await db().task.findUnique({ where: { id: taskId }, select: { workspaceId: true, status: true } });
  if (!row || row.workspaceId !== workspaceId) throw notFound();
  if (row.status === "RUNNING") {
    for (const worker of localWorkers()) {
      const live = worker.liveTails(taskId);
      if (live) {
        join();
        return { taskId, status: row.status, ...live };
      }
    }
  }
  join();
  const stored = await db().task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true, stdoutTail: true, stderrTail: true } });
  return { taskId, status: stored.status, stdout: stored.stdoutTail, stderr: stored.stderrTail };
}
