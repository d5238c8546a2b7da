// `POST /api/v1/sessions` (the persistent-workspaces API): a session in the workspace the caller
// names (a server id, or one of their workspace names, created on first use), or, naming none, in an
// ephemeral workspace made for it and deleted with it (workspaces/ephemeral.ts).
import { z } from "zod";
import type { Actor, RequestContext } from "~/server/auth/types";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { ensureNamedWorkspace, noWorkspaceNamed, WORKSPACE_REF_NAME } from "~/server/workspaces/by-name";
import { createEphemeralWorkspace, disposeEphemeralWorkspace } from "~/server/workspaces/ephemeral";
import { createSession, type SessionView, ZCreateSessionInput } from "./sessions";

export const ZStartSessionInput = z.object({
  workspaceId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("A workspace id, or the name of one of your workspaces (created on first use). Omitted: an ephemeral workspace, deleted with the session."),
  image: ZCreateSessionInput.shape.image,
  preset: ZCreateSessionInput.shape.preset,
});
export type StartSessionInput = z.input<typeof ZStartSessionInput>;

export interface StartedSession {
  session: SessionView;
  workspaceId: string;
  /** True when the workspace was made for this session and goes with it. */
  ephemeralWorkspace: boolean;
  /** True when this call created the workspace (ephemeral, or a name used the first time). */
  workspaceCreated: boolean;
}

type ActorContext = RequestContext & { actor: Actor };

/** An existing workspace id wins over a name that happens to spell it; anything else is a name. */
async function workspaceFor(ctx: ActorContext, ref: string, action: string): Promise<{ id: string; created: boolean }> {
  const byId = await db().workspace.findUnique({ where: { id: ref }, select: { id: true } });
  if (byId) return { id: byId.id, created: false };
  if (!WORKSPACE_REF_NAME.test(ref) || ref.length > 100) throw noWorkspaceNamed(ref);
  return ensureNamedWorkspace(ctx, ref, action, ["exec"]);
}

export async function startSession(ctx: ActorContext, raw: StartSessionInput, action = "sandbox.startSession"): Promise<StartedSession> {
  const input = ZStartSessionInput.parse(raw);
  const sessionInput = { image: input.image, preset: input.preset };
  if (input.workspaceId !== undefined) {
    const ws = await workspaceFor(ctx, input.workspaceId, action);
    const access = await resolveWorkspaceAccess(ctx, ws.id, "editor", "exec", action);
    return { session: await createSession(ctx, access, sessionInput), workspaceId: ws.id, ephemeralWorkspace: false, workspaceCreated: ws.created };
  }
  const workspaceId = await createEphemeralWorkspace(ctx);
  try {
    const access = await resolveWorkspaceAccess(ctx, workspaceId, "editor", "exec", action);
    return { session: await createSession(ctx, access, sessionInput), workspaceId, ephemeralWorkspace: true, workspaceCreated: true };
  } catch (error) {
    // No session lives in it: the workspace made for it goes now.
    await disposeEphemeralWorkspace(workspaceId);
    throw error;
  }
}
