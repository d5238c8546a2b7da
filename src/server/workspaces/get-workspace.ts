// Opening a workspace: its view, and a fresh lastAccessedAt so lists sort it first.
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { loadWorkspaceView, type WorkspaceView } from "./view";

export async function openWorkspace(ctx: RequestContext & { actor: Actor }, workspaceId: string): Promise<WorkspaceView> {
  // Raw so that `updatedAt` keeps meaning "settings last changed" rather than "last opened".
  // Strictly after creation even if the clocks disagree: equal means "never opened" (view.ts).
  await db().$executeRaw`UPDATE "Workspace" SET "lastAccessedAt" = GREATEST(now(), "createdAt" + interval '1 millisecond') WHERE id = ${workspaceId}`;
  return loadWorkspaceView(workspaceId, ctx.actor.user.id);
}
