// Session lifecycle: create (row STARTING → container → RUNNING), list, get, touch, stop, destroy,
// and the idle reaper. Every status change is a compare-and-set on the row (`updateMany` guarded by
// the current status), so two stops, or a stop racing a start, cannot both win.
//
// Stopping removes the container: a stopped session is history, not something to resume (start a
// new one; the workspace files persist). Ephemeral sessions still need a Workspace row (the schema
// ties every session to one, for permissions and audit): they belong to the workspace they were
// started from, but mount a private scratch directory (`<data>/sandbox-scratch/<session id>`)
// instead of its files, removed when the session stops.
import { chown, mkdir } from "node:fs/promises";
import { z } from "zod";
import type { Prisma, SandboxSession } from "~/generated/prisma/client";
import type { SandboxStatus } from "~/generated/prisma/enums";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";
import { lockUserCap, overUserCap, userCaps } from "~/server/limits/user-caps";
import { disposeEphemeralWorkspace } from "~/server/workspaces/ephemeral";
import { diskOperationInProgress, RESTORE_OPERATION, restoringError } from "~/server/workspaces/locks";
import { sandboxIdentity } from "~/server/storage/confined-fs";
import { removeWorkspaceTree } from "~/server/storage/whole-tree";
import { accessFromDb, accessToDb, discardOverlay, prepareOverlay, type SessionAccessName, ZSessionAccess } from "./access";
import { sharedMountsFor } from "~/server/shared-folders/service";
import { scratchDirFor } from "./config";
import type { SandboxHandle } from "./driver";
import { limitsFromJson, resolveLimits, type SandboxLimits, withWorkspaceLimits, ZLimitOverrides } from "./presets";
import { currentCeilings } from "./policy-settings";
import { driverFor, sandboxSettings } from "./service";
import { applyNoExec } from "./noexec/apply";
import { MASK_REFUSALS, prepareWorkspace } from "./workspace-prep";
import { logger } from "~/server/observability/logger";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";

export type ActorContext = RequestContext & { actor: Actor };

export const ZCreateSessionInput = z.object({
  preset: z.string().min(1).max(40).optional(),
  overrides: ZLimitOverrides.optional(),
  image: z.string().min(1).max(300).optional(),
  ephemeral: z.boolean().default(false),
  access: ZSessionAccess.default("rw"),
});
export type CreateSessionInput = z.input<typeof ZCreateSessionInput>;

export interface SessionView {
  id: string;
  workspaceId: string;
  userId: string;
  driver: string;
  /** False for the local driver: commands run unconfined on the server. */
  isolated: boolean;
  image: string;
  preset: string;
  limits: SandboxLimits;
  ephemeral: boolean;
  /** rw, ro or cow: what the session's processes may do to the workspace files (access.ts). */
  access: SessionAccessName;
  status: SandboxStatus;
  stopReason: string | null;
  lastActiveAt: Date;
  /** When the idle reaper will stop a RUNNING session unless something touches it first; null otherwise. */
  idleStopAt: Date | null;
  /** The starter's display name, when the query loaded it (lists do). */
  userName: string | null;
  /** The background task this session was started for (lists say; it ends with the task), or null. */
  taskId: string | null;
  startedAt: Date | null;
  stoppedAt: Date | null;
  createdAt: Date;
}

const LIVE: SandboxStatus[] = ["STARTING", "RUNNING"];

export function toView(row: SandboxSession & { user?: { name: string } }): SessionView {
  const { idleMs } = sandboxSettings();
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    userId: row.userId,
    driver: row.driver,
    isolated: row.driver !== "local",
    image: row.image,
    preset: row.preset,
    limits: limitsFromJson(row.preset, row.limits, sandboxSettings().presets),
    ephemeral: row.ephemeral,
    access: accessFromDb(row.access),
    status: row.status,
    stopReason: row.stopReason,
    lastActiveAt: row.lastActiveAt,
    idleStopAt: row.status === "RUNNING" ? new Date(row.lastActiveAt.getTime() + idleMs) : null,
    userName: row.user?.name ?? null,
    taskId: null,
    startedAt: row.startedAt,
    stoppedAt: row.stoppedAt,
    createdAt: row.createdAt,
  };
}

export function handleOf(row: Pick<SandboxSession, "driver" | "containerId">): SandboxHandle | null {
  if (!row.containerId) return null;
  return { driver: row.driver === "local" ? "local" : "docker", id: row.containerId };
}

function notFound(): AppError {
  return new AppError("NOT_FOUND", { message: "No such session in this workspace. List the workspace's sessions to find its id.", reason: "session_not_found" });
}

