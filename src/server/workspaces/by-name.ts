// Caller-named workspaces (the persistent-workspaces API): a workspace is addressed by the name its
// owner gave it, and a write or session that names one that does not exist yet creates it.
// The name IS the workspace's `name` (names.ts: unique per owner among active workspaces,
// case-insensitively); the slug stays the global, derived handle. Names used as addresses keep to
// a URL-safe charset so they travel in paths (`/workspaces/by-name/user123-project`).
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import { assertUnpinned } from "~/server/auth/pinned-keys";
import { type Actor, hasScope, isPinned, type RequestContext, type Scope } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { createWorkspace } from "./create-workspace";

export const WORKSPACE_REF_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const ZWorkspaceRefName = z
  .string()
  .min(1, "Give the workspace name.")
  .max(100, "Workspace names are at most 100 characters.")
  .regex(WORKSPACE_REF_NAME, "A workspace name used as an address is letters, digits, `.`, `_` and `-`, starting with a letter or digit (e.g. `user123-project`).")
  .describe("A workspace name you chose, e.g. `user123-project` (letters, digits, . _ -; unique among your active workspaces, case-insensitive).");

type ActorContext = RequestContext & { actor: Actor };

/**
 * The caller's own ACTIVE workspace named `name` (case-insensitive, as the uniqueness rule);
 * unless `ownOnly`, else the oldest active one with that name that the caller is a member of
 * (shared with them). A key pinned to workspaces looks only among its pins. Null when none.
 */
export async function findWorkspaceByName(actor: Actor, name: string, options: { ownOnly?: boolean } = {}): Promise<string | null> {
  const pins = isPinned(actor) ? (actor.apiKey?.workspaceIds ?? []) : null;
  const rows = await db().$queryRaw<{ id: string; own: boolean }[]>`
    SELECT w.id, (w."ownerId" = ${actor.user.id}) AS own FROM "Workspace" w
    WHERE w.status = 'ACTIVE' AND lower(w.name) = lower(${name})
      AND (w."ownerId" = ${actor.user.id} OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."workspaceId" = w.id AND m."userId" = ${actor.user.id}))
    ORDER BY (w."ownerId" = ${actor.user.id}) DESC, w."createdAt" ASC, w.id ASC
    LIMIT 20`;
  const visible = rows.filter((r) => (pins ? pins.includes(r.id) : true) && (!options.ownOnly || r.own));
  return visible[0]?.id ?? null;
}

export function noWorkspaceNamed(name: string): AppError {
  return new AppError("NOT_FOUND", {
    message: `You have no workspace named "${name}". Create it with POST /api/v1/workspaces, or write a file to it by name (it is created on first use).`,
    reason: "workspace_not_found",
  });
}

/** Creating on first use needs what creating does (an unpinned caller with `write`) plus `also` (e.g. `exec` for a session). */
export async function assertMayCreate(ctx: ActorContext, action: string, also: Scope[] = []): Promise<void> {
  for (const scope of ["write" as const, ...also]) {
    if (hasScope(ctx.actor, scope)) continue;
    await audit.denied(ctx, { action, reason: "missing_scope", permission: scope });
    throw new AppError("FORBIDDEN", { message: `This API key lacks the "${scope}" scope, which creating a workspace on first use needs.`, reason: "missing_scope" });
  }
  await assertUnpinned(ctx, action, "create workspaces");
}

/**
 * The caller's own workspace named `name`, created (empty, audited) when they have none. Two
 * concurrent first uses create one: names.ts serialises an owner's names, so the loser gets
 * `name_taken` and finds the winner's.
 */
export async function ensureNamedWorkspace(ctx: ActorContext, name: string, action: string, also: Scope[] = []): Promise<{ id: string; created: boolean }> {
  const parsed = ZWorkspaceRefName.parse(name);
  const existing = await findWorkspaceByName(ctx.actor, parsed, { ownOnly: true });
  if (existing) return { id: existing, created: false };
  await assertMayCreate(ctx, action, also);
  try {
    const made = await createWorkspace(ctx, { name: parsed });
    await audit.record(ctx, { type: "workspace_created_on_use", workspaceId: made.id, name: parsed, via: "name" });
    return { id: made.id, created: true };
  } catch (error) {
    if (isAppError(error) && error.reason === "name_taken") {
      const winner = await findWorkspaceByName(ctx.actor, parsed, { ownOnly: true });
      if (winner) return { id: winner, created: false };
    }
    throw error;
  }
}
