// Streaming .tar.gz in and out of a workspace tree. Packing streams straight from the tree into a
// temporary file beside the destination (no staging copy), hashing the bytes as they are written,
// then renames; extraction writes only inside the target and drops anything that would escape it.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type Stats } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar";
import { isWithin } from "./paths";

export interface PackedArchive {
  bytes: bigint;
  sha256: string;
  /** Sockets, FIFOs and devices: not archivable, and meaningless once the sandbox that made them is gone. */
  skipped: string[];
  /** Entries packed that are not directories (regular files and symlinks). */
  fileCount: number;
}

export interface PackOptions {
  /** Leaves an entry (and, for a directory, everything below it) out. `relative` has no leading `./`; "" is the root. */
  exclude?: (relative: string) => boolean;
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

/**
 * Packs everything under `root` into `destination`. `strict` turns every tar warning (an unreadable
 * file, a file that changed size mid-read) into a failure: an archive that silently missed a file
 * would become data loss once the live tree is removed. On failure the partial file is removed.
 */
export async function packDirectory(root: string, destination: string, options: PackOptions = {}): Promise<PackedArchive> {
  const partial = `${destination}.partial-${randomBytes(4).toString("hex")}`;
  const skipped: string[] = [];
  let fileCount = 0;
  const tap = new DigestTap();
  try {
    const pack = tar.create(
      {
        gzip: true,
        cwd: root,
        strict: true,
        follow: false,
        filter: (entryPath: string, stat: Stats | tar.ReadEntry) => {
          if (!("isFile" in stat)) return true; // packing always passes Stats; the union is tar's shared type
          if (options.exclude?.(entryPath.replace(/^\.(\/|$)/, ""))) return false;
          const keep = stat.isFile() || stat.isDirectory() || stat.isSymbolicLink();
          if (!keep) skipped.push(entryPath);
          else if (!stat.isDirectory()) fileCount++;
          return keep;
        },
      },
      ["."],
    );
    await pipeline(pack, tap, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    await fsyncPath(partial, "r+");
    await rename(partial, destination);
    await fsyncPath(path.dirname(destination));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { bytes: tap.bytes, sha256: tap.hash.digest("hex"), skipped, fileCount };
}

export async function digestFile(file: string): Promise<{ bytes: bigint; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0n;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += BigInt(buffer.length);
  }
  return { bytes, sha256: hash.digest("hex") };
}

type EntryLike = { type: string; linkpath?: string };

const REGULAR_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory"]);

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

/**
 * Extracts into `target` (which must exist). Absolute paths and `..` are refused by node-tar
 * (`preservePaths: false`), links leading out of the target and device entries are skipped here,
 * and `strict` makes any failed write an error instead of a silently missing file.
 * Returns the entries that were skipped.
 */
export async function extractArchive(file: string, target: string): Promise<string[]> {
  const skipped: string[] = [];
  await tar.extract({
    file,
    cwd: target,
    preservePaths: false,
    strict: true,
    // The archive's checksum was verified first, so it is one Atrium wrote: a tree of zero-filled
    // files legitimately compresses far beyond node-tar's default 1000:1 bomb guard.
    maxDecompressionRatio: Number.POSITIVE_INFINITY,
    // preserveOwner keeps node-tar's default (on when running as root), so files made by the
    // sandbox user keep that owner and stay writable from inside the sandbox after a restore.
    filter: (entryPath, entry) => {
      const ok = "type" in entry && entryStaysInside(target, entryPath, entry);
      if (!ok) skipped.push(entryPath);
      return ok;
    },
  });
  return skipped;
}