/** The image a session runs: the request's (from the admin-managed list), else the workspace's, else the runtime image. */
function pickImage(requested: string | undefined, workspaceImage: string | null): string {
  const { allowedImages, runtimeImage } = sandboxSettings();
  if (requested !== undefined && requested !== workspaceImage && !allowedImages.includes(requested)) {
    throw new AppError("FORBIDDEN", {
      message: `The image "${requested}" is not on this instance's list of sandbox images (${allowedImages.join(", ")}). Ask an administrator to add it.`,
      reason: "image_not_allowed",
    });
  }
  return requested ?? workspaceImage ?? runtimeImage;
}

const STARTING_KEY = Symbol.for("atrium.sandbox.starting");
/**
 * Sessions this process is starting right now. On globalThis because the tRPC bundle (which
 * starts sessions) and server.ts (whose reconcile must not take a slow start for a dead one) load
 * this module separately.
 */
export function sessionsStartingHere(): Set<string> {
  const holder = globalThis as { [STARTING_KEY]?: Set<string> };
  holder[STARTING_KEY] ??= new Set<string>();
  return holder[STARTING_KEY];
}

/**
 * `forTask`: the task worker's own session for one task attempt. Those are bounded by the per-user
 * running-task cap (claim.ts) instead, so a person with many interactive sessions does not see
 * their queued tasks fail, and running tasks do not use up their interactive sessions.
 */
