// THE path guard: every file access in Atrium (file service, grep, uploads, downloads, snapshots)
// turns a caller's path into a safe one here, and every refusal is audited here.
//
// What `guardPath` guarantees, at the moment it returns:
// - `absolute` is the real path (symlinks resolved) and lies inside the real workspace root;
// - neither the asked path nor the real one is a critical file, under one, or matched by a BLOCK
//   rule; a write/delete is not matched by a READ_ONLY rule; the role allows the operation; an
//   archived workspace is not being changed;
// - an existing target is a regular file or a directory (no FIFO, socket or device);
// - a regular file about to be written has a single hard link.
// Checks run in this order and the first refusal wins: invalid_path/outside_workspace from the
// spelling → critical_file → blocked_path → read_only (archived) → filesystem (outside_workspace
// through symlinks, critical/blocked real target, special files) → permission_denied (role) →
// read_only (rules) → blocked_path (NO_EXEC rules, execute only) → invalid_path (root itself,
// hard links). `inspectPath` is the same decision without the audit (the path-check API).
//
// What it cannot guarantee: the tree may change between the check and the use (a sandbox process
// or another request swaps a folder for a symlink). So nothing uses `absolute` to touch the tree:
// open files with `openGuarded`, and create, rename or delete entries through `confinedCall`,
// which hand the checked real relative path to the workspace's confined helper (chrooted, as the
// workspace uid, never following a symlink); a swap makes the call fail, never leave the tree.
//
// Decisions:
// - Root is `relative: ""`. An empty input is invalid; `.` names the root.
// - `delete` does not follow a symlink in the final component: deleting `link` removes the link,
//   never what it points to (so even a link pointing outside can be cleaned up). Deleting a FIFO,
//   socket or device node is allowed for the same reason: unlinking touches only the name.
// - Hard links: a regular file with more than one link is refused (reason `hard_link`) for read
//   and write, and left out of downloads, greps, exports and snapshots: a sandbox can hard-link
//   `.git/config` or `.env` under an innocent name, and the other name cannot be found cheaply.
//   Such files can still be deleted (which removes only that name).
// - Archived workspace: changes are refused as `read_only` (details `{ archived: true }`) so the
//   reason stays within the agreed set; reads of an archived workspace whose files were packed
//   away fail with CONFLICT `workspace_archived` (not a path denial, not audited).
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import type { RequestContext, WorkspaceRoleName } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { sharedFolderRules } from "~/server/shared-folders/rules";
import { explainRelative, nameRefusal, noExecRefusal, readOnlyRefusal, type Refusal, roleRefusal, rootRefusal } from "./classify-path";
import { rememberIssue } from "./guard-issue";
import { HARD_LINKED } from "./guarded-open";
import { denyPath } from "./path-denial";
import { type FileOp, type GuardedPath, type GuardTarget, MUTATING_OPS, type PathDenyReason } from "./path-guard-types";
import { isInside, type Resolution, resolveReal } from "./resolve-real";
import { parseRequestedPath } from "./requested-path";

export type { FileOp, GuardedPath, GuardTarget, PathDenyReason } from "./path-guard-types";
export { isProtectedPath } from "./protected-paths";
export { joinRelative, ROOT_RELATIVE } from "./requested-path";
export { pathRulePatternProblem } from "./path-rules-match";
export { type ConfinedPath, confinedCall, confinedPath, openGuarded } from "./guarded-open";

/** Pure classification for listings, greps and snapshots: why a relative path is off-limits, or null. No fs, no audit. */
export function classifyRelative(relative: string, rules: GuardTarget["rules"], op: FileOp, role: WorkspaceRoleName): PathDenyReason | null {
  return explainRelative(relative, rules, op, role)?.reason ?? null;
}

