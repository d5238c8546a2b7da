// The ONE packer and the ONE verified extractor behind snapshots, archive/unarchive and
// export/import. Packing streams straight from the tree (no staging copy) into a file or any
// writable (an HTTP response), hashing the gzip bytes as they go, with an optional first entry (the
// export manifest). Extraction judges every entry from its header BEFORE its body is written and
// refuses the whole archive on the first bad one (absolute paths, `..`, devices/FIFOs, links out,
// more bytes or entries than allowed); callers always extract into a fresh directory, so a refusal
// half-way only means removing that directory.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type Stats } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants as zlibConstants, createGzip } from "node:zlib";
import * as tar from "tar";
import { AppError, isAppError } from "~/server/errors";
import { isTempName } from "~/server/files/atomic";
import { formatBytes } from "~/server/files/limits";
import { isWithin } from "./paths";

export interface PackedArchive {
  /** Size of the .tar.gz. */
  bytes: bigint;
  sha256: string;
  /** Sockets, FIFOs and devices: not archivable, and meaningless once the sandbox that made them is gone. */
  skipped: string[];
  /** Entries packed that are not directories (regular files and symlinks). */
  fileCount: number;
  /** Sum of the packed regular files' sizes. */
  contentBytes: bigint;
}

/** How far an operation got: `bytes` is tree bytes when packing, archive bytes when extracting. */
export interface TarProgress {
  bytes: number;
  files: number;
}

export interface PackOptions {
  /** Leaves an entry (and, for a directory, everything below it) out. `relative` has no leading `./`; "" is the root. */
  exclude?: (relative: string) => boolean;
  /** Written as the archive's first entry (the export manifest), never taken from the tree. */
  firstEntry?: { path: string; body: Buffer };
  /** Called as entries are admitted (often; the caller throttles). */
  onProgress?: (progress: TarProgress) => void;
  /** Aborts the packing (the work it was for was called off). */
  signal?: AbortSignal;
}

/** Counts and hashes the bytes that flow through it. */
class DigestTap extends Transform {
  readonly hash = createHash("sha256");
  bytes = 0n;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += BigInt(chunk.length);
    done(null, chunk);
  }
}

