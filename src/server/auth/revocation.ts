// What an identity change ends on the server side, once, from the process that made the change:
// the sandbox sessions and the queued or running tasks that the person (or the key) may no longer
// run. Sockets, terminals and rooms are per process and are ended by the realtime server when the
// change reaches it (identity-events). Everything here re-reads the current state, so calling it
// twice, or for a change that turned out harmless, stops nothing that is still allowed.
import type { TaskStatus } from "~/generated/prisma/enums";
import { db } from "~/server/db/client";
import { stopSessionById } from "~/server/sandbox/sessions";
import { cancelTaskForRevocation } from "~/server/tasks/service";
import { deliverLocally, type IdentityChangeReason, publishIdentityChange } from "./identity-events";
import { logger } from "~/server/observability/logger";

const LIVE_SESSION = ["STARTING", "RUNNING"] as const;
const PENDING_TASK: TaskStatus[] = ["QUEUED", "RUNNING"];

export interface RevocationScope {
  reason: IdentityChangeReason;
  userId: string;
  /** Only this workspace (member removed, role lowered). */
  workspaceId?: string | null;
  /** Only what this key started (revoked, expired). */
  apiKeyId?: string | null;
}

export interface RevocationOutcome {
  sessionsStopped: number;
  tasksCancelled: number;
}

/**
 * Tells every process (sockets, terminals, rooms), then stops the sessions and cancels the tasks
 * the change no longer allows. Services call this after their change is committed.
 */
export async function revokeAccess(scope: RevocationScope): Promise<RevocationOutcome> {
  await publishIdentityChange(scope);
  return enforceRevocation(scope);
}

/** Whether one session or task may keep running: whose it is, which key started it, where. */
export interface Holder {
  userId: string;
  workspaceId: string;
  apiKeyId: string | null;
}

/** Stops and cancels what `scope` covers and no longer holds (idempotent; safe from several processes). */
export async function enforceRevocation(scope: RevocationScope): Promise<RevocationOutcome> {
  if (scope.reason === "signed_out") return { sessionsStopped: 0, tasksCancelled: 0 };
  const where = {
    userId: scope.userId,
    ...(scope.workspaceId ? { workspaceId: scope.workspaceId } : {}),
    ...(scope.apiKeyId ? { apiKeyId: scope.apiKeyId } : {}),
  };
  const [tasks, sessions] = await Promise.all([
    db().task.findMany({ where: { ...where, status: { in: PENDING_TASK } }, select: { id: true, userId: true, workspaceId: true, apiKeyId: true } }),
    db().sandboxSession.findMany({ where: { ...where, status: { in: [...LIVE_SESSION] } }, select: { id: true, userId: true, workspaceId: true, apiKeyId: true } }),
  ]);
  const allowed = await runRights(scope.userId, [...tasks, ...sessions]);
  let tasksCancelled = 0;
  // Tasks first: cancelling one removes its own session, and the task ends CANCELLED rather than
  // failing over a vanished container.
  for (const task of tasks) {
    if (allowed(task)) continue;
    try {
      if (await cancelTaskForRevocation(task.id, scope.reason)) tasksCancelled++;
    } catch (error) {
      logger("identity").error({ err: error }, `could not cancel task ${task.id}`);
    }
  }
  let sessionsStopped = 0;
  for (const session of sessions) {
    if (allowed(session)) continue;
    try {
      await stopSessionById(session.id, scope.reason);
      sessionsStopped++;
    } catch (error) {
      logger("identity").error({ err: error }, `could not stop session ${session.id}`);
    }
  }
  return { sessionsStopped, tasksCancelled };
}

/**
 * The rule a new command would meet (resolveWorkspaceAccess with editor + exec), evaluated for many
 * holders with three queries and without auditing: nothing is being attempted, something is ending.
 */
export async function runRights(userId: string, holders: Holder[]): Promise<(h: Holder) => boolean> {
  if (holders.length === 0) return () => true;
  const workspaceIds = [...new Set(holders.map((h) => h.workspaceId))];
  const keyIds = [...new Set(holders.flatMap((h) => (h.apiKeyId ? [h.apiKeyId] : [])))];
  const [user, keys] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true, memberships: { where: { workspaceId: { in: workspaceIds } }, select: { workspaceId: true, role: true } } } }),
    keyIds.length > 0 ? db().apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, userId: true, revokedAt: true, expiresAt: true, scopes: true, workspaceIds: true } }) : [],
  ]);
  const now = new Date();
  const roles = new Map(user?.memberships.map((m) => [m.workspaceId, m.role]) ?? []);
  const keyById = new Map(keys.map((k) => [k.id, k]));
  return (h) => {
    if (!user || user.disabledAt) return false;
    if (h.apiKeyId) {
      const key = keyById.get(h.apiKeyId);
      if (!key || key.userId !== h.userId || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return false;
      if (!key.scopes.includes("EXEC")) return false;
      if (key.workspaceIds.length > 0 && !key.workspaceIds.includes(h.workspaceId)) return false;
    }
    if (user.role === "ADMIN") return true;
    const role = roles.get(h.workspaceId);
    return role === "OWNER" || role === "EDITOR";
  };
}

const EXPIRY_CHECK_MS = 2_000;

/**
 * Keys have no event when they expire, so each process looks every two seconds: keys that expired
 * since the last look are announced to this process's sockets, and sessions or tasks still running
 * under an expired or revoked key are ended (also the safety net for a revocation whose clean-up
 * was interrupted). Returns the stop function.
 */
export function startKeyExpiryWatch(): () => void {
  let since = new Date();
  let busy = false;
  const tick = async () => {
    const now = new Date();
    const expired = await db().apiKey.findMany({ where: { revokedAt: null, expiresAt: { gt: since, lte: now } }, select: { id: true, userId: true } });
    since = now;
    for (const key of expired) deliverLocally({ reason: "api_key_expired", userId: key.userId, workspaceId: null, apiKeyId: key.id });
    const dead = { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] };
    const [sessions, tasks] = await Promise.all([
      db().sandboxSession.findMany({ where: { status: { in: [...LIVE_SESSION] }, apiKey: { is: dead } }, select: { userId: true, apiKeyId: true, apiKey: { select: { revokedAt: true } } }, take: 500 }),
      db().task.findMany({ where: { status: { in: PENDING_TASK }, apiKey: { is: dead } }, select: { userId: true, apiKeyId: true, apiKey: { select: { revokedAt: true } } }, take: 500 }),
    ]);
    const byKey = new Map<string, RevocationScope>();
    for (const row of [...sessions, ...tasks]) {
      if (!row.apiKeyId) continue;
      byKey.set(row.apiKeyId, { reason: row.apiKey?.revokedAt ? "api_key_revoked" : "api_key_expired", userId: row.userId, apiKeyId: row.apiKeyId });
    }
    for (const scope of byKey.values()) await enforceRevocation(scope);
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((error: unknown) => logger("identity").error({ err: error }, "key expiry check failed"))
      .finally(() => (busy = false));
  }, EXPIRY_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
