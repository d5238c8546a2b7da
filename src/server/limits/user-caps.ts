// Per-user caps on work in flight (issue 12, fair limits between tenants): how many sandbox
// sessions, queued tasks, running tasks and greps one person may hold at once, so that one
// account (or one leaked key) cannot take a shared instance's containers, task slots or CPU.
//
// Values come from src/env.ts at first use; tests replace them with `configureUserCaps`.
import type { Prisma } from "~/generated/prisma/client";
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import { env } from "~/env";

export interface UserCaps {
  /** Live (starting or running) interactive sandbox sessions per user, over every process. */
  sessions: number;
  /** Queued plus running tasks per user, over every workspace and process. */
  queuedTasks: number;
  /** Greps running at once per user, in this process. */
  greps: number;
}

const KEY = Symbol.for("atrium.user-caps");
type Holder = { [KEY]?: UserCaps };

export function userCaps(): UserCaps {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const e = env();
    holder[KEY] = { sessions: e.ATRIUM_USER_MAX_SESSIONS, queuedTasks: e.ATRIUM_USER_MAX_QUEUED_TASKS, greps: e.ATRIUM_USER_MAX_GREPS };
  }
  return holder[KEY];
}

/** Replaces some caps (tests; tools). On globalThis, as Next's bundle and server.ts load this module separately. */
export function configureUserCaps(changes: Partial<UserCaps>): void {
  const holder = globalThis as Holder;
  holder[KEY] = { ...userCaps(), ...changes };
}

/** pg advisory lock namespace (first key) of per-user caps: "UC" as an int. */
const USER_CAP_LOCK = 0x5543;

/**
 * Serialises, across every process, the count-then-insert of one kind of work for one user, until
 * the transaction ends. Without it, twenty concurrent starts would each count the same N < cap
 * before any of them inserted, and all twenty would go through.
 */
export async function lockUserCap(tx: Prisma.TransactionClient, kind: "sessions" | "tasks", userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USER_CAP_LOCK}::int, hashtext(${`${kind}:${userId}`}))`;
}

export type UserCapReason = "user_session_limit" | "user_task_limit" | "user_grep_limit";

/** Audits the refusal and returns the error to throw: LIMIT_EXCEEDED, 429 over HTTP. */
export async function overUserCap(
  ctx: RequestContext,
  event: { action: string; reason: UserCapReason; workspaceId?: string; limit: number; current: number; message: string },
): Promise<AppError> {
  const details = { limit: event.limit, current: event.current };
  await audit.denied(ctx, { action: event.action, reason: event.reason, workspaceId: event.workspaceId, details });
  return new AppError("LIMIT_EXCEEDED", { message: event.message, reason: event.reason, details, busy: true });
}

const SLOTS = Symbol.for("atrium.user-grep-slots");
type SlotHolder = { [SLOTS]?: Map<string, number> };

function grepSlots(): Map<string, number> {
  const holder = globalThis as SlotHolder;
  holder[SLOTS] ??= new Map();
  return holder[SLOTS];
}

/**
 * Takes one of the caller's grep slots in this process, or refuses (audited) when all are in use.
 * Call the returned function exactly once when the search ends. Per process, not per instance: a
 * grep is CPU in the process that runs it, and counting in memory costs nothing per call; with N
 * replicas a person may run N times the cap, spread over N processes' CPUs.
 */
export async function takeGrepSlot(ctx: RequestContext, workspaceId: string): Promise<() => void> {
  const userId = ctx.actor?.user.id;
  if (!userId) return () => undefined;
  const cap = userCaps().greps;
  const slots = grepSlots();
  const current = slots.get(userId) ?? 0;
  if (current >= cap) {
    throw await overUserCap(ctx, {
      action: "files.grep",
      reason: "user_grep_limit",
      workspaceId,
      limit: cap,
      current,
      message: `You already have ${current} searches running, the most one person may run at once (${cap}). Wait for one to finish (each stops at its time limit), then search again.`,
    });
  }
  slots.set(userId, current + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (slots.get(userId) ?? 1) - 1;
    if (left > 0) slots.set(userId, left);
    else slots.delete(userId);
  };
}

/** Greps `userId` has running in this process now (for tests and diagnostics). */
export function grepsInFlight(userId: string): number {
  return grepSlots().get(userId) ?? 0;
}
