// Who belongs to a workspace and as what. Owners invite existing accounts by email, change roles
// and remove people; anyone can leave. A workspace always keeps at least one owner: the last one
// can be neither demoted, removed, nor leave (CONFLICT `last_owner`). Every change runs under a
// per-workspace advisory lock, so two owners demoting each other at once cannot leave zero owners.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { WorkspaceRole } from "~/generated/prisma/enums";
import { revokeAccess } from "~/server/auth/revocation";
import type { Actor, RequestContext, WorkspaceRoleName } from "~/server/auth/types";
import { WORKSPACE_ROLES } from "~/server/auth/types";
import { ZEmail } from "~/server/auth/users";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import * as audit from "~/server/audit/audit";
import { advisoryLock } from "./locks";
import { roleName } from "./view";

export const MAX_MEMBERS = 500;

export const ZRoleName = z.enum(WORKSPACE_ROLES);
export const ZInviteMemberInput = z.object({ email: ZEmail, role: ZRoleName.default("editor") });
export const ZSetMemberRoleInput = z.object({ userId: z.string().min(1).max(64), role: ZRoleName });
export const ZRemoveMemberInput = z.object({ userId: z.string().min(1).max(64) });
export type InviteMemberInput = z.input<typeof ZInviteMemberInput>;
export type SetMemberRoleInput = z.input<typeof ZSetMemberRoleInput>;

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: WorkspaceRoleName;
  joinedAt: Date;
}

const ROLE_ORDER: Record<WorkspaceRoleName, number> = { owner: 0, editor: 1, viewer: 2 };
const toDbRole = (role: WorkspaceRoleName) => role.toUpperCase() as WorkspaceRole;
const memberSelect = { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } } satisfies Prisma.MembershipSelect;

function toMemberView(m: Prisma.MembershipGetPayload<{ select: typeof memberSelect }>): MemberView {
  return { userId: m.user.id, email: m.user.email, name: m.user.name, role: roleName(m.role), joinedAt: m.createdAt };
}

/** Owners first, then editors, then viewers; oldest first within a role. */
export async function listMembers(workspaceId: string): Promise<MemberView[]> {
  const rows = await db().membership.findMany({ where: { workspaceId }, select: memberSelect, orderBy: { createdAt: "asc" } });
  return rows.map(toMemberView).sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}

function lockMembers(tx: Prisma.TransactionClient, workspaceId: string) {
  return advisoryLock(tx, `atrium:members:${workspaceId}`);
}

function memberNotFound(self: boolean): AppError {
  return new AppError("NOT_FOUND", {
    message: self ? "You are not a member of this workspace, so there is nothing to leave." : "That person is not a member of this workspace. Refresh the member list.",
    reason: "member_not_found",
  });
}

function lastOwner(self: boolean, verb: "demote" | "remove" | "leave"): AppError {
  const what = verb === "leave" ? "leave" : verb === "demote" ? "stop being an owner" : "be removed";
  return new AppError("CONFLICT", {
    message: `${self ? "You are" : "They are"} the last owner of this workspace and cannot ${what}. Make someone else an owner first, or delete the workspace.`,
    reason: "last_owner",
  });
}

/**
 * Keeps Workspace.ownerId (the "primary owner", used for the name-clash rule) pointing at an actual
 * owner when the current one stops being one: it passes to the longest-standing remaining owner.
 */
