// The ONE packer and the ONE verified extractor behind snapshots, archive/unarchive and
// export/import. Both work on the workspace tree only through its confined helper (confined-tar.ts
// over storage/confined-fs.ts): packing walks and reads from helper-opened handles, extraction
// creates every entry with helper calls as the sandbox uid. Packing streams straight from the tree
// (no staging copy) into a file or any writable (an HTTP response), hashing the gzip bytes as they
// go, with an optional first entry (the export manifest). Extraction judges every entry from its
// header BEFORE its body is written and refuses the whole archive on the first bad one (absolute
// paths, `..`, devices/FIFOs, links out, more bytes or entries than allowed); callers always
// extract into a fresh root, so a refusal half-way only means removing that root.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants as zlibConstants, createGunzip, createGzip } from "node:zlib";
import * as tar from "tar";
import { AppError, isAppError } from "~/server/errors";
import { formatBytes } from "~/lib/format";
import { END_OF_ARCHIVE } from "~/server/files/tar-writer";
import { confinedFs } from "~/server/storage/confined-fs";
import { type ConfinedPackStats, type ConfinedUnpackResult, packConfined, unpackConfined } from "./confined-tar";
import { isWithin } from "./paths";
import type { Reason } from "~/server/audit/reasons";
import { logger } from "~/server/observability/logger";

export interface PackedArchive {
  /** Size of the .tar.gz. */
  bytes: bigint;
  sha256: string;
  /** Sockets, FIFOs and devices: not archivable, and meaningless once the sandbox that made them is gone. */
  skipped: string[];
  /**
   * Regular files with more than one hard link, left out: a hard link made in a sandbox to a
   * protected file (`.git/config`, `.env`) must never leave through an archive.
   */
  hardLinked: string[];
  /** Entries packed that are not directories (regular files and symlinks). */
  fileCount: number;
  /** Sum of the packed regular files' sizes. */
  contentBytes: bigint;
}

