// Using a guarded path without a check-then-use race, through the workspace's confined helper
// (src/server/storage/confined-fs.ts). The guard decided on a snapshot of the tree; a sandbox
// process can swap a checked folder for a symlink a microsecond later. So every use goes to the
// helper with the checked REAL relative path: it walks it from folder descriptors without
// following any symlink, as the workspace's unprivileged uid, chrooted into the workspace. A swap
// makes the call fail (ELOOP/ENOTDIR, reported as a change and audited); it can never lead out.
// The opened file is re-verified (type, hard links, real location via /proc) before it is handed
// out, and a truncate is applied only after that, so a refused file is never modified. Every
// refusal is audited with the original request, `details.stage = "open"`.
import { constants, type Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { AppError } from "~/server/errors";
import { type ConfinedFs, confinedFs } from "~/server/storage/confined-fs";
import { nameRefusal, type Refusal } from "./classify-path";
import { isFsError } from "./fs-errors";
import { type GuardIssue, issueOf } from "./guard-issue";
import { denyPath } from "./path-denial";
import type { GuardedPath } from "./path-guard-types";

const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_EXCL } = constants;
const WRITE_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;

function issueFor(guarded: GuardedPath): GuardIssue {
  const issue = issueOf(guarded);
  if (!issue) {
    throw new AppError("INTERNAL", { message: "Internal error: a file was opened without the path guard's approval.", reason: "unguarded_path" });
  }
  return issue;
}

export const CHANGED: Refusal = {
  reason: "outside_workspace",
  message: "This path changed while Atrium was using it (a folder or file was replaced by a symbolic link). Try again; links that leave the workspace are never followed.",
};

export const HARD_LINKED: Refusal = {
  reason: "hard_link",
  message: "This file has more than one hard link, so Atrium cannot tell which other name (perhaps a protected file) it shares its content with, and will not serve or change it. Replace it with a copy (for example `cp --remove-destination` in a terminal).",
};

async function refuse(issue: GuardIssue, refusal: Refusal, details: Record<string, unknown> = {}): Promise<AppError> {
  return denyPath({
    ctx: issue.ctx,
    workspaceId: issue.workspaceId,
    rawPath: issue.rawPath,
    op: issue.op,
    action: issue.action,
    refusal,
    auditDetails: { stage: "open", ...details },
  });
}

/** Where a guarded path lives for the confined helper: its tree, and its real relative path. */
export interface ConfinedPath {
  fs: ConfinedFs;
  /** Real workspace-relative path ("" for the root), symlink-free when the guard checked it. */
  rel: string;
  /** The real relative path of its folder ("" for the root), and its own name ("" for the root). */
  parent: string;
  name: string;
}

export function confinedPath(guarded: GuardedPath): ConfinedPath {
  const issue = issueFor(guarded);
  const rel = issue.realRelative.split("\\").join("/");
  const slash = rel.lastIndexOf("/");
  return { fs: confinedFs(issue.rootReal), rel, parent: slash < 0 ? "" : rel.slice(0, slash), name: slash < 0 ? rel : rel.slice(slash + 1) };
}

/** Maps the helper's "a symlink is on the way" answers to the audited change refusal. */
export async function confinedCall<T>(guarded: GuardedPath, fn: (at: ConfinedPath) => Promise<T>): Promise<T> {
  const issue = issueFor(guarded);
  try {
    return await fn(confinedPath(guarded));
  } catch (error) {
    if (isFsError(error, "ELOOP", "EXDEV")) throw await refuse(issue, CHANGED, { errno: (error as { code: string }).code });
    // The helper opens nothing but regular files and folders (the guard's names are well formed,
    // so EINVAL can only mean that).
    if (isFsError(error, "EINVAL")) throw await refuse(issue, NOT_PLAIN);
    throw error;
  }
}

const NOT_PLAIN: Refusal = { reason: "invalid_path", message: "This path is no longer a regular file or folder (it was replaced by a pipe, socket or device). Atrium will not open it." };

/** The opened file must be what the guard approved: a regular file or folder, one link, same place. */
async function verifyOpened(issue: GuardIssue, fs: ConfinedFs, handle: FileHandle, writing: boolean): Promise<Stats> {
  const st = await handle.stat();
  if (!st.isFile() && !st.isDirectory()) throw await refuse(issue, NOT_PLAIN);
  if (st.isFile() && st.nlink > 1) throw await refuse(issue, HARD_LINKED, { hardLinks: st.nlink, writing });
  const where = await fs.locate(handle);
  if (where === null) throw await refuse(issue, CHANGED, { stage: "open-located" });
  if (where !== issue.realRelative) {
    const byName = nameRefusal(where, issue.rules);
    if (byName) throw await refuse(issue, byName, { openedAt: where });
  }
  return st;
}

/**
 * Opens a guarded path with `flags` (fs.constants) and returns the handle; the caller closes it.
 * Opening for writing requires a path guarded for "write". With O_CREAT the file is created by
 * the helper in the checked folder, as the workspace's uid; O_TRUNC applies after verification.
 */
export async function openGuarded(guarded: GuardedPath, flags: number, mode = 0o644): Promise<FileHandle> {
  const issue = issueFor(guarded);
  const writing = (flags & WRITE_FLAGS) !== 0;
  if (writing && issue.op !== "write") {
    throw new AppError("INTERNAL", { message: `Internal error: a path checked for "${issue.op}" was opened for writing.`, reason: "guard_op_mismatch" });
  }
  if (writing && issue.realRelative === "") {
    throw new AppError("INTERNAL", { message: "Internal error: the workspace root cannot be opened for writing.", reason: "guard_op_mismatch" });
  }
  return confinedCall(guarded, async ({ fs, rel }) => {
    const accessMode = flags & 3;
    const { handle } = await fs.open(rel, {
      read: accessMode === constants.O_RDONLY || accessMode === O_RDWR,
      write: accessMode === O_WRONLY || accessMode === O_RDWR,
      create: (flags & O_CREAT) !== 0,
      exclusive: (flags & O_EXCL) !== 0,
      append: (flags & O_APPEND) !== 0,
      mode,
    });
    try {
      await verifyOpened(issue, fs, handle, writing);
      if (flags & O_TRUNC) await handle.truncate(0);
      return handle;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  });
}
