// Ephemeral workspaces: `POST /api/v1/sessions` without a workspace gets one made for that session
// (the persistent-workspaces API's ephemeral session), reachable through the file API like any
// other while the session lives, and deleted, files and all, when the session ends however it
// ends (stopped, destroyed, idle, container lost: every path runs `stopSessionById`).
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { logger } from "~/server/observability/logger";
import { removeWorkspaceTree } from "~/server/storage/whole-tree";
import { assertMayCreate } from "./by-name";
import { createWorkspace } from "./create-workspace";
import { isManagedRoot, snapshotsDir } from "./paths";

type ActorContext = RequestContext & { actor: Actor };

/** A fresh workspace owned by the caller, marked ephemeral; needs `write` and `exec` (it exists to run a session). */
export async function createEphemeralWorkspace(ctx: ActorContext): Promise<string> {
  await assertMayCreate(ctx, "sessions.create", ["exec"]);
  const name = `ephemeral-${randomBytes(6).toString("hex")}`;
  const made = await createWorkspace(ctx, { name, description: "Made for one sandbox session; deleted with it." }, { ephemeral: true });
  await audit.record(ctx, { type: "workspace_created_on_use", workspaceId: made.id, name, via: "ephemeral" });
  return made.id;
}

/**
 * Deletes the workspace when it is ephemeral and no session of it is starting or running any
 * more. Never throws: the session is already stopped, and a leftover is logged (and retried by the
 * next stop of any of its sessions).
 */
export async function disposeEphemeralWorkspace(workspaceId: string): Promise<boolean> {
  try {
    const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { id: true, ephemeral: true, rootPath: true } });
    if (!ws?.ephemeral) return false;
    // Only when the last live session is gone; the count and the delete are one statement.
    const deleted = await db().$executeRaw`
      DELETE FROM "Workspace" w WHERE w.id = ${workspaceId} AND w.ephemeral
        AND NOT EXISTS (SELECT 1 FROM "SandboxSession" s WHERE s."workspaceId" = w.id AND s.status IN ('STARTING', 'RUNNING'))`;
    if (deleted === 0) return false;
    // Managed roots only: an ephemeral workspace is always Atrium's own directory.
    if (isManagedRoot(ws.id, ws.rootPath)) await removeWorkspaceTree(ws.rootPath, { keepTop: false });
    await rm(snapshotsDir(ws.id), { recursive: true, force: true });
    return true;
  } catch (error) {
    logger("workspaces").error({ err: error, workspaceId }, "could not delete an ephemeral workspace");
    return false;
  }
}

/**
 * Ephemeral workspaces left without a live session for `graceMs` (a process that died between
 * making one and starting its session, or a delete that failed): removed. Returns their ids.
 */
export async function sweepEphemeralWorkspaces(graceMs = 10 * 60_000, now: Date = new Date()): Promise<string[]> {
  const orphans = await db().workspace.findMany({
    where: { ephemeral: true, createdAt: { lt: new Date(now.getTime() - graceMs) }, sessions: { none: { status: { in: ["STARTING", "RUNNING"] } } } },
    select: { id: true },
    take: 200,
  });
  const removed: string[] = [];
  for (const { id } of orphans) if (await disposeEphemeralWorkspace(id)) removed.push(id);
  return removed;
}
