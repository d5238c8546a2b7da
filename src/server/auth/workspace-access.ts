// Who may act on a workspace: the one rule set behind `workspaceProcedure` (tRPC) and the doors
// outside tRPC (upload/download routes, REST, MCP and sockets). Actor required, API key
// scope, key pinned to workspaces, membership, role rank, admins as owners, NOT_FOUND for
// strangers; every refusal audited the same way.
import * as audit from "~/server/audit/audit";
import { notSignedIn } from "~/server/auth/not-signed-in";
import { type Actor, hasScope, isAdmin, type RequestContext, type Scope, type WorkspaceRoleName } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { noteActor, noteWorkspace } from "~/server/observability/request-context";

export interface FileWorkspace {
  id: string;
  slug: string;
  name: string;
  rootPath: string;
  status: "ACTIVE" | "ARCHIVED";
}

/** What a file operation knows about where it runs: the same shape `workspaceProcedure` puts in ctx. */
export interface WorkspaceAccess {
  workspace: FileWorkspace;
  /** The caller's effective role; instance admins act as owners. */
  role: WorkspaceRoleName;
}

const ROLE_RANK: Record<WorkspaceRoleName, number> = { viewer: 1, editor: 2, owner: 3 };

export function roleAtLeast(role: WorkspaceRoleName, minRole: WorkspaceRoleName): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minRole];
}

/** The caller's access to `workspaceId`, or an audited AppError (UNAUTHORIZED, FORBIDDEN, NOT_FOUND). */
export async function resolveWorkspaceAccess(
  ctx: RequestContext,
  workspaceId: string,
  minRole: WorkspaceRoleName,
  scope: Scope,
  action = "files.http",
  /** What the refused call was about (a path, a command…), so the audit log says what was touched. */
  target?: string,
): Promise<WorkspaceAccess> {
  // Every door asks here: the request's access line names the workspace (and its caller).
  noteWorkspace(workspaceId);
  noteActor(ctx.actor);
  const actor: Actor | null = ctx.actor;
  if (!actor) {
    throw notSignedIn("trpc");
  }
  if (!hasScope(actor, scope)) {
    await audit.denied(ctx, { action, reason: "missing_scope", permission: scope, target });
    throw new AppError("FORBIDDEN", {
      message: `This API key lacks the "${scope}" scope. Create a key with that scope to call ${action}.`,
      reason: "missing_scope",
    });
  }
  const workspace = await db().workspace.findUnique({
    where: { id: workspaceId },
    select: { id: true, slug: true, name: true, rootPath: true, status: true, memberships: { where: { userId: actor.user.id }, select: { role: true } } },
  });
  const membership = workspace?.memberships[0];
  const keyAllows = !actor.apiKey || actor.apiKey.workspaceIds.length === 0 || actor.apiKey.workspaceIds.includes(workspaceId);
  if (!workspace || (!membership && !isAdmin(actor)) || !keyAllows) {
    await audit.denied(ctx, {
      action,
      reason: !workspace ? "workspace_not_found" : !keyAllows ? "api_key_workspace_not_allowed" : "not_a_member",
      workspaceId: workspace ? workspace.id : undefined,
      target: workspaceId,
      permission: minRole,
    });
    throw new AppError("NOT_FOUND", {
      message: !keyAllows && workspace
        ? "This API key is limited to other workspaces. Use a key that includes this workspace."
        : "No such workspace, or you are not a member. Check the id, or ask its owner to invite you.",
      reason: !keyAllows && workspace ? "api_key_workspace_not_allowed" : "workspace_not_found",
    });
  }
  const role: WorkspaceRoleName = isAdmin(actor) ? "owner" : (membership!.role.toLowerCase() as WorkspaceRoleName);
  if (!roleAtLeast(role, minRole)) {
    await audit.denied(ctx, { action, reason: "role_required", permission: minRole, workspaceId: workspace.id, target, details: { role } });
    throw new AppError("FORBIDDEN", {
      message: `This needs the ${minRole} role in "${workspace.name}"; you are ${role === "viewer" ? "a viewer" : `an ${role}`}. Ask an owner for access.`,
      reason: "role_required",
    });
  }
  return {
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name, rootPath: workspace.rootPath, status: workspace.status },
    role,
  };
}