/** The workspace row and its path rules, in the shape the guard needs. */
export async function loadGuardTarget(workspaceId: string): Promise<GuardTarget> {
  const ws = await db().workspace.findUnique({
    where: { id: workspaceId },
    select: {
      id: true,
      rootPath: true,
      status: true,
      pathRules: { select: { pattern: true, effect: true }, orderBy: { createdAt: "asc" } },
      sharedFolders: { select: { sharedFolder: { select: { name: true } } } },
    },
  });
  if (!ws) throw new AppError("NOT_FOUND", { message: "No such workspace. Check the id; it may have been deleted.", reason: "workspace_not_found" });
  // Attached shared folders are read-only under `shared/<name>` (shared-folders/rules.ts).
  const shared = sharedFolderRules(ws.sharedFolders.map((a) => a.sharedFolder.name));
  return { id: ws.id, rootPath: ws.rootPath, status: ws.status, rules: [...ws.pathRules, ...shared] };
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

function rootUnavailable(ws: GuardTarget): AppError {
  return ws.status === "ARCHIVED"
    ? new AppError("CONFLICT", { message: "This workspace is archived and its files are packed away. Unarchive it to browse its files.", reason: "workspace_archived" })
    : new AppError("UNAVAILABLE", { message: "The workspace folder is missing on the server. Ask an administrator to restore it.", reason: "workspace_root_missing" });
}

function resolutionRefusal(resolution: Exclude<Resolution, { kind: "resolved" }>): Refusal {
  switch (resolution.kind) {
    case "loop":
      return { reason: "invalid_path", message: "This path goes through too many symbolic links (or a link loop). Fix or remove the links." };
    case "too_complex":
      return { reason: "invalid_path", message: "This path is too deep or its symbolic links are too long to resolve. Use a simpler path." };
    case "error":
      return {
        reason: "invalid_path",
        message: resolution.code === "ENAMETOOLONG" ? "This path resolves to a name that is too long. Use a shorter path." : `Atrium cannot inspect this path on disk (${resolution.code}).`,
        details: { errno: resolution.code },
      };
  }
}

/** Resolves like the kernel for this op: everything followed, except the final component of a delete. */
async function resolveFor(op: FileOp, rootReal: string, relative: string): Promise<Resolution> {
  if (op !== "delete" || relative === "") return resolveReal(rootReal, relative);
  const slash = relative.lastIndexOf("/");
  const parent = await resolveReal(rootReal, slash < 0 ? "" : relative.slice(0, slash));
  if (parent.kind !== "resolved") return parent;
  const name = relative.slice(slash + 1);
  const absolute = path.join(parent.absolute, name);
  if (!parent.stat) return { kind: "resolved", absolute, stat: null, symlinks: parent.symlinks };
  const stat = await lstat(absolute).catch(() => null);
  return { kind: "resolved", absolute, stat, symlinks: parent.symlinks };
}

/**
 * Checks `rawPath` for `op` by a caller with `role` in `ws` and returns the safe path, or writes
 * one audit event and throws AppError("PATH_DENIED", { reason, message }).
 * `action` names the operation in the audit log, e.g. "files.read".
 */
export async function guardPath(ctx: RequestContext, ws: GuardTarget, role: WorkspaceRoleName, rawPath: string, op: FileOp, action: string): Promise<GuardedPath> {
  const decision = await inspectPath(ws, role, rawPath, op);
  if (!decision.ok) throw await denyPath({ ctx, workspaceId: ws.id, rawPath, op, action, refusal: decision.refusal, auditDetails: decision.auditDetails });
  return rememberIssue(decision.guarded, { ctx, workspaceId: ws.id, rules: ws.rules, role, op, action, rawPath, rootReal: decision.rootReal, realRelative: decision.realRelative });
}

export type PathDecision =
  | { ok: true; guarded: GuardedPath; rootReal: string; realRelative: string }
  | { ok: false; refusal: Refusal; auditDetails?: Record<string, unknown>; relative?: string };

/**
 * The guard's whole decision without acting on it: no audit row, nothing remembered. `guardPath`
 * is this plus the audit and the issued path; the path-check API answers with it, so a check and
 * the real operation cannot disagree.
 */
export async function inspectPath(ws: GuardTarget, role: WorkspaceRoleName, rawPath: string, op: FileOp): Promise<PathDecision> {
  if (!path.isAbsolute(ws.rootPath)) {
    throw new AppError("INTERNAL", { message: "This workspace has no valid folder on the server. Ask an administrator to check its registration.", reason: "workspace_root_invalid" });
  }
  const named: { relative?: string } = {};
  const deny = (refusal: Refusal, auditDetails?: Record<string, unknown>): PathDecision => ({ ok: false, refusal, auditDetails, relative: named.relative });

  const rootReal = await realpathOrNull(ws.rootPath);
  const parsed = parseRequestedPath(rawPath, rootReal && rootReal !== ws.rootPath ? [ws.rootPath, rootReal] : [ws.rootPath]);
  if (!parsed.ok) return deny({ reason: parsed.reason, message: parsed.message });
  const relative = parsed.relative;
  named.relative = relative;

  const byName = nameRefusal(relative, ws.rules);
  if (byName) return deny(byName);
  if (ws.status === "ARCHIVED" && MUTATING_OPS.has(op)) {
    return deny({ reason: "read_only", message: "This workspace is archived, so its files cannot be changed. Unarchive it first.", details: { archived: true } });
  }
  if (!rootReal) throw rootUnavailable(ws);

  const resolution = await resolveFor(op, rootReal, relative);
  if (resolution.kind !== "resolved") return deny(resolutionRefusal(resolution));
  const followed = resolution.symlinks.length > 0 ? { symlinks: resolution.symlinks, resolved: resolution.absolute } : undefined;
  if (!isInside(rootReal, resolution.absolute)) {
    return deny(
      {
        reason: "outside_workspace",
        message: followed
          ? "A symbolic link on this path points outside the workspace. Atrium only follows links that stay inside the workspace."
          : "This path leads outside the workspace. Use a path inside the workspace root.",
      },
      followed ?? { resolved: resolution.absolute },
    );
  }
  const realRelative = path.relative(rootReal, resolution.absolute);
  if (realRelative !== relative) {
    const realParsed = parseRequestedPath(realRelative === "" ? "." : realRelative);
    if (!realParsed.ok) return deny({ reason: "invalid_path", message: `A symbolic link on this path leads to a name Atrium cannot handle. ${realParsed.message}` }, followed);
    const realByName = nameRefusal(realRelative, ws.rules);
    if (realByName) return deny(realByName, { ...followed, resolvedRelative: realRelative });
  }

  const stat = resolution.stat;
  if (stat && !stat.isFile() && !stat.isDirectory() && !(op === "delete" && realRelative !== "")) {
    const kind = stat.isFIFO() ? "a named pipe (FIFO)" : stat.isSocket() ? "a socket" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device file" : "not a regular file";
    return deny({ reason: "invalid_path", message: `This path is ${kind}; Atrium only reads and writes regular files and folders.`, details: { fileType: kind } });
  }

  const byRole = roleRefusal(op, role);
  if (byRole) return deny(byRole);
  const readOnly = readOnlyRefusal(relative, ws.rules, op) ?? (realRelative !== relative ? readOnlyRefusal(realRelative, ws.rules, op) : null);
  if (readOnly) return deny(readOnly, followed);
  const noExec = noExecRefusal(relative, ws.rules, op) ?? (realRelative !== relative ? noExecRefusal(realRelative, ws.rules, op) : null);
  if (noExec) return deny(noExec, followed);
  const atRoot = rootRefusal(realRelative, op);
  if (atRoot) return deny(atRoot, followed);
  if ((op === "write" || op === "read") && stat?.isFile() && stat.nlink > 1) {
    return deny({ ...HARD_LINKED, details: { hardLinks: stat.nlink } });
  }

  return { ok: true, guarded: { relative, absolute: resolution.absolute }, rootReal, realRelative };
}