/** How far an operation got: `bytes` is tree bytes when packing, archive bytes when extracting. */
export interface TarProgress {
  bytes: number;
  files: number;
  /** Extraction only: archive entries handled so far (folders included). */
  entries?: number;
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
 * Packs everything under `root` into `sink` as .tar.gz, through the workspace's confined helper
 * (confined-tar.ts): never a host path below the root. A file that changes size mid-read fails
 * the packing: an archive that silently missed a file would become data loss once the live tree
 * is removed. Regular files with more than one hard link are left out and listed in `hardLinked`.
 */
export async function packTree(root: string, sink: Writable, options: PackOptions = {}): Promise<PackedArchive> {
  const stats: ConfinedPackStats = { skipped: [], hardLinked: [], fileCount: 0, contentBytes: 0 };
  const tap = new DigestTap();
  const fs = confinedFs(root);
  const first = options.firstEntry ? rawTarEntry(options.firstEntry.path, options.firstEntry.body) : null;
  const exclude = options.exclude;
  async function* tarBytes(): AsyncGenerator<Buffer> {
    if (first) yield first;
    yield* packConfined(fs, { maxEntries: DEFAULT_MAX_ENTRIES, ...(exclude ? { exclude } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) }, stats);
    yield END_OF_ARCHIVE;
  }
  // Level 6 is gzip's own default: the same trade-off `tar czf` makes.
  const gzip = createGzip({ level: 6, memLevel: 9, chunkSize: 64 * 1024, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
  await (options.signal ? pipeline(tarBytes(), gzip, tap, sink, { signal: options.signal }) : pipeline(tarBytes(), gzip, tap, sink));
  if (stats.hardLinked.length > 0) {
    logger("workspaces").warn(`left ${stats.hardLinked.length} hard-linked file(s) of ${root} out of an archive: ${stats.hardLinked.slice(0, 10).join(", ")}`);
  }
  return { bytes: tap.bytes, sha256: tap.hash.digest("hex"), skipped: stats.skipped, hardLinked: stats.hardLinked, fileCount: stats.fileCount, contentBytes: BigInt(stats.contentBytes) };
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

function refuse(reason: Reason, message: string, entry: string): AppError {
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
  /** What to tell the caller to change when `maxEntries` is passed (an env variable). */
  maxEntriesHint?: string;
  /** "refuse" (default) the whole archive on a link leading out, or "skip" such links (unarchive of host folders with venvs). */
  linksOutside?: "refuse" | "skip";
  /** Leaves the first entry out when it has this path (the export manifest). */
  skipFirstEntry?: string;
  /** `bytes`: archive bytes read so far; `files`: non-folder entries written; `entries`: entries handled. */
  onProgress?: (progress: TarProgress) => void;
  /** Stops the extraction between two entries (the client went away); the caller removes the target. */
  signal?: AbortSignal;
}

/** What an extraction did (the confined unpacker's account of it). */
export type ExtractResult = ConfinedUnpackResult;

export const DEFAULT_MAX_ENTRIES = 1_000_000;

/** Strips node-tar's `./` so entries read as workspace-relative paths. */
export function entryName(p: string): string {
  return p.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
}

/** Raw tar bytes of a .tar.gz (or of a plain .tar), counting the archive bytes read. */
async function* tarBytesOf(input: Readable, seen: (bytes: number) => void): AsyncGenerator<Buffer> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  async function* counted(first: Buffer): AsyncGenerator<Buffer> {
    seen(first.length);
    yield first;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      seen(next.value.length);
      yield next.value;
    }
  }
  try {
    const first = await chunks.next();
    if (first.done) return;
    if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
      yield* counted(first.value);
      return;
    }
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    // Errors of either side surface through the iteration of `gunzip` below.
    pipeline(counted(first.value), gunzip).catch(() => undefined);
    try {
      yield* gunzip as AsyncIterable<Buffer>;
    } finally {
      gunzip.destroy();
    }
  } finally {
    input.destroy();
  }
}

/**
 * Extracts the .tar.gz at `source` (a file path or a stream) into the workspace tree at `target`
 * (a sandbox-owned root that must exist and should be empty: on a refusal the caller removes it
 * whole), entry by entry through its confined helper (confined-tar.ts). Each header is judged
 * before any of its body is written: absolute paths, `..`, devices/FIFOs and links leading out
 * refuse the whole archive (links out are skipped with `linksOutside: "skip"`), as do more entries
 * or declared bytes than allowed; owners, setuid/setgid/sticky bits are never taken over.
 */
export async function extractVerified(source: string | Readable, target: string, options: ExtractOptions): Promise<ExtractResult> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  let archiveBytes = 0;
  const input = typeof source === "string" ? createReadStream(source, { highWaterMark: 1024 * 1024 }) : source;
  const onAbort = () => input.destroy();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let entries = 0;
  const unsupported: { path: string; type: string }[] = [];
  let unsupportedCount = 0;
  try {
    if (options.signal?.aborted) throw extractCancelled();
    const result = await unpackConfined(
      tarBytesOf(input, (n) => (archiveBytes += n)),
      confinedFs(target),
      {
        judge: (entry, name, index) => {
          if (index === 0 && options.skipFirstEntry !== undefined && name === options.skipFirstEntry) return "ignore";
          if (++entries > maxEntries) {
            const hint = options.maxEntriesHint ? ` ${options.maxEntriesHint}` : "";
            return { ok: false, skip: false, error: refuse("archive_too_many_entries", `The archive holds more than ${maxEntries} entries.${hint}`, entry.path) };
          }
          const bad = entryProblem(entry);
          if (!bad) return { ok: true };
          if (bad.reason === "archive_special_file") {
            // Scanned to the end so the refusal names every entry Atrium cannot create, not just the first.
            if (unsupported.length < MAX_NAMED_UNSUPPORTED) unsupported.push({ path: entry.path, type: entry.type });
            unsupportedCount++;
            return { ok: false, skip: true, error: bad };
          }
          return { ok: false, skip: bad.reason === "archive_link_outside" && options.linksOutside === "skip", error: bad };
        },
        limitBytes: options.limitBytes,
        limitError: (limit, soFar, entry) =>
          new AppError("QUOTA_EXCEEDED", {
            message: `The archive unpacks to more than ${formatBytes(limit)}, ${options.limitName ?? "the workspace's quota"}, so nothing was restored or created (it may be a decompression bomb). Raise the quota first if the archive is genuine.`,
            reason: "archive_too_large",
            details: { limitBytes: Number(limit), declaredBytesSoFar: Number(soFar), entry },
          }),
        ...(options.signal ? { signal: options.signal } : {}),
        onEntry: (counts) => options.onProgress?.({ bytes: archiveBytes, files: counts.files, entries: counts.entries }),
      },
    );
    options.onProgress?.({ bytes: archiveBytes, files: result.files, entries: result.entries });
    if (unsupportedCount > 0) throw unsupportedEntries(unsupported, unsupportedCount);
    return result;
  } catch (error) {
    if (options.signal?.aborted) throw extractCancelled(error);
    throw unreadable(error);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    input.destroy();
  }
}

const MAX_NAMED_UNSUPPORTED = 100;

/** What an entry type is, in words, for the refusal. */
function kindOf(type: string): string {
  if (type === "SparseFile") return "GNU sparse file";
  if (type === "CharacterDevice" || type === "BlockDevice") return "device node";
  if (type === "FIFO") return "FIFO";
  return `${type} entry`;
}

/**
 * Entries Atrium cannot create (sparse files, devices, FIFOs…) refuse the whole archive, naming
 * each: importing the rest would hand back a workspace missing files nobody was told about.
 */
function unsupportedEntries(entries: { path: string; type: string }[], count: number): AppError {
  const listed = entries.slice(0, 10).map((e) => `${entryName(e.path) || e.path} (${kindOf(e.type)})`).join(", ");
  const more = count > 10 ? ` and ${count - 10} more` : "";
  return new AppError("INVALID_INPUT", {
    message: `The archive holds ${count} ${count === 1 ? "entry" : "entries"} Atrium cannot create: ${listed}${more}. Only files, directories and links are restored; re-create the archive without them (for sparse files: tar without --sparse). Nothing was restored or created.`,
    reason: "archive_special_file",
    details: { entry: entries[0]?.path, entries, count },
  });
}

function extractCancelled(cause?: unknown): AppError {
  return new AppError("CONFLICT", { message: "The operation was cancelled (the client went away), so nothing was restored or created.", reason: "cancelled", cause });
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
