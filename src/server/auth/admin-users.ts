// Instance administration of accounts: list, disable/enable, make admin/remove admin.
// Two rules keep an instance manageable: nobody disables themselves, and the last active
// administrator can be neither disabled nor demoted. Both are decided under one advisory lock, so
// two admins demoting each other at once cannot leave zero. Every refusal is audited.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { advisoryLock } from "~/server/workspaces/locks";
import { revokeAccess } from "./revocation";
import type { Actor, RequestContext } from "./types";

type Ctx = RequestContext & { actor: Actor };

export const ZUserIdInput = z.object({ userId: z.string().min(1).max(64) });
export const ZSetUserDisabledInput = ZUserIdInput.extend({ disabled: z.boolean() });
export const ZSetUserRoleInput = ZUserIdInput.extend({ role: z.enum(["ADMIN", "USER"]) });
export type SetUserDisabledInput = z.input<typeof ZSetUserDisabledInput>;
export type SetUserRoleInput = z.input<typeof ZSetUserRoleInput>;

export interface AdminUserView {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "USER";
  disabledAt: Date | null;
  createdAt: Date;
  workspaceCount: number;
  /** Keys neither revoked nor expired. */
  activeApiKeyCount: number;
  runningSessionCount: number;
}

const LIVE = ["STARTING", "RUNNING"] as const;
const ADMIN_LOCK = "atrium:instance-admins";

function userSelect(now: Date) {
  return {
    id: true,
    email: true,
    name: true,
    role: true,
    disabledAt: true,
    createdAt: true,
    _count: {
      select: {
        memberships: true,
        apiKeys: { where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } },
        sessions: { where: { status: { in: [...LIVE] } } },
      },
    },
  } satisfies Prisma.UserSelect;
}

function toView(u: Prisma.UserGetPayload<{ select: ReturnType<typeof userSelect> }>): AdminUserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabledAt: u.disabledAt,
    createdAt: u.createdAt,
    workspaceCount: u._count.memberships,
    activeApiKeyCount: u._count.apiKeys,
    runningSessionCount: u._count.sessions,
  };
}

/** Every account, oldest first (the first is the one who set the instance up). */
export async function listUsers(): Promise<AdminUserView[]> {
  const rows = await db().user.findMany({ orderBy: { createdAt: "asc" }, select: userSelect(new Date()), take: 5000 });
  return rows.map(toView);
}

async function loadView(userId: string): Promise<AdminUserView> {
  return toView(await db().user.findUniqueOrThrow({ where: { id: userId }, select: userSelect(new Date()) }));
}

function userNotFound(): AppError {
  return new AppError("NOT_FOUND", { message: "No such account. It may have been removed; reload the user list.", reason: "user_not_found" });
}

async function refuse(ctx: Ctx, action: string, target: string, error: AppError): Promise<never> {
  await audit.denied(ctx, { action, reason: error.reason ?? (error.code.toLowerCase() as Lowercase<AppError["code"]>), target, permission: "admin" });
  throw error;
}

/** Active admins other than `userId`: what is left if that one stops being an admin. */
function otherActiveAdmins(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  return tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: userId } } });
}

/**
 * Disables or enables an account. A disabled account cannot sign in; its session cookies (the
 * session version is bumped) and API keys stop working, its open sockets are closed within
 * seconds in every process, and its sandbox sessions and pending tasks are ended here so nothing
 * it started keeps running.
 */
export async function setUserDisabled(ctx: Ctx, raw: SetUserDisabledInput): Promise<AdminUserView> {
  const input = ZSetUserDisabledInput.parse(raw);
  const action = input.disabled ? "admin.users.disable" : "admin.users.enable";
  if (input.disabled && input.userId === ctx.actor.user.id) {
    await refuse(ctx, action, input.userId, new AppError("FORBIDDEN", { message: "You cannot disable your own account. Ask another administrator to do it.", reason: "cannot_disable_self" }));
  }
  const outcome = await db().$transaction(async (tx) => {
    await advisoryLock(tx, ADMIN_LOCK);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!user) return { error: userNotFound() } as const;
    if (input.disabled === (user.disabledAt !== null)) return { user, changed: false } as const;
    if (input.disabled && user.role === "ADMIN" && (await otherActiveAdmins(tx, user.id)) === 0) {
      return {
        error: new AppError("CONFLICT", {
          message: "This is the last active administrator; disabling them would leave nobody to run this Atrium. Make someone else an admin first.",
          reason: "last_admin",
        }),
      } as const;
    }
    await tx.user.update({
      where: { id: user.id },
      data: { disabledAt: input.disabled ? new Date() : null, ...(input.disabled ? { sessionVersion: { increment: 1 } } : {}) },
    });
    return { user, changed: true } as const;
  });
  if (outcome.error) return refuse(ctx, action, input.userId, outcome.error);
  const { user, changed } = outcome;
  if (changed && input.disabled) {
    const ended = await revokeAccess({ reason: "user_disabled", userId: user.id });
    await audit.record(ctx, { type: "user_disabled", userId: user.id, email: user.email, sessionsStopped: ended.sessionsStopped });
  } else if (changed) {
    await audit.record(ctx, { type: "user_enabled", userId: user.id, email: user.email });
  }
  return loadView(user.id);
}

/** Makes an account an instance administrator, or an ordinary user again (never the last active admin). */
export async function setUserRole(ctx: Ctx, raw: SetUserRoleInput): Promise<AdminUserView> {
  const input = ZSetUserRoleInput.parse(raw);
  const action = "admin.users.setRole";
  const outcome = await db().$transaction(async (tx) => {
    await advisoryLock(tx, ADMIN_LOCK);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!user) return { error: userNotFound() } as const;
    if (user.role === input.role) return { user, changed: false } as const;
    if (input.role === "USER" && user.disabledAt === null && (await otherActiveAdmins(tx, user.id)) === 0) {
      const self = user.id === ctx.actor.user.id;
      return {
        error: new AppError("CONFLICT", {
          message: `${self ? "You are" : "They are"} the last active administrator; removing that would leave nobody to run this Atrium. Make someone else an admin first.`,
          reason: "last_admin",
        }),
      } as const;
    }
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    return { user, changed: true } as const;
  });
  if (outcome.error) return refuse(ctx, action, input.userId, outcome.error);
  if (outcome.changed) {
    await audit.record(ctx, { type: "user_role_changed", userId: outcome.user.id, email: outcome.user.email, from: outcome.user.role, to: input.role });
    // A former admin acted as owner everywhere: what they hold where they are not an editor ends now.
    if (input.role === "USER") await revokeAccess({ reason: "admin_demoted", userId: outcome.user.id });
  }
  return loadView(outcome.user.id);
}
