// Sandbox sessions across the whole instance, for administrators: who runs what where, and a kill
// switch. Killing is the same as destroying (stop, remove the container, delete the row), without
// the "a session is its starter's" rule: an admin acts as owner of every workspace.
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { type SessionView, stopSessionById, toView } from "./sessions";

export const ZAdminSessionsInput = z.object({ includeStopped: z.boolean().default(false) }).prefault({});
export const ZKillSessionInput = z.object({ sessionId: z.string().min(1).max(64) });
export type AdminSessionsInput = z.input<typeof ZAdminSessionsInput>;

export interface AdminSessionView extends SessionView {
  user: { id: string; name: string; email: string };
  workspace: { id: string; name: string; status: "ACTIVE" | "ARCHIVED" };
}

export const ADMIN_SESSIONS_MAX = 500;

export async function listAllSessions(raw: AdminSessionsInput = {}): Promise<AdminSessionView[]> {
  const input = ZAdminSessionsInput.parse(raw);
  const rows = await db().sandboxSession.findMany({
    where: input.includeStopped ? {} : { status: { in: ["STARTING", "RUNNING"] } },
    orderBy: [{ lastActiveAt: "desc" }, { id: "desc" }],
    take: ADMIN_SESSIONS_MAX,
    include: { user: { select: { id: true, name: true, email: true } }, workspace: { select: { id: true, name: true, status: true } } },
  });
  return rows.map((row) => ({ ...toView(row), user: row.user, workspace: row.workspace }));
}

export async function killSession(ctx: RequestContext & { actor: Actor }, raw: z.input<typeof ZKillSessionInput>): Promise<{ id: string }> {
  const { sessionId } = ZKillSessionInput.parse(raw);
  const row = await db().sandboxSession.findUnique({ where: { id: sessionId }, select: { id: true, workspaceId: true, userId: true } });
  if (!row) {
    await audit.denied(ctx, { action: "admin.sessions.kill", reason: "session_not_found", target: sessionId, permission: "admin" });
    throw new AppError("NOT_FOUND", { message: "No such session: it may have ended already. Reload the session list.", reason: "session_not_found" });
  }
  await stopSessionById(row.id, "killed_by_admin");
  await db().sandboxSession.deleteMany({ where: { id: row.id } });
  await audit.record(ctx, { type: "session_killed", workspaceId: row.workspaceId, sessionId: row.id, userId: row.userId });
  return { id: row.id };
}
