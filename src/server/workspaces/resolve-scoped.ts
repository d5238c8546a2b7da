// Scoped workspaces (the containment design's scopes): `{scope, key}` names "the workspace of
// agent X for user Y" so an agent framework gets the same one every time without keeping ids.
// (ownerId, scope, sessionKey) is unique in Postgres: two concurrent first resolves create ONE
// (the loser's insert fails on the index, or on the owner's name lock, and it reads the winner's).
// `session`, `user` and `agent` scopes are the caller's own; `shared` also finds one another
// owner keyed so and shared with the caller (membership, with their role there).
import { z } from "zod";
import type { WorkspaceScope } from "~/generated/prisma/enums";
import * as audit from "~/server/audit/audit";
import { type Actor, isPinned, type RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { assertMayCreate } from "./by-name";
import { createWorkspace } from "./create-workspace";
import { ZMetadata } from "./metadata";
import { ZDescription } from "./names";
import { loadWorkspaceView, type WorkspaceView } from "./view";

export const SCOPES = ["session", "user", "agent", "shared"] as const;

export const ZResolveWorkspaceInput = z.object({
  scope: z.enum(SCOPES).describe("session | user | agent | shared: what the key identifies."),
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, "A scope key is printable ASCII without spaces (e.g. `agent-42:user-7`).")
    .describe("The session_key: e.g. `agent-42:user-7`. Printable ASCII, no spaces, at most 200 characters."),
  create: z.boolean().default(false).describe("Create it when none exists (needs the `write` scope and a key not pinned to workspaces)."),
  description: ZDescription.optional(),
  metadata: ZMetadata.optional(),
});
export type ResolveWorkspaceInput = z.input<typeof ZResolveWorkspaceInput>;

type ActorContext = RequestContext & { actor: Actor };

const dbScope = (scope: (typeof SCOPES)[number]): WorkspaceScope => scope.toUpperCase() as WorkspaceScope;

/** The caller's own workspace keyed (scope, key), else for `shared` the oldest one shared with them; pins respected. */
async function findScoped(actor: Actor, scope: WorkspaceScope, key: string): Promise<string | null> {
  const rows = await db().workspace.findMany({
    where: {
      scope,
      sessionKey: key,
      // Archived ones too: the key still names them (unarchive to use the files again).
      ...(scope === "SHARED" ? { OR: [{ ownerId: actor.user.id }, { memberships: { some: { userId: actor.user.id } } }] } : { ownerId: actor.user.id }),
      ...(isPinned(actor) ? { id: { in: actor.apiKey?.workspaceIds ?? [] } } : {}),
    },
    select: { id: true, ownerId: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 20,
  });
  return (rows.find((r) => r.ownerId === actor.user.id) ?? rows[0])?.id ?? null;
}

/** A unique-index violation on (ownerId, scope, sessionKey): another resolve won the race. */
function isScopeClash(error: unknown): boolean {
  if (!(error instanceof Error) || !("code" in error) || (error as { code?: unknown }).code !== "P2002") return false;
  return JSON.stringify((error as { meta?: unknown }).meta ?? {}).includes("sessionKey");
}

/** The name a scoped workspace gets: readable in lists, clash-free with hand-made names in practice. */
function scopedName(scope: string, key: string, attempt: number): string {
  const base = `${scope}:${key}`.slice(0, 90);
  return attempt === 0 ? base : `${base} (${attempt + 1})`;
}

export async function resolveScopedWorkspace(ctx: ActorContext, raw: ResolveWorkspaceInput): Promise<{ workspace: WorkspaceView; created: boolean }> {
  const input = ZResolveWorkspaceInput.parse(raw);
  const scope = dbScope(input.scope);
  const found = await findScoped(ctx.actor, scope, input.key);
  if (found) return { workspace: await loadWorkspaceView(found, ctx.actor.user.id), created: false };
  if (!input.create) {
    throw new AppError("NOT_FOUND", {
      message: `No workspace is keyed ${input.scope}/${input.key} for you. Send create: true to make it.`,
      reason: "workspace_not_found",
    });
  }
  await assertMayCreate(ctx, "workspaces.resolve");
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const made = await createWorkspace(
        ctx,
        { name: scopedName(input.scope, input.key, attempt), description: input.description ?? "", metadata: input.metadata ?? {} },
        { scope, sessionKey: input.key },
      );
      await audit.record(ctx, { type: "workspace_created_on_use", workspaceId: made.id, name: made.name, via: "scope", scope: input.scope, key: input.key });
      return { workspace: made, created: true };
    } catch (error) {
      const nameTaken = isAppError(error) && error.reason === "name_taken";
      if (!nameTaken && !isScopeClash(error)) throw error;
      // Either the same (scope, key) was created concurrently (its name too), or another workspace
      // holds the name: read the winner if there is one, else try the next name.
      const winner = await findScoped(ctx.actor, scope, input.key);
      if (winner) return { workspace: await loadWorkspaceView(winner, ctx.actor.user.id), created: false };
      if (!nameTaken) throw error;
    }
  }
  throw new AppError("CONFLICT", { message: `Could not pick a free name for ${input.scope}/${input.key}. Rename your workspaces named "${input.scope}:${input.key}…" and retry.`, reason: "name_taken" });
}