async function handOverPrimaryOwner(tx: Prisma.TransactionClient, workspaceId: string, leavingUserId: string): Promise<void> {
  const ws = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { ownerId: true } });
  if (ws.ownerId !== leavingUserId) return;
  const next = await tx.membership.findFirst({
    where: { workspaceId, role: "OWNER", userId: { not: leavingUserId } },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  if (next) await tx.workspace.update({ where: { id: workspaceId }, data: { ownerId: next.userId } });
}

export async function inviteMember(ctx: RequestContext & { actor: Actor }, workspaceId: string, raw: InviteMemberInput): Promise<MemberView> {
  const input = ZInviteMemberInput.parse(raw);
  const member = await db().$transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, disabledAt: true } });
    if (!user) {
      throw new AppError("NOT_FOUND", { message: "No Atrium account uses that email; ask them to sign up first.", reason: "user_not_found" });
    }
    if (user.disabledAt) {
      throw new AppError("CONFLICT", { message: "That account is disabled. Ask an administrator to enable it before inviting them.", reason: "user_disabled" });
    }
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.id } }, select: { role: true } });
    if (existing) {
      throw new AppError("CONFLICT", {
        message: `${input.email} is already a member (${roleName(existing.role)}). Change their role instead.`,
        reason: "already_member",
      });
    }
    if ((await tx.membership.count({ where: { workspaceId } })) >= MAX_MEMBERS) {
      throw new AppError("LIMIT_EXCEEDED", { message: `A workspace has at most ${MAX_MEMBERS} members. Remove someone first.`, reason: "too_many_members" });
    }
    return tx.membership.create({ data: { workspaceId, userId: user.id, role: toDbRole(input.role) }, select: memberSelect });
  });
  await audit.record(ctx, { type: "member_added", workspaceId, userId: member.user.id, role: input.role });
  return toMemberView(member);
}

export async function setMemberRole(ctx: RequestContext & { actor: Actor }, workspaceId: string, raw: SetMemberRoleInput): Promise<MemberView> {
  const input = ZSetMemberRoleInput.parse(raw);
  const self = input.userId === ctx.actor.user.id;
  const { member, from } = await db().$transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    const current = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId: input.userId } }, select: { id: true, role: true } });
    if (!current) throw memberNotFound(false);
    const before = roleName(current.role);
    if (before === "owner" && input.role !== "owner") {
      if ((await tx.membership.count({ where: { workspaceId, role: "OWNER" } })) <= 1) throw lastOwner(self, "demote");
      await handOverPrimaryOwner(tx, workspaceId, input.userId);
    }
    const updated = before === input.role
      ? await tx.membership.findUniqueOrThrow({ where: { id: current.id }, select: memberSelect })
      : await tx.membership.update({ where: { id: current.id }, data: { role: toDbRole(input.role) }, select: memberSelect });
    return { member: updated, from: before };
  });
  if (from !== input.role) await audit.record(ctx, { type: "member_role_changed", workspaceId, userId: input.userId, from, to: input.role });
  // Lowered: their terminals, room rights and (below editor) sessions and tasks here end now.
  if (ROLE_ORDER[input.role] > ROLE_ORDER[from]) await revokeAccess({ reason: "role_lowered", userId: input.userId, workspaceId });
  return toMemberView(member);
}

async function removeMembership(ctx: RequestContext & { actor: Actor }, workspaceId: string, userId: string, self: boolean): Promise<void> {
  const role = await db().$transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    const current = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { id: true, role: true } });
    if (!current) throw memberNotFound(self);
    if (current.role === "OWNER") {
      if ((await tx.membership.count({ where: { workspaceId, role: "OWNER" } })) <= 1) throw lastOwner(self, self ? "leave" : "remove");
      await handOverPrimaryOwner(tx, workspaceId, userId);
    }
    await tx.membership.delete({ where: { id: current.id } });
    return roleName(current.role);
  });
  await audit.record(ctx, { type: "member_removed", workspaceId, userId, role, self });
  // Their sockets leave the room, their terminals close, their sessions and tasks here end.
  await revokeAccess({ reason: "member_removed", userId, workspaceId });
}

/** An owner removes someone (themselves included, unless they are the last owner). */
export async function removeMember(ctx: RequestContext & { actor: Actor }, workspaceId: string, userId: string): Promise<{ removed: true; userId: string }> {
  await removeMembership(ctx, workspaceId, userId, userId === ctx.actor.user.id);
  return { removed: true, userId };
}

/** Any member leaves on their own, unless they are the last owner. */
export async function leaveWorkspace(ctx: RequestContext & { actor: Actor }, workspaceId: string): Promise<{ left: true }> {
  await removeMembership(ctx, workspaceId, ctx.actor.user.id, true);
  return { left: true };
}
