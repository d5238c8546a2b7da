// Using a guarded path without a check-then-use race. `guardPath` decides on a snapshot of the
// tree; a sandbox process can swap a checked folder for a symlink a microsecond later. These
// helpers therefore never hand a followed path to the kernel: they open the real root, then walk
// the checked real path one name at a time, each step relative to the previous directory's file
// descriptor (`/proc/self/fd/N/name`, Node's stand-in for openat) and with O_NOFOLLOW, so a swapped
// -in symlink makes the walk fail instead of leaving the root. The opened file is re-verified
// (type, hard links, real location via /proc/self/fd) before it is handed out, and O_TRUNC is
// applied only after that, so a refused file is never modified. Every refusal is audited with the
// original request, `details.stage = "open"`.
//
// Without /proc (macOS development machines) the helpers fall back to opening the real path with
// O_NOFOLLOW and comparing device/inode with a fresh resolution: this narrows the race but cannot
// close it for intermediate folders. Production runs on Linux.
import { constants } from "node:fs";
import { type FileHandle, lstat, open, readlink, stat } from "node:fs/promises";
import { mkdirInherit } from "./ownership";
import path from "node:path";
import { AppError } from "~/server/errors";
import { nameRefusal, type Refusal } from "./classify-path";
import { type GuardIssue, issueOf } from "./guard-issue";
import { denyPath } from "./path-denial";
import type { GuardedPath } from "./path-guard-types";
import { isInside, resolveReal } from "./resolve-real";

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = constants;
const WRITE_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;

const pinned = (fd: number) => `/proc/self/fd/${fd}`;