async function fsyncPath(target: string, flags: "r" | "r+" = "r"): Promise<void> {
  const handle = await open(target, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** One regular-file tar entry as raw blocks (header, body, padding): what precedes node-tar's output. */
export function rawTarEntry(entryPath: string, body: Buffer, mtime = new Date()): Buffer {
  const header = new tar.Header({ path: entryPath, type: "File", size: body.length, mode: 0o644, mtime, uid: 0, gid: 0, uname: "", gname: "" });
  const block = Buffer.alloc(512);
  header.encode(block, 0);
  return Buffer.concat([block, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

/**
 * Packs everything under `root` into `sink` as .tar.gz. `strict` turns every tar warning (an
 * unreadable file, a file that changed size mid-read) into a failure: an archive that silently
 * missed a file would become data loss once the live tree is removed.
 */
export async function packTree(root: string, sink: Writable, options: PackOptions = {}): Promise<PackedArchive> {
  const skipped: string[] = [];
  let fileCount = 0;
  let contentBytes = 0;
  const tap = new DigestTap();
  const pack = new tar.Pack({
    cwd: root,
    strict: true,
    follow: false,
    filter: (entryPath: string, stat: Stats | tar.ReadEntry) => {
      if (!("isFile" in stat)) return true; // packing always passes Stats; the union is tar's shared type
      // A write in flight (or one a crash interrupted) is not content: it would come back on restore.
      if (isTempName(path.basename(entryPath))) return false;
      if (options.exclude?.(entryPath.replace(/^\.(\/|$)/, ""))) return false;
      const keep = stat.isFile() || stat.isDirectory() || stat.isSymbolicLink();
      if (!keep) skipped.push(entryPath);
      else if (!stat.isDirectory()) {
        fileCount++;
        if (stat.isFile()) contentBytes += stat.size;
        options.onProgress?.({ bytes: contentBytes, files: fileCount });
      }
      return keep;
    },
  });
  pack.add(".");
  pack.end();
  const first = options.firstEntry ? rawTarEntry(options.firstEntry.path, options.firstEntry.body) : null;
  async function* tarBytes(): AsyncGenerator<Buffer> {
    try {
      if (first) yield first;
      for await (const chunk of pack) yield chunk;
    } finally {
      // The sink went away (a download cancelled, a restore refused): stop reading the tree. Entries
      // still in flight then write into the destroyed pack; that error has nobody left to tell.
      pack.on("error", () => undefined);
      pack.destroy();
    }
  }
  // Level 6 is gzip's own default: the same trade-off `tar czf` makes.
  const gzip = createGzip({ level: 6, memLevel: 9, chunkSize: 64 * 1024, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
  await (options.signal ? pipeline(tarBytes(), gzip, tap, sink, { signal: options.signal }) : pipeline(tarBytes(), gzip, tap, sink));
  return { bytes: tap.bytes, sha256: tap.hash.digest("hex"), skipped, fileCount, contentBytes: BigInt(contentBytes) };
}

/** `packTree` into a file: a temporary name beside `destination`, fsynced, then renamed. On failure the partial file is removed. */
export async function packDirectory(root: string, destination: string, options: PackOptions = {}): Promise<PackedArchive> {
  const partial = `${destination}.partial-${randomBytes(4).toString("hex")}`;
  try {
    const packed = await packTree(root, createWriteStream(partial, { flags: "wx", mode: 0o600 }), options);
    await fsyncPath(partial, "r+");
    await rename(partial, destination);
    await fsyncPath(path.dirname(destination));
    return packed;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export async function digestFile(file: string): Promise<{ bytes: bigint; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0n;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += BigInt(buffer.length);
  }
  return { bytes, sha256: hash.digest("hex") };
}

type EntryLike = { type: string; linkpath?: string };

const REGULAR_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory"]);
const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
const ALLOWED_TYPES = new Set([...FILE_TYPES, "Directory", "SymbolicLink", "Link"]);
/** A stand-in root: entries are judged by where they would land relative to it. */
const VIRTUAL_ROOT = "/atrium-extract-root";

/** Whether an archive entry may be written under `target`: plain files and directories, and links that stay inside. */
export function entryStaysInside(target: string, entryPath: string, entry: EntryLike): boolean {
  const where = path.resolve(target, entryPath);
  if (!isWithin(where, target)) return false;
  if (REGULAR_TYPES.has(entry.type)) return true;
  if (entry.type === "SymbolicLink" && entry.linkpath) {
    return !path.isAbsolute(entry.linkpath) && isWithin(path.resolve(path.dirname(where), entry.linkpath), target);
  }
  if (entry.type === "Link" && entry.linkpath) {
    return !path.isAbsolute(entry.linkpath) && isWithin(path.resolve(target, entry.linkpath), target);
  }
  return false;
}

function refuse(reason: string, message: string, entry: string): AppError {
  return new AppError("INVALID_INPUT", { message: `${message} Nothing was restored or created.`, reason, details: { entry } });
}

/** Why `entry` may not be extracted ("link_outside" is reported apart: unarchive skips those instead), or null. */
export function entryProblem(entry: { path: string; type: string; linkpath?: string }): AppError | null {
  const p = entry.path;
  if (path.isAbsolute(p) || /^[a-zA-Z]:/.test(p)) return refuse("archive_absolute_path", `The archive holds an absolute path (${p}).`, p);
  if (p.split(/[\\/]/).includes("..")) return refuse("archive_path_traversal", `The archive holds a path that climbs out with ".." (${p}).`, p);
  if (!ALLOWED_TYPES.has(entry.type)) return refuse("archive_special_file", `The archive holds a ${entry.type} entry (${p}); only files, directories and links are restored.`, p);
  if (!entryStaysInside(VIRTUAL_ROOT, p, entry)) return refuse("archive_link_outside", `The archive holds a link that points outside the workspace (${p} → ${entry.linkpath ?? "?"}).`, p);
  return null;
}

export interface ExtractOptions {
  /** Most bytes the regular files may declare in total (the quota that will hold them); null: no limit. */
  limitBytes: bigint | null;
  /** What the limit is, for the refusal message ("the workspace's quota"). */
  limitName?: string;
  /** Most entries (an archive of millions of empty files is a bomb too). */
  maxEntries?: number;
  /** "refuse" (default) the whole archive on a link leading out, or "skip" such links (unarchive of host folders with venvs). */
  linksOutside?: "refuse" | "skip";
  /** Leaves the first entry out when it has this path (the export manifest). */
  skipFirstEntry?: string;
  onProgress?: (progress: TarProgress) => void;
}

export interface ExtractResult {
  /** Entries left out (links leading out, with `linksOutside: "skip"`). */
  skipped: string[];
  entries: number;
  /** Non-directory entries written. */
  files: number;
  /** Sum of the regular files' declared sizes. */
  contentBytes: bigint;
}

export const DEFAULT_MAX_ENTRIES = 1_000_000;

/** Strips node-tar's `./` so entries read as workspace-relative paths. */
export function entryName(p: string): string {
  return p.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
}

/**
 * Extracts the .tar.gz at `source` (a file path or a stream) into `target` (which must exist and
 * should be empty: on a refusal the caller removes it whole). The checks run in node-tar's filter,
 * which sees each header before any of that entry's body is written.
 */
export async function extractVerified(source: string | Readable, target: string, options: ExtractOptions): Promise<ExtractResult> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const skipped: string[] = [];
  let entries = 0;
  let files = 0;
  let total = 0n;
  let archiveBytes = 0;
  // An object, not a `let`: the filter callback sets it and TypeScript must not narrow it away.
  const state: { problem: AppError | null } = { problem: null };
  const unpack = new tar.Unpack({
    cwd: target,
    preservePaths: false,
    strict: true,
    // Sizes are enforced per header below; node-tar's ratio guard would also reject honest zero-filled files.
    maxDecompressionRatio: Number.POSITIVE_INFINITY,
    // preserveOwner keeps node-tar's default (on when running as root), so files made by the
    // sandbox user keep that owner and stay writable from inside the sandbox after a restore.
    filter: (entryPath, entry) => {
      if (state.problem) return false;
      const index = entries++;
      if (!("type" in entry)) return false;
      if (index === 0 && options.skipFirstEntry !== undefined && entryName(entryPath) === options.skipFirstEntry) return false;
      let bad = entries > maxEntries ? refuse("archive_too_many_entries", `The archive holds more than ${maxEntries} entries.`, entryPath) : entryProblem(entry);
      if (bad?.reason === "archive_link_outside" && options.linksOutside === "skip") {
        skipped.push(entryName(entryPath));
        return false;
      }
      if (!bad && FILE_TYPES.has(entry.type)) {
        total += BigInt(entry.size);
        if (options.limitBytes !== null && total > options.limitBytes) {
          bad = new AppError("QUOTA_EXCEEDED", {
            message: `The archive unpacks to more than ${formatBytes(options.limitBytes)}, ${options.limitName ?? "the workspace's quota"}, so nothing was restored or created (it may be a decompression bomb). Raise the quota first if the archive is genuine.`,
            reason: "archive_too_large",
            details: { limitBytes: Number(options.limitBytes), declaredBytesSoFar: Number(total), entry: entryPath },
          });
        }
      }
      if (bad) {
        state.problem = bad;
        unpack.abort(bad);
        return false;
      }
      if (entry.type !== "Directory") files++;
      options.onProgress?.({ bytes: archiveBytes, files });
      return true;
    },
  });
  const input = typeof source === "string" ? createReadStream(source, { highWaterMark: 1024 * 1024 }) : source;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      archiveBytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(input, counter, unpack);
  } catch (error) {
    throw state.problem ?? unreadable(error);
  }
  if (state.problem) throw state.problem;
  options.onProgress?.({ bytes: archiveBytes, files });
  return { skipped, entries, files, contentBytes: total };
}

/** node-tar and zlib failures mean a damaged or foreign file; disk errors stay what they are. */
function unreadable(error: unknown): Error {
  if (isAppError(error)) return error;
  const e = error as { code?: unknown; tarCode?: unknown; errno?: unknown; message?: unknown };
  const tarCode = typeof e.tarCode === "string" ? e.tarCode : undefined;
  const zlib = typeof e.code === "string" && e.code.startsWith("Z_");
  if (tarCode === "TAR_SYMLINK_ERROR") {
    return new AppError("INVALID_INPUT", { message: "The archive writes through a link it created earlier. Nothing was restored or created.", reason: "archive_link_outside", cause: error });
  }
  if (zlib || (tarCode && tarCode !== "TAR_ENTRY_ERROR") || e.code === "TAR_BAD_ARCHIVE") {
    return new AppError("INVALID_INPUT", {
      message: "The file is not a readable .tar.gz (it may be damaged, truncated, or another format). Nothing was restored or created.",
      reason: "archive_unreadable",
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The body of the archive's first entry when it has `entryPath` (at most `maxBytes`), else null. Reads no further. */
export async function readFirstEntry(file: string, entryPath: string, maxBytes: number): Promise<Buffer | null> {
  return new Promise<Buffer | null>((resolve, reject) => {
    let settled = false;
    const input = createReadStream(file);
    const parser = new tar.Parser({ strict: true, maxDecompressionRatio: Number.POSITIVE_INFINITY });
    const finish = (value: Buffer | null, error?: unknown) => {
      if (settled) return;
      settled = true;
      input.destroy();
      if (error) reject(unreadable(error));
      else resolve(value);
    };
    parser.on("entry", (entry: tar.ReadEntry) => {
      if (settled) return entry.resume();
      if (entryName(entry.path) !== entryPath || !FILE_TYPES.has(entry.type)) return finish(null);
      if (entry.size > maxBytes) {
        return finish(null, new AppError("INVALID_INPUT", { message: `The archive's ${entryPath} is larger than ${formatBytes(maxBytes)}.`, reason: "manifest_invalid" }));
      }
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => finish(Buffer.concat(chunks)));
    });
    parser.on("error", (error) => finish(null, error));
    parser.on("end", () => finish(null));
    input.on("error", (error) => finish(null, error));
    input.pipe(parser);
  });
}
