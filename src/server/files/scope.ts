// Where every file operation starts: load the workspace's guard target once (root, status,
// path rules), refuse changes to archived workspaces, and send each path through the path guard.
// Paths the guard returned are used through its confined helpers (openGuarded, confinedCall);
// entries found by walking (the confined helper's walk) are opened with `openWalked` below.
import { realpath } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { type ConfinedFs, confinedFs } from "~/server/storage/confined-fs";
import { diskOperationInProgress, RESTORE_OPERATION, restoringError } from "~/server/workspaces/locks";
import { display, isFsError } from "./fs-errors";
import { HARD_LINKED } from "./guarded-open";
import { classifyRelative, type FileOp, type GuardedPath, guardPath, type GuardTarget, loadGuardTarget, type PathDenyReason } from "./path-guard";

export { joinRelative } from "./path-guard";

export interface FileScope {
  ctx: RequestContext;
  access: WorkspaceAccess;
  target: GuardTarget;
  /** The audited action name, `files.<verb>`. */
  action: string;
  /** Real path of the workspace root (symlinks resolved). */
  rootReal: string;
  /** The workspace tree through its confined helper. */
  fs: ConfinedFs;
}

/** A path below a guarded folder, found by walking it (not itself issued by the guard). */
export interface WalkedPath {
  /** Workspace-relative as asked, `/`-separated. */
  relative: string;
  /** Where it really is: workspace-relative real path (the confined helper's address). */
  real: string;
}

const CHANGES: ReadonlySet<FileOp> = new Set<FileOp>(["write", "delete", "execute"]);

export function archivedError(): AppError {
  return new AppError("CONFLICT", {
    message: "This workspace is archived and read-only; unarchive it to change files.",
    reason: "workspace_archived",
  });
}

/**
 * Starts an operation; `op` says whether it changes files. Archived workspaces refuse changes
 * here, before the guard, with CONFLICT `workspace_archived` (the guard would say PATH_DENIED
 * `read_only`, which reads like a path rule), and the refusal is audited.
 */
export async function openScope(ctx: RequestContext, access: WorkspaceAccess, action: string, op: FileOp): Promise<FileScope> {
  const target = await loadGuardTarget(access.workspace.id);
  if (CHANGES.has(op) && target.status === "ARCHIVED") {
    await audit.denied(ctx, { action, reason: "workspace_archived", workspaceId: target.id, permission: op });
    throw archivedError();
  }
  const busyWith = CHANGES.has(op) ? diskOperationInProgress(target.id) : null;
  if (busyWith === RESTORE_OPERATION) {
    // The one place every write, upload, mkdir, move and delete passes: nothing lands in a tree being swapped out.
    await audit.denied(ctx, { action, reason: "workspace_restoring", workspaceId: target.id, permission: op });
    throw restoringError();
  }
  if (busyWith) {
    // A write landing while the tree is being packed or removed could be lost without a trace.
    await audit.denied(ctx, { action, reason: "workspace_busy", workspaceId: target.id, permission: op });
    throw new AppError("CONFLICT", {
      message: `This workspace is busy (${busyWith} in progress). Wait for it to finish, then save again.`,
      reason: "workspace_busy",
    });
  }
  // A missing root is reported by the guard with its own clear error; keep going until then.
  const rootReal = await realpath(target.rootPath).catch(() => target.rootPath);
  return { ctx, access, target, action, rootReal, fs: confinedFs(rootReal) };
}

/** The path guard for one path of this operation; throws its audited PATH_DENIED. "" and "/" mean the root. */
export function guard(scope: FileScope, rawPath: string, op: FileOp): Promise<GuardedPath> {
  const asked = rawPath === "" || rawPath === "/" ? "." : rawPath;
  return guardPath(scope.ctx, scope.target, scope.access.role, asked, op, scope.action);
}

/** The pure guard decision for a path found while walking (listings, grep, recursive copy). */
export function classify(scope: FileScope, relative: string, op: FileOp): PathDenyReason | null {
  return classifyRelative(relative, scope.target.rules, op, scope.access.role);
}

/** `classify` for a walked entry, by the name asked and by its real name (they differ below a symlinked folder). */
export function classifyWalked(scope: FileScope, entry: WalkedPath, op: FileOp): PathDenyReason | null {
  const byName = classify(scope, entry.relative, op);
  if (byName) return byName;
  return entry.real !== entry.relative ? classify(scope, entry.real, op) : null;
}

async function walkRefusal(scope: FileScope, entry: WalkedPath, reason: PathDenyReason, message: string, details: Record<string, unknown>): Promise<AppError> {
  await audit.denied(scope.ctx, { action: scope.action, reason, workspaceId: scope.target.id, target: entry.relative, details });
  return new AppError("PATH_DENIED", { message, reason, details: { path: entry.relative } });
}

/** Refuses operations that would replace or remove the workspace root itself. */
export function assertNotRoot(p: { relative: string }, what: string): void {
  if (p.relative === "") {
    throw new AppError("INVALID_INPUT", { message: `Cannot ${what} the workspace root. Pick a file or folder inside it.`, reason: "workspace_root" });
  }
}

/**
 * Opens a walked entry for reading through the confined helper (no symlink followed anywhere on
 * the way) and checks that the file opened is exactly the one walked to and has a single link: a
 * sandbox swapping a folder on the way (for a link to a protected file inside) or hard-linking a
 * protected file makes this fail instead of being read.
 */
export async function openWalked(scope: FileScope, entry: WalkedPath): Promise<FileHandle> {
  let opened;
  try {
    opened = await scope.fs.open(entry.real);
  } catch (error) {
    if (isFsError(error, "ELOOP", "EXDEV")) {
      throw await walkRefusal(scope, entry, "outside_workspace", `${display(entry.relative)} changed while it was being opened (a folder was replaced by a link). Nothing was read or written; try again.`, { stage: "open" });
    }
    throw error;
  }
  const { handle, stat } = opened;
  try {
    if (stat.type === "file" && stat.nlink > 1) {
      throw await walkRefusal(scope, entry, "hard_link", `${display(entry.relative)}: ${HARD_LINKED.message}`, { stage: "open", hardLinks: stat.nlink });
    }
    const where = await scope.fs.locate(handle);
    if (where !== entry.real) {
      throw await walkRefusal(scope, entry, "outside_workspace", `${display(entry.relative)} changed while it was being opened (a folder was replaced by a link). Nothing was read or written; try again.`, { stage: "open", openedAt: where });
    }
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