let procFd: Promise<boolean> | undefined;
function hasProcFd(): Promise<boolean> {
  procFd ??= stat("/proc/self/fd").then(
    (s) => s.isDirectory(),
    () => false,
  );
  return procFd;
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function issueFor(guarded: GuardedPath): GuardIssue {
  const issue = issueOf(guarded);
  if (!issue) {
    throw new AppError("INTERNAL", { message: "Internal error: a file was opened without the path guard's approval.", reason: "unguarded_path" });
  }
  return issue;
}

const CHANGED: Refusal = {
  reason: "outside_workspace",
  message: "This path changed while Atrium was using it (a folder or file was replaced by a symbolic link). Try again; links that leave the workspace are never followed.",
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

/** Where an open descriptor really is, from /proc; `(deleted)` files keep their last path. */
async function locationOf(handle: FileHandle): Promise<string> {
  return (await readlink(pinned(handle.fd))).replace(/ \(deleted\)$/u, "");
}

async function verifyLocation(issue: GuardIssue, handle: FileHandle): Promise<void> {
  const where = await locationOf(handle);
  if (!isInside(issue.rootReal, where)) throw await refuse(issue, CHANGED, { openedAt: where });
  const relative = path.relative(issue.rootReal, where);
  if (relative !== issue.realRelative) {
    const byName = nameRefusal(relative, issue.rules);
    if (byName) throw await refuse(issue, byName, { openedAt: where });
  }
}

/**
 * Opens `name` inside the pinned folder `dir` without following a symlink there. A symlink where
 * the guard saw a real entry means the tree changed under us: ELOOP (file) or ENOTDIR (with
 * O_DIRECTORY) on a name that is now a symlink is refused and audited, not passed through.
 */
async function openNoFollow(issue: GuardIssue, dir: FileHandle, name: string, flags: number, mode?: number): Promise<FileHandle> {
  const at = `${pinned(dir.fd)}/${name}`;
  try {
    return await open(at, flags | O_NOFOLLOW, mode);
  } catch (error) {
    const code = errnoOf(error);
    if (code === "ELOOP" || (code === "ENOTDIR" && (await lstat(at).catch(() => null))?.isSymbolicLink())) {
      throw await refuse(issue, CHANGED, { swapped: name });
    }
    throw error;
  }
}

/** Opens the folder `segments` below the real root, never following a symlink on the way. */
async function openDirChain(issue: GuardIssue, segments: readonly string[], create: boolean): Promise<FileHandle> {
  let dir = await open(issue.rootReal, O_RDONLY | O_DIRECTORY);
  try {
    if ((await locationOf(dir)) !== issue.rootReal) throw await refuse(issue, CHANGED, { stage: "open-root" });
    for (const name of segments) {
      const next = `${pinned(dir.fd)}/${name}`;
      if (create) {
        await mkdirInherit(next).catch((error: unknown) => {
          if (errnoOf(error) !== "EEXIST") throw error;
        });
      }
      const handle = await openNoFollow(issue, dir, name, O_RDONLY | O_DIRECTORY);
      await dir.close();
      dir = handle;
    }
    await verifyLocation(issue, dir);
    return dir;
  } catch (error) {
    await dir.close().catch(() => undefined);
    throw error;
  }
}

async function verifyOpened(issue: GuardIssue, handle: FileHandle, writing: boolean): Promise<void> {
  const st = await handle.stat();
  if (!st.isFile() && !st.isDirectory()) {
    throw await refuse(issue, { reason: "invalid_path", message: "This path is no longer a regular file or folder (it was replaced by a pipe, socket or device). Atrium will not open it." });
  }
  if (writing && st.isFile() && st.nlink > 1) {
    throw await refuse(issue, { reason: "invalid_path", message: `This file now has ${st.nlink} hard links; writing it would change the other names too. Replace it with a copy first.` }, { hardLinks: st.nlink });
  }
  await verifyLocation(issue, handle);
}

function segmentsOf(issue: GuardIssue): string[] {
  return issue.realRelative === "" ? [] : issue.realRelative.split("/");
}

function assertWritable(issue: GuardIssue, flags: number): boolean {
  const writing = (flags & WRITE_FLAGS) !== 0;
  if (writing && issue.op !== "write") {
    throw new AppError("INTERNAL", { message: `Internal error: a path checked for "${issue.op}" was opened for writing.`, reason: "guard_op_mismatch" });
  }
  return writing;
}

/** Without /proc: open the checked real path (no follow), then make sure it is still what we resolved. */
async function openWithoutProc(issue: GuardIssue, guarded: GuardedPath, flags: number, mode: number, writing: boolean): Promise<FileHandle> {
  const handle = await open(guarded.absolute, (flags & ~O_TRUNC) | O_NOFOLLOW | O_NONBLOCK, mode).catch(async (error: unknown) => {
    if (errnoOf(error) === "ELOOP") throw await refuse(issue, CHANGED);
    throw error;
  });
  try {
    const [now, opened] = await Promise.all([resolveReal(issue.rootReal, issue.realRelative), handle.stat()]);
    if (now.kind !== "resolved" || now.absolute !== guarded.absolute || !now.stat || now.stat.ino !== opened.ino || now.stat.dev !== opened.dev) {
      throw await refuse(issue, CHANGED);
    }
    if (!opened.isFile() && !opened.isDirectory()) throw await refuse(issue, { reason: "invalid_path", message: "This path is not a regular file or folder." });
    if (writing && opened.isFile() && opened.nlink > 1) throw await refuse(issue, { reason: "invalid_path", message: "This file has several hard links; replace it with a copy first." });
    if (flags & O_TRUNC) await handle.truncate(0);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Opens a guarded path with `flags` (fs.constants) and returns the handle; the caller closes it.
 * The final component is opened with O_NOFOLLOW, every folder above it is walked without following
 * symlinks, and the opened file is re-verified. Opening for writing requires a path guarded for
 * "write". With O_CREAT the new file is created in the walked (pinned) folder, never elsewhere.
 */
export async function openGuarded(guarded: GuardedPath, flags: number, mode = 0o666): Promise<FileHandle> {
  const issue = issueFor(guarded);
  const writing = assertWritable(issue, flags);
  if (!(await hasProcFd())) return openWithoutProc(issue, guarded, flags, mode, writing);
  const segments = segmentsOf(issue);
  if (segments.length === 0) {
    if (writing) throw new AppError("INTERNAL", { message: "Internal error: the workspace root cannot be opened for writing.", reason: "guard_op_mismatch" });
    return openDirChain(issue, [], false);
  }
  const parent = await openDirChain(issue, segments.slice(0, -1), false);
  try {
    const name = segments[segments.length - 1]!;
    const handle = await openNoFollow(issue, parent, name, (flags & ~O_TRUNC) | O_NONBLOCK, mode);
    try {
      await verifyOpened(issue, handle, writing);
      if (flags & O_TRUNC) await handle.truncate(0);
      return handle;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  } finally {
    await parent.close().catch(() => undefined);
  }
}

/**
 * Runs `fn` with the guarded path's parent folder pinned: `dir` is a path (`/proc/self/fd/N`) that
 * keeps naming that exact folder even if the tree is rearranged, and `name` is the final component.
 * Use it for atomic writes (`${dir}/.tmp-x` then rename to `${dir}/${name}`), mkdir, rename and
 * unlink. `createParents` creates missing folders on the way, again without following symlinks.
 * Note: a recursive delete below `${dir}/${name}` still walks a tree a sandbox can change; use
 * fs.rm (which does not follow symlinks) and keep it off paths a sandbox writes concurrently.
 */
export async function withPinnedParent<T>(guarded: GuardedPath, fn: (dir: string, name: string) => Promise<T>, options: { createParents?: boolean } = {}): Promise<T> {
  const issue = issueFor(guarded);
  const segments = segmentsOf(issue);
  if (segments.length === 0) {
    throw new AppError("INVALID_INPUT", { message: "The workspace root has no parent folder inside the workspace. Name a file or folder inside it.", reason: "workspace_root" });
  }
  const fallback = !(await hasProcFd());
  if (fallback) return fn(path.dirname(guarded.absolute), path.basename(guarded.absolute));
  const parent = await openDirChain(issue, segments.slice(0, -1), options.createParents === true && issue.op === "write");
  try {
    return await fn(pinned(parent.fd), segments[segments.length - 1]!);
  } finally {
    await parent.close().catch(() => undefined);
  }
}

/** Runs `fn` with the guarded folder itself pinned (for readdir/opendir of a listing). */
export async function withPinnedDirectory<T>(guarded: GuardedPath, fn: (dir: string) => Promise<T>): Promise<T> {
  const issue = issueFor(guarded);
  if (!(await hasProcFd())) return fn(guarded.absolute);
  const dir = await openDirChain(issue, segmentsOf(issue), false);
  try {
    return await fn(pinned(dir.fd));
  } finally {
    await dir.close().catch(() => undefined);
  }
}