export async function createSession(ctx: ActorContext, access: WorkspaceAccess, raw: CreateSessionInput, options: { forTask?: boolean } = {}): Promise<SessionView> {
  const input = ZCreateSessionInput.parse(raw);
  const config = sandboxSettings();
  const ws = await db().workspace.findUnique({
    where: { id: access.workspace.id },
    select: { id: true, rootPath: true, status: true, registered: true, image: true, defaultPreset: true, sandboxLimits: true },
  });
  if (!ws) throw notFound();
  if (ws.status === "ARCHIVED" && !input.ephemeral) {
    throw new AppError("CONFLICT", { message: "This workspace is archived. Unarchive it to start a session in it.", reason: "workspace_archived" });
  }
  // A container made now would mount the tree a restore is about to replace.
  if (!input.ephemeral && diskOperationInProgress(ws.id) === RESTORE_OPERATION) throw restoringError();
  const preset = input.preset ?? ws.defaultPreset;
  // The owner's per-workspace limits (within the admin's ceilings) are the base; overrides only lower them.
  const limits = resolveLimits(preset, input.overrides, withWorkspaceLimits(sandboxSettings().presets, ws.sandboxLimits, await currentCeilings()));
  const image = pickImage(input.image, ws.image);
  const driver = driverFor();
  assertAccessPossible(input.access, { ephemeral: input.ephemeral, isolated: driver.isolated });

  const data = {
    workspaceId: ws.id,
    userId: ctx.actor.user.id,
    apiKeyId: ctx.actor.apiKey?.id ?? null,
    driver: driver.name,
    image,
    preset,
    limits: { ...limits },
    ephemeral: input.ephemeral,
    access: accessToDb(input.access),
    status: "STARTING" as const,
  };
  const row = options.forTask ? await db().sandboxSession.create({ data }) : await createWithinUserCap(ctx, ws.id, data);
  let handle: SandboxHandle | null = null;
  sessionsStartingHere().add(row.id);
  try {
    const workspaceDir = input.ephemeral ? await makeScratch(row.id) : ws.rootPath;
    const prepared = await prepareWorkspace(workspaceDir, { mayChown: input.ephemeral || !ws.registered, limits: config.maskLimits });
    const sharedMounts = input.ephemeral ? [] : await sharedMountsFor(ws.id, input.access);
    const workspaceVolume = input.access === "cow" ? await prepareOverlay(config, { sessionId: row.id, workspaceId: ws.id }, workspaceDir) : null;
    handle = await driver.create({
      sessionId: row.id,
      workspaceId: ws.id,
      image,
      workspaceDir,
      workspaceVolume,
      sharedMounts,
      readOnly: access.role === "viewer" || input.access === "ro",
      limits,
      masks: prepared.masks,
      user: prepared.user,
    });
    await db().sandboxSession.update({ where: { id: row.id }, data: { containerId: handle.id } });
    await driver.start(handle);
    // NO_EXEC folders are mounted noexec before anyone can run a command; failing that, the start fails.
    if (!input.ephemeral) await applyNoExec(driver, handle, ws);
    const now = new Date();
    const started = await db().sandboxSession.updateMany({ where: { id: row.id, status: "STARTING" }, data: { status: "RUNNING", startedAt: now, lastActiveAt: now } });
    if (started.count === 0) throw new AppError("CONFLICT", { message: "The session was stopped while it was starting.", reason: "session_stopped" });
    publish(workspaceRoom(ws.id), "session:changed", { workspaceId: ws.id, sessionId: row.id, status: "RUNNING" });
    return toView(await db().sandboxSession.findUniqueOrThrow({ where: { id: row.id } }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = await db().sandboxSession.updateMany({
      where: { id: row.id, status: { in: LIVE } },
      data: { status: "FAILED", stopReason: `start_failed: ${message}`.slice(0, 500), stoppedAt: new Date() },
    });
    if (failed.count > 0) publish(workspaceRoom(ws.id), "session:changed", { workspaceId: ws.id, sessionId: row.id, status: "FAILED" });
    if (handle) await driver.destroy(handle).catch(() => undefined);
    if (input.access === "cow") await discardOverlay(config, row.id).catch((e: unknown) => logger("sandbox").error({ err: e }, `could not remove the overlay of ${row.id}`));
    if (input.ephemeral) await removeWorkspaceTree(scratchDirFor(config, row.id), { keepTop: false });
    // A session refused because its protected files cannot all be hidden is a denial, not a fault.
    if (error instanceof AppError && error.reason !== undefined && ([...MASK_REFUSALS, "noexec_unavailable"] as readonly string[]).includes(error.reason)) {
      await audit.denied(ctx, { action: "sandbox.sessions.create", reason: error.reason, target: row.id, permission: "exec", workspaceId: ws.id, details: error.details });
    }
    throw error;
  } finally {
    sessionsStartingHere().delete(row.id);
  }
}

/**
 * Inserts the STARTING row only while the user has fewer live interactive sessions than the cap.
 * Count and insert happen under a per-user advisory lock, so concurrent starts from any number of
 * processes cannot overshoot; the STARTING row counts from the moment the lock is released.
 * Sessions of tasks are not counted (see `createSession`). A task's session is linked to its task
 * a moment after it is created; a start in that window counts it, which errs on the strict side.
 */
async function createWithinUserCap(ctx: ActorContext, workspaceId: string, data: Prisma.SandboxSessionUncheckedCreateInput): Promise<SandboxSession> {
  const cap = userCaps().sessions;
  const outcome = await db().$transaction(async (tx): Promise<{ row: SandboxSession } | { live: number }> => {
    await lockUserCap(tx, "sessions", ctx.actor.user.id);
    const [{ live }] = await tx.$queryRaw<[{ live: number }]>`
      SELECT count(*)::int AS live FROM "SandboxSession" s
      WHERE s."userId" = ${ctx.actor.user.id} AND s."status" IN ('STARTING', 'RUNNING')
        AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."sessionId" = s."id")`;
    if (live >= cap) return { live };
    return { row: await tx.sandboxSession.create({ data }) };
  });
  if ("row" in outcome) return outcome.row;
  throw await overUserCap(ctx, {
    action: "sandbox.sessions.create",
    reason: "user_session_limit",
    workspaceId,
    limit: cap,
    current: outcome.live,
    message: `You already have ${outcome.live} sandbox sessions running, the most one person may run at once on this instance (${cap}). Stop a session you no longer need (in any workspace), then start again.`,
  });
}

/**
 * ro and cow need a mount the driver controls (the local driver runs commands on the host, where
 * nothing stops a write); an ephemeral session has no workspace files to protect.
 */
function assertAccessPossible(mode: SessionAccessName, where: { ephemeral: boolean; isolated: boolean }): void {
  if (mode === "rw") return;
  if (where.ephemeral) {
    throw new AppError("INVALID_INPUT", { message: `An ephemeral session has only its own scratch folder; access "${mode}" applies to workspace sessions. Drop one of the two.`, reason: "access_mode_unsupported" });
  }
  if (!where.isolated) {
    throw new AppError("INVALID_INPUT", {
      message: `This instance runs commands with the local driver, which cannot mount the workspace ${mode === "ro" ? "read-only" : "copy-on-write"}. Start an rw session, or ask an administrator to use the Docker driver.`,
      reason: "access_mode_unsupported",
    });
  }
}

async function makeScratch(sessionId: string): Promise<string> {
  const config = sandboxSettings();
  const dir = scratchDirFor(config, sessionId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) await chown(dir, sandboxIdentity().uid, sandboxIdentity().gid);
  return dir;
}

export async function listSessions(workspaceId: string, options: { includeStopped?: boolean } = {}): Promise<SessionView[]> {
  const rows = await db().sandboxSession.findMany({
    where: { workspaceId, ...(options.includeStopped ? {} : { status: { in: LIVE } }) },
    orderBy: { createdAt: "desc" },
    include: { user: { select: { name: true } } },
    take: 200,
  });
  const tasks = await db().task.findMany({ where: { workspaceId, sessionId: { in: rows.map((r) => r.id) } }, select: { id: true, sessionId: true } });
  const taskOf = new Map(tasks.map((t) => [t.sessionId, t.id]));
  return rows.map((row) => ({ ...toView(row), taskId: taskOf.get(row.id) ?? null }));
}

export async function getSessionRow(workspaceId: string, sessionId: string): Promise<SandboxSession> {
  const row = await db().sandboxSession.findUnique({ where: { id: sessionId } });
  if (!row || row.workspaceId !== workspaceId) throw notFound();
  return row;
}

export async function getSession(workspaceId: string, sessionId: string): Promise<SessionView> {
  return toView(await getSessionRow(workspaceId, sessionId));
}

export async function touchSession(sessionId: string): Promise<void> {
  await db().sandboxSession.updateMany({ where: { id: sessionId, status: "RUNNING" }, data: { lastActiveAt: new Date() } });
}

/**
 * Marks the session STOPPED (if it was live) and removes its container and scratch directory.
 * Idempotent: stopping a stopped session only makes sure nothing is left behind.
 */
export async function stopSessionById(sessionId: string, reason: string): Promise<void> {
  const row = await db().sandboxSession.findUnique({ where: { id: sessionId } });
  if (!row) return;
  const stopped = await db().sandboxSession.updateMany({
    where: { id: sessionId, status: { in: LIVE } },
    data: { status: "STOPPED", stopReason: reason, stoppedAt: new Date() },
  });
  if (stopped.count > 0) publish(workspaceRoom(row.workspaceId), "session:changed", { workspaceId: row.workspaceId, sessionId, status: "STOPPED" });
  const handle = handleOf(row);
  if (handle) await driverFor(handle.driver).destroy(handle);
  // The container is gone, so its overlay volume is no longer in use: the session's writes go with it.
  if (row.access === "COW") await discardOverlay(sandboxSettings(), row.id);
  if (row.ephemeral) await removeWorkspaceTree(scratchDirFor(sandboxSettings(), row.id), { keepTop: false });
  // A workspace made for this session alone (POST /api/v1/sessions without one) goes with it.
  await disposeEphemeralWorkspace(row.workspaceId);
}

/**
 * A session is its starter's: other editors may not stop or drive it (it may hold their work in
 * progress, or an ephemeral scratch space). Workspace owners (and admins) may stop any.
 */
export async function ownSessionRow(ctx: ActorContext, access: WorkspaceAccess, sessionId: string, action: string): Promise<SandboxSession> {
  const row = await getSessionRow(access.workspace.id, sessionId);
  if (row.userId !== ctx.actor.user.id && access.role !== "owner") {
    await audit.denied(ctx, { action, reason: "session_not_yours", target: sessionId, permission: "exec", workspaceId: access.workspace.id });
    throw new AppError("FORBIDDEN", { message: "This session belongs to another member. Ask them or a workspace owner to stop it.", reason: "session_not_yours" });
  }
  return row;
}

export async function stopSession(ctx: ActorContext, access: WorkspaceAccess, sessionId: string): Promise<SessionView> {
  const row = await ownSessionRow(ctx, access, sessionId, "sandbox.sessions.stop");
  const stopReason = row.userId === ctx.actor.user.id ? "stopped_by_user" : "stopped_by_owner";
  await stopSessionById(sessionId, stopReason);
  // The session of an ephemeral workspace went with it (workspaces/ephemeral.ts): say how it ended.
  const after = await db().sandboxSession.findUnique({ where: { id: sessionId } });
  return toView(after ?? { ...row, status: "STOPPED", stopReason, stoppedAt: new Date() });
}

/** Stops the session and deletes its row. */
export async function destroySession(ctx: ActorContext, access: WorkspaceAccess, sessionId: string): Promise<{ id: string }> {
  await ownSessionRow(ctx, access, sessionId, "sandbox.sessions.destroy");
  await stopSessionById(sessionId, "destroyed");
  await db().sandboxSession.deleteMany({ where: { id: sessionId } });
  return { id: sessionId };
}

/** Stops RUNNING sessions untouched for `idleMs`; returns their ids. Safe to call from several processes. */
export async function stopIdleSessions(idleMs: number = sandboxSettings().idleMs, now: Date = new Date()): Promise<string[]> {
  const idle = await db().sandboxSession.findMany({
    where: { status: "RUNNING", lastActiveAt: { lt: new Date(now.getTime() - idleMs) } },
    select: { id: true },
    take: 500,
  });
  const stopped: string[] = [];
  for (const { id } of idle) {
    try {
      await stopSessionById(id, "idle");
      stopped.push(id);
    } catch (error) {
      logger("sandbox").error({ err: error }, `could not stop idle session ${id}`);
    }
  }
  return stopped;
}
