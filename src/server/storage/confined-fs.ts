// Hand-written on purpose: no library confines file calls to a chroot as another uid; this is the client of our own helper.
// THE way to workspace bytes. Every operation on a workspace tree (file calls, tree walks,
// uploads, packing and unpacking archives) goes through the workspace's confined helper
// (fsd/atrium-fsd.c): a process chrooted into the workspace, running as its unprivileged uid,
// resolving every path from folder descriptors without following symlinks. Node never hands a
// workspace path to a path-based fs call; it reads and writes file content through
// /proc/<helper>/fd/<n>, a magic link to the exact file the helper opened.
//
// Paths here are workspace-relative real paths ("" is the root; no "." or ".." parts, no
// symlinks on the way): the path guard (policy) resolves what a caller asked for, this layer
// (containment) refuses to go anywhere a swap would lead.
import { constants } from "node:fs";
import { type FileHandle, lstat, open, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { env } from "~/env";
import { AppError } from "~/server/errors";
import { fsdBinaryPath } from "./fsd/fsd-build";
import { FsdProcess } from "./fsd/fsd-process";
import { FsdOp, type FsdStat, OpenFlag, RenameFlag, WalkFlag } from "./fsd/protocol";

export type { FsdEntryType, FsdStat } from "./fsd/protocol";
export { FsdError } from "./fsd/fsd-process";

/** How long an unused helper stays up (a workspace being edited keeps its helper). */
const IDLE_MS = 60_000;

export interface OpenOptions {
  write?: boolean;
  read?: boolean;
  create?: boolean;
  exclusive?: boolean;
  append?: boolean;
  truncate?: boolean;
  directory?: boolean;
  /** Permission bits of a created file (& 0o777: never setuid, setgid or sticky). */
  mode?: number;
}

export interface OpenedFile {
  handle: FileHandle;
  /** The file as opened (before any truncate). */
  stat: FsdStat;
}

export interface WalkEntry {
  /** Path below the walked folder, "/"-separated. */
  inner: string;
  stat: FsdStat;
}

export interface ListEntry {
  name: string;
  stat: FsdStat;
}

/** The sandbox identity files are created as (and the helper runs as). */
export function sandboxIdentity(): { uid: number; gid: number } {
  const e = env();
  return { uid: e.ATRIUM_SANDBOX_UID, gid: e.ATRIUM_SANDBOX_GID };
}

function strArg(value: string) {
  return { str: value };
}
function u32(value: number) {
  return { u32: value };
}

/** A workspace tree, seen through its confined helper. */
export class ConfinedFs {
  private rootReal: Promise<string> | null = null;

  constructor(
    /** The workspace root as the host sees it (for messages and location checks only). */
    readonly root: string,
    private readonly helper: () => Promise<FsdProcess>,
  ) {}

  private async call(op: Parameters<FsdProcess["call"]>[0], args: Parameters<FsdProcess["call"]>[1], at: string) {
    const helper = await this.helper();
    return helper.call(op, args, at);
  }

  async stat(rel: string): Promise<FsdStat> {
    return (await this.call(FsdOp.STAT, [strArg(rel)], rel)).stat();
  }

  /** `stat`, or null when nothing is there (ENOENT; ENOTDIR when a parent is a file). */
  async statOrNull(rel: string): Promise<FsdStat | null> {
    try {
      return await this.stat(rel);
    } catch (error) {
      if (error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ENOTDIR")) return null;
      throw error;
    }
  }

  async list(rel: string): Promise<ListEntry[]> {
    const r = await this.call(FsdOp.LIST, [strArg(rel)], rel);
    const n = r.u32();
    const out: ListEntry[] = [];
    for (let i = 0; i < n; i++) out.push({ name: r.str(), stat: r.stat() });
    return out;
  }

  /** Every entry below `rel`, parents first; symlinks are reported, never followed. E2BIG past `max`. */
  async walk(rel: string, options: { max: number; skipTemp?: boolean }): Promise<WalkEntry[]> {
    const r = await this.call(FsdOp.WALK, [strArg(rel), u32(options.max), u32(options.skipTemp === false ? 0 : WalkFlag.skipTemp)], rel);
    const n = r.u32();
    const out: WalkEntry[] = new Array<WalkEntry>(n);
    for (let i = 0; i < n; i++) out[i] = { inner: r.str(), stat: r.stat() };
    return out;
  }

  /**
   * Opens `rel` (a regular file or folder; never through a symlink) and returns a Node handle on
   * the same open file, through the helper's /proc/<pid>/fd magic link.
   */
  async open(rel: string, options: OpenOptions = {}): Promise<OpenedFile> {
    const read = options.read ?? !options.write;
    const flags =
      (read ? OpenFlag.read : 0) |
      (options.write ? OpenFlag.write : 0) |
      (options.create ? OpenFlag.create : 0) |
      (options.exclusive ? OpenFlag.exclusive : 0) |
      (options.append ? OpenFlag.append : 0) |
      (options.truncate ? OpenFlag.truncate : 0) |
      (options.directory ? OpenFlag.directory : 0);
    const helper = await this.helper();
    const r = await helper.call(FsdOp.OPEN, [strArg(rel), u32(flags), u32((options.mode ?? 0o644) & 0o777)], rel);
    const fd = r.u32();
    const stat = r.stat();
    const access = read && options.write ? constants.O_RDWR : options.write ? constants.O_WRONLY : constants.O_RDONLY;
    try {
      const handle = await open(`/proc/${helper.pid}/fd/${fd}`, access | (options.append ? constants.O_APPEND : 0) | (stat.type === "directory" ? constants.O_DIRECTORY : 0));
      return { handle, stat };
    } finally {
      // Pipelined: the helper drops its copy; ours stays valid.
      helper.call(FsdOp.CLOSE, [u32(fd)], rel).catch(() => undefined);
    }
  }

  async mkdir(rel: string, options: { mode?: number; parents?: boolean } = {}): Promise<void> {
    await this.call(FsdOp.MKDIR, [strArg(rel), u32((options.mode ?? 0o755) & 0o777), u32(options.parents ? 1 : 0)], rel);
  }

  /** renameat2 inside the workspace; `noReplace` fails with EEXIST, `exchange` swaps two entries. */
  async rename(from: string, to: string, options: { noReplace?: boolean; exchange?: boolean } = {}): Promise<void> {
    const flags = (options.noReplace ? RenameFlag.noReplace : 0) | (options.exchange ? RenameFlag.exchange : 0);
    await this.call(FsdOp.RENAME, [strArg(from), strArg(to), u32(flags)], from);
  }

  async unlink(rel: string): Promise<void> {
    await this.call(FsdOp.UNLINK, [strArg(rel)], rel);
  }

  async rmdir(rel: string): Promise<void> {
    await this.call(FsdOp.RMDIR, [strArg(rel)], rel);
  }

  /** Removes `rel` and everything below it, by unlinkat from folder descriptors only. */
  async removeTree(rel: string): Promise<number> {
    return (await this.call(FsdOp.RMTREE, [strArg(rel)], rel)).u32();
  }

  async symlink(target: string, rel: string): Promise<void> {
    await this.call(FsdOp.SYMLINK, [strArg(target), strArg(rel)], rel);
  }

  async readlink(rel: string): Promise<string> {
    return (await this.call(FsdOp.READLINK, [strArg(rel)], rel)).str();
  }

  async chmod(rel: string, mode: number): Promise<void> {
    await this.call(FsdOp.CHMOD, [strArg(rel), u32(mode & 0o777)], rel);
  }

  /** Makes renames into the folder `rel` durable (best effort, like fsync of a directory). */
  async syncDirectory(rel: string): Promise<void> {
    await this.call(FsdOp.FSYNC, [strArg(rel)], rel);
  }

  /**
   * Where an open handle's file really is now, relative to the root (null when it left the tree).
   * For policy checks after an open (a protected file swapped in under an allowed name).
   */
  async locate(handle: FileHandle): Promise<string | null> {
    const where = (await readlink(`/proc/self/fd/${handle.fd}`)).replace(/ \(deleted\)$/u, "");
    this.rootReal ??= realpath(this.root);
    const rel = path.relative(await this.rootReal, where);
    if (rel === "") return "";
    if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
    return rel.split(path.sep).join("/");
  }
}

// ---------- one helper per workspace root, per process ----------

interface Slot {
  process: FsdProcess | null;
  starting: Promise<FsdProcess> | null;
  idle: NodeJS.Timeout | null;
  users: number;
}

const KEY = Symbol.for("atrium.confined-fs");
type Holder = { [KEY]?: Map<string, Slot> };

function slots(): Map<string, Slot> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** Who a workspace's helper runs as: the owner of its root, or the sandbox uid for a root-owned root. */
async function identityFor(root: string): Promise<{ uid: number; gid: number }> {
  const st = await lstat(root).catch((error: unknown) => {
    throw new AppError("UNAVAILABLE", { message: "The workspace folder is missing on the server. Ask an administrator to restore it.", reason: "workspace_root_missing", cause: error });
  });
  if (!st.isDirectory()) {
    throw new AppError("UNAVAILABLE", { message: "The workspace folder on the server is not a folder. Ask an administrator to check it.", reason: "workspace_root_missing" });
  }
  return st.uid === 0 || st.gid === 0 ? sandboxIdentity() : { uid: st.uid, gid: st.gid };
}

async function startHelper(root: string): Promise<FsdProcess> {
  const binary = fsdBinaryPath(env().ATRIUM_FSD_BINARY);
  const { uid, gid } = await identityFor(root);
  const exists = await lstat(binary).catch(() => null);
  if (!exists) {
    throw new AppError("UNAVAILABLE", {
      message: "Atrium's confined file helper is not built, so workspace files cannot be reached safely. An administrator should run `npm run images` (it needs gcc).",
      reason: "file_helper_missing",
    });
  }
  const helper = new FsdProcess(binary, root, uid, gid);
  // The first answer proves it chrooted and dropped privileges (it exits before reading otherwise).
  await helper.call(FsdOp.PING, []);
  return helper;
}

function touch(root: string, slot: Slot): void {
  if (slot.idle) clearTimeout(slot.idle);
  slot.idle = setTimeout(() => {
    if (slot.users > 0 || slot.process?.busy) return touch(root, slot);
    slot.process?.close();
    slots().delete(root);
  }, IDLE_MS);
  slot.idle.unref();
}

async function helperFor(root: string): Promise<FsdProcess> {
  const map = slots();
  let slot = map.get(root);
  if (!slot) {
    slot = { process: null, starting: null, idle: null, users: 0 };
    map.set(root, slot);
  }
  touch(root, slot);
  if (slot.process?.alive) return slot.process;
  const s = slot;
  s.starting ??= startHelper(root).then(
    (p) => {
      s.process = p;
      s.starting = null;
      return p;
    },
    (error: unknown) => {
      s.starting = null;
      throw error;
    },
  );
  return s.starting;
}

/** The confined view of the workspace tree at `root` (an absolute host path Atrium chose). */
export function confinedFs(root: string): ConfinedFs {
  const resolved = path.resolve(root);
  return new ConfinedFs(resolved, () => helperFor(resolved));
}

/**
 * Stops the helper of `root` (before its tree is removed, renamed or swapped): the helper holds the
 * folder it started in, so it must not serve a later folder of that name. Helpers started under
 * another spelling of the same folder (through a symlinked data dir) are stopped too.
 */
export async function releaseConfinedFs(root: string): Promise<void> {
  const resolved = path.resolve(root);
  const real = await realpath(resolved).catch(() => resolved);
  const keys = await Promise.all(
    [...slots().keys()].map(async (key) => ((key === resolved || key === real || (await realpath(key).catch(() => key)) === real) ? key : null)),
  );
  await Promise.all(keys.filter((k): k is string => k !== null).map((key) => stopSlot(key)));
}

async function stopSlot(key: string): Promise<void> {
  const slot = slots().get(key);
  if (!slot) return;
  slots().delete(key);
  if (slot.idle) clearTimeout(slot.idle);
  const p = slot.process ?? (await slot.starting?.catch(() => null));
  if (p) {
    p.close();
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 2000).unref())]);
    if (p.alive) p.kill();
  }
}

/** Stops every helper (shutdown, tests). */
export async function releaseAllConfinedFs(): Promise<void> {
  await Promise.all([...slots().keys()].map((key) => stopSlot(key)));
}
