// Path checks as an API (`is_path_allowed` / `check_operation` of the workspace-manager design):
// would THIS caller be allowed to read, write, execute or delete a path? Answered by the path
// guard's own decision (inspectPath), so the answer and the real operation cannot drift apart.
//
// Not audited: a check is a question, not an access. Nothing is read, changed or run, and the
// rules it reveals are visible to every member already (pathRules.list). Auditing each "no" would
// let any agent that asks before acting (as it should) fill the log with refusals that never
// happened; the real operation, if attempted, is refused and audited as always.
import { z } from "zod";
import { type Actor, hasScope, type Scope } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { inspectPath, loadGuardTarget } from "./path-guard";
import type { FileOp } from "./path-guard-types";
import { diskOperationInProgress } from "~/server/workspaces/locks";

export const PATH_PERMISSIONS = ["read", "write", "execute", "delete"] as const;
export type PathPermission = (typeof PATH_PERMISSIONS)[number];

export const ZCheckPathInput = z.object({
  path: z.string().min(1).max(4096).describe('Path relative to the workspace root, e.g. "src/app.py".'),
  permission: z.enum(PATH_PERMISSIONS).describe("The operation to ask about."),
});
export type CheckPathInput = z.input<typeof ZCheckPathInput>;

export interface PathCheck {
  allowed: boolean;
  permission: PathPermission;
  /** Why not (the reason the real operation would fail with), or null when allowed. */
  reason: string | null;
  message: string | null;
  /** The normalized workspace-relative path (symlinks resolved when they stay inside), or null when it cannot be named. */
  resolved: string | null;
}

/** The API-key scope each operation needs on top of the role. */
const SCOPE_OF: Record<PathPermission, Scope> = { read: "read", write: "write", delete: "write", execute: "exec" };
const CHANGES: ReadonlySet<FileOp> = new Set(["write", "delete"]);

export async function checkPath(actor: Actor, access: WorkspaceAccess, raw: CheckPathInput): Promise<PathCheck> {
  const input = ZCheckPathInput.parse(raw);
  const { permission } = input;
  const no = (reason: string, message: string, resolved: string | null = null): PathCheck => ({ allowed: false, permission, reason, message, resolved });
  const scope = SCOPE_OF[permission];
  if (!hasScope(actor, scope)) return no("missing_scope", `This API key lacks the "${scope}" scope needed to ${permission} files.`);
  // The procedures' tiers come first for a real operation (files.write needs an editor), so the answer names them too.
  if (permission !== "read" && access.role === "viewer") return no("role_required", `Viewers can read files but not ${permission} them. Ask a workspace owner for the editor role.`);
  const target = await loadGuardTarget(access.workspace.id);
  // The same order as the file service: archived and busy workspaces refuse changes before the guard.
  if (CHANGES.has(permission) && target.status === "ARCHIVED") return no("workspace_archived", "This workspace is archived and read-only; unarchive it to change files.");
  if (permission === "execute" && target.status === "ARCHIVED") return no("workspace_archived", "This workspace is archived; unarchive it to run anything.");
  if (CHANGES.has(permission) && diskOperationInProgress(target.id)) return no("workspace_busy", "This workspace is busy (a restore, archive or delete is in progress). Ask again shortly.");
  const asked = input.path === "/" ? "." : input.path;
  const decision = await inspectPath(target, access.role, asked, permission);
  if (!decision.ok) return no(decision.refusal.reason, decision.refusal.message, decision.relative ?? null);
  return { allowed: true, permission, reason: null, message: null, resolved: decision.realRelative };
}
