// Where every file operation starts: load the workspace's guard target once (root, status,
// path rules), refuse changes to archived workspaces, and send each path through the path guard.
// Paths the guard returned are opened with its race-safe helpers (openGuarded, withPinned*);
// entries found by walking a pinned folder are opened with `openWalked` below.
import { constants } from "node:fs";
import { type FileHandle, open, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { diskOperationInProgress, RESTORE_OPERATION, restoringError } from "~/server/workspaces/locks";
import { display } from "./fs-errors";
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
}

/** A path below a guarded folder, found by walking it (not itself issued by the guard). */
export interface WalkedPath {
  /** Workspace-relative, `/`-separated. */
  relative: string;
  /** Where to open it: usually under a pinned `/proc/self/fd/N` folder, valid only while the pin is held. */
  absolute: string;
  /** Where it really is when nothing moved: the guarded folder's real path plus the walked names. */
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
  return { ctx, access, target, action, rootReal };
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
  const realRelative = path.relative(scope.rootReal, entry.real).split(path.sep).join("/");
  return realRelative !== entry.relative && !realRelative.startsWith("..") ? classify(scope, realRelative, op) : null;
}

/**
 * Before reading a walked folder: it must still be where the walk expects it (not swapped for a
 * link since its parent was read). Throws an audited PATH_DENIED when it moved.
 */
export async function assertWalkedDirectory(scope: FileScope, dir: WalkedPath): Promise<void> {
  const where = await realpath(dir.absolute).catch(() => null);
  if (where === null || where === dir.real) return; // gone: the caller's opendir reports it
  await audit.denied(scope.ctx, { action: scope.action, reason: "outside_workspace", workspaceId: scope.target.id, target: dir.relative, details: { stage: "walk", openedAt: where } });
  throw new AppError("PATH_DENIED", {
    message: `${display(dir.relative)} changed while Atrium was walking it (a folder was replaced by a link). Nothing was changed; try again.`,
    reason: "outside_workspace",
  });
}

/** Refuses operations that would replace or remove the workspace root itself. */
export function assertNotRoot(p: { relative: string }, what: string): void {
  if (p.relative === "") {
    throw new AppError("INVALID_INPUT", { message: `Cannot ${what} the workspace root. Pick a file or folder inside it.`, reason: "workspace_root" });
  }
}

/**
 * Opens a walked entry without following a final symlink and checks, through /proc, that the
 * file opened is exactly the one walked to: a sandbox swapping a folder on the way for a symlink
 * (to the host, or to a protected file inside) makes this fail instead of being read.
 */
export async function openWalked(scope: FileScope, entry: WalkedPath, flags: number, mode?: number): Promise<FileHandle> {
  const handle = await open(entry.absolute, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, mode);
  try {
    let where: string | null = null;
    try {
      where = (await readlink(`/proc/self/fd/${handle.fd}`)).replace(/ \(deleted\)$/u, "");
    } catch {
      // No /proc (a macOS development machine): O_NOFOLLOW and the guard's check are what we have.
    }
    if (where !== null) {
      if (where !== entry.real) {
        await audit.denied(scope.ctx, { action: scope.action, reason: "outside_workspace", workspaceId: scope.target.id, target: entry.relative, details: { stage: "open", openedAt: where } });
        throw new AppError("PATH_DENIED", {
          message: `${display(entry.relative)} changed while it was being opened (a folder was replaced by a link). Nothing was read or written; try again.`,
          reason: "outside_workspace",
        });
      }
    }
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
