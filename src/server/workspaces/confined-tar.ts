// Hand-written on purpose: tar/tar-stream open and create entries by host path, which a sandbox can race with symlink swaps.
// Packing and unpacking workspace trees THROUGH the confined helper (storage/confined-fs.ts), never
// by host path: the packer walks with `ConfinedFs.walk` and reads every file from a handle the
// helper opened (so a folder swapped for a symlink mid-pack leads nowhere), the unpacker parses the
// tar stream itself and creates every entry with helper calls (so an entry can never be written
// through a symlink, and everything is owned by the sandbox uid with at most 0777 permission bits,
// whatever the header says). Gzip, hashing and files Atrium owns stay in tarball.ts.
import { isProtectedPath } from "~/server/files/protected-paths";
import * as tar from "tar";
import { AppError } from "~/server/errors";
import { tarHeader, tarPadding } from "~/server/files/tar-writer";
import { formatBytes } from "~/lib/format";
import type { ConfinedFs } from "~/server/storage/confined-fs";

const BLOCK = 512;
/** Output is gathered into chunks of about this size before it is yielded (fewer, larger gzip writes). */
const YIELD_BYTES = 256 * 1024;
const READ_BYTES = 1024 * 1024;
/** Pax and GNU long-name bodies larger than this are not metadata but an attack on memory. */
const MAX_META_BYTES = 1024 * 1024;
/** How many refused names a result lists (the count is always exact). */
const MAX_LISTED = 200;

function isFsCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && "code" in error && typeof error.code === "string" && codes.includes(error.code);
}

// ---------- packing ----------

export interface ConfinedPackOptions {
  /** Leaves an entry (and, for a folder, everything below it) out. "" is never asked. */
  exclude?: (relative: string) => boolean;
  /** Most entries walked (past it the packing fails rather than produce a partial archive). */
  maxEntries: number;
  onProgress?: (progress: { bytes: number; files: number }) => void;
}

export interface ConfinedPackStats {
  /** Sockets, FIFOs and devices: not archivable. */
  skipped: string[];
  /** Regular files with more than one hard link: never packed (one could be a link to `.git/config`). */
  hardLinked: string[];
  /** Non-folder entries packed. */
  fileCount: number;
  contentBytes: number;
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf("/");
  return i < 0 ? "" : rel.slice(0, i);
}

/** `rel` or one of its folders is excluded. */
function excludedWithAncestors(rel: string, exclude: (relative: string) => boolean): boolean {
  const parts = rel.split("/");
  for (let i = 1; i <= parts.length; i++) if (exclude(parts.slice(0, i).join("/"))) return true;
  return false;
}

function packingTooLarge(max: number, cause: unknown): AppError {
  return new AppError("CONFLICT", {
    message: `The workspace holds more than ${max} entries, too many to pack into one archive. Remove generated folders (node_modules, build output) and try again.`,
    reason: "too_many_entries",
    cause,
  });
}

/**
 * The tar bytes (no gzip, no end-of-archive blocks) of the tree behind `fs`, parents first, named
 * `./<path>` as `tar -C root .` would (so a tree file at the manifest's path stays distinct from it). The
 * walk's listing says WHAT to pack; each file is then opened by the helper (never through a
 * symlink) and, when an exclusion applies, located again, so a file renamed or swapped in since
 * the walk (a protected file under an allowed name) is left out instead of packed.
 */
export async function* packConfined(fs: ConfinedFs, options: ConfinedPackOptions, stats: ConfinedPackStats): AsyncGenerator<Buffer> {
  let entries;
  try {
    entries = await fs.walk("", { max: options.maxEntries, skipTemp: true });
  } catch (error) {
    if (isFsCode(error, "E2BIG")) throw packingTooLarge(options.maxEntries, error);
    throw error;
  }
  const excludedDirs = new Set<string>();
  let out: Buffer[] = [];
  let outBytes = 0;
  const push = (chunks: Buffer[]) => {
    for (const c of chunks) {
      out.push(c);
      outBytes += c.length;
    }
  };
  const flush = () => {
    const chunk = out.length === 1 ? out[0]! : Buffer.concat(out);
    out = [];
    outBytes = 0;
    return chunk;
  };
  for (const { inner, stat } of entries) {
    const parent = parentOf(inner);
    if (parent !== "" && excludedDirs.has(parent)) {
      if (stat.type === "directory") excludedDirs.add(inner);
      continue;
    }
    if (options.exclude?.(inner)) {
      if (stat.type === "directory") excludedDirs.add(inner);
      continue;
    }
    const mtime = new Date(stat.mtimeMs);
    if (stat.type === "directory") {
      push(tarHeader({ path: `./${inner}/`, type: "Directory", size: 0, mode: stat.mode & 0o777, mtime }));
    } else if (stat.type === "symlink") {
      const target = await fs.readlink(inner).catch(() => null);
      if (target === null) continue; // gone since the walk
      push(tarHeader({ path: `./${inner}`, type: "SymbolicLink", size: 0, mode: 0o777, mtime, linkpath: target }));
      stats.fileCount++;
    } else if (stat.type === "file") {
      if (stat.nlink > 1) {
        stats.hardLinked.push(inner);
        continue;
      }
      const body = await readForPacking(fs, inner, options.exclude, stats);
      if (!body) continue;
      try {
        const size = body.stat.size;
        push(tarHeader({ path: `./${inner}`, type: "File", size, mode: body.stat.mode & 0o777, mtime: new Date(body.stat.mtimeMs) }));
        let left = size;
        while (left > 0) {
          const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, left));
          const { bytesRead } = await body.handle.read(buffer, 0, buffer.length, size - left);
          if (bytesRead === 0) {
            // An archive that silently holds a short file would become data loss once the live tree goes.
            throw new AppError("CONFLICT", {
              message: `${inner} shrank while it was being packed, so the archive would be incomplete. Try again once nothing is writing to it.`,
              reason: "file_changed_while_packing",
            });
          }
          push([bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead)]);
          left -= bytesRead;
          if (outBytes >= YIELD_BYTES) yield flush();
        }
        push([tarPadding(size)]);
        stats.fileCount++;
        stats.contentBytes += size;
      } finally {
        await body.handle.close();
      }
    } else {
      stats.skipped.push(inner);
      continue;
    }
    options.onProgress?.({ bytes: stats.contentBytes, files: stats.fileCount });
    if (outBytes >= YIELD_BYTES) yield flush();
  }
  if (outBytes > 0) yield flush();
}

async function readForPacking(fs: ConfinedFs, inner: string, exclude: ((relative: string) => boolean) | undefined, stats: ConfinedPackStats) {
  let opened;
  try {
    opened = await fs.open(inner, { read: true });
  } catch (error) {
    // Removed or swapped for a symlink/folder since the walk: it is simply not there any more.
    if (isFsCode(error, "ENOENT", "ENOTDIR", "ELOOP", "EINVAL", "EISDIR")) return null;
    throw error;
  }
  const keep = async (): Promise<boolean> => {
    if (opened.stat.type !== "file") return false;
    if (opened.stat.nlink > 1) {
      stats.hardLinked.push(inner);
      return false;
    }
    if (!exclude) return true;
    const where = await fs.locate(opened.handle);
    return where !== null && (where === inner || !excludedWithAncestors(where, exclude));
  };
  if (await keep()) return opened;
  await opened.handle.close();
  return null;
}

// ---------- reading a tar stream ----------

/** Exact-size reads over an async iterable of chunks. */
class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<void> {
    while (this.length < n && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.length += next.value.length;
      }
    }
  }

  /** Up to `n` bytes (fewer only at the end of the stream). */
  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    const take = Math.min(n, this.length);
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = all.subarray(take);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return all.subarray(0, take);
  }

  /** The next piece of at most `n` bytes as it arrived (empty only at the end of the stream). */
  async piece(n: number): Promise<Buffer> {
    if (this.length === 0) await this.fill(1);
    const first = this.chunks[0];
    if (!first) return Buffer.alloc(0);
    if (first.length <= n) {
      this.chunks.shift();
      this.length -= first.length;
      return first;
    }
    this.chunks[0] = first.subarray(n);
    this.length -= n;
    return first.subarray(0, n);
  }

  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      const p = await this.piece(Math.min(left, READ_BYTES));
      if (p.length === 0) throw truncated();
      left -= p.length;
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function truncated(): AppError {
  return new AppError("INVALID_INPUT", {
    message: "The archive ends in the middle of an entry (it is truncated or damaged). Nothing was restored or created.",
    reason: "archive_unreadable",
  });
}

function damaged(what: string): AppError {
  return new AppError("INVALID_INPUT", {
    message: `The file is not a readable tar archive (${what}). Nothing was restored or created.`,
    reason: "archive_unreadable",
  });
}

export interface TarEntry {
  path: string;
  type: string;
  linkpath: string;
  size: number;
  mode: number;
}

/** An entry's body: read it through `next` (or leave it; the reader skips what is left). */
export interface TarBody {
  next(): Promise<Buffer | null>;
}

async function readMeta(reader: ByteReader, size: number): Promise<Buffer> {
  if (size > MAX_META_BYTES) throw damaged(`an extended header of ${formatBytes(size)}`);
  const body = await reader.read(size);
  if (body.length < size) throw truncated();
  await reader.skip(tarPadding(size).length);
  return body;
}

/**
 * Parses `source` (raw tar bytes) and calls `onEntry` for every file-system entry, one at a time:
 * the next header is read only once `onEntry` has finished. Pax and GNU long names are applied;
 * the stream ends at the first zero block (or cleanly at its end).
 */
export async function readTar(source: AsyncIterable<Buffer>, onEntry: (entry: TarEntry, body: TarBody) => Promise<void>): Promise<void> {
  const reader = new ByteReader(source);
  try {
    let ex: tar.HeaderData = {};
    let gex: tar.HeaderData = {};
    let sparse = false;
    for (;;) {
      const block = await reader.read(BLOCK);
      if (block.length === 0) return;
      if (block.length < BLOCK) throw truncated();
      if (block.every((b) => b === 0)) return;
      const header = new tar.Header(block, 0, ex, gex);
      if (!header.cksumValid) throw damaged("a header checksum does not match");
      const type = header.type;
      const size = header.size ?? 0;
      if (type === "ExtendedHeader" || type === "OldExtendedHeader") {
        const text = (await readMeta(reader, size)).toString("utf8");
        // GNU tar's pax sparse formats (0.0, 0.1, 1.0) store a map plus data under an ordinary
        // file entry: written as-is it would be a file of the wrong bytes under a made-up name.
        if (/(?:^|\n)\d+ GNU\.sparse\./.test(text)) sparse = true;
        ex = { ...ex, ...tar.Pax.parse(text, ex, false) };
        continue;
      }
      if (type === "GlobalExtendedHeader") {
        gex = { ...gex, ...tar.Pax.parse((await readMeta(reader, size)).toString("utf8"), gex, true) };
        continue;
      }
      if (type === "NextFileHasLongPath" || type === "NextFileHasLongLinkpath") {
        const text = (await readMeta(reader, size)).toString("utf8").replace(/\0.*$/s, "");
        ex = type === "NextFileHasLongPath" ? { ...ex, path: text } : { ...ex, linkpath: text };
        continue;
      }
      ex = {};
      const entryPath = header.path ?? "";
      const isSparse = sparse || type === "SparseFile" || /(?:^|\/)GNUSparseFile\.\d+\//.test(entryPath);
      sparse = false;
      const entry: TarEntry = { path: entryPath, type: isSparse ? "SparseFile" : (type ?? "Unsupported"), linkpath: header.linkpath ?? "", size, mode: header.mode ?? 0o644 };
      let left = size;
      const body: TarBody = {
        next: async () => {
          if (left === 0) return null;
          const p = await reader.piece(Math.min(left, READ_BYTES));
          if (p.length === 0) throw truncated();
          left -= p.length;
          return p;
        },
      };
      await onEntry(entry, body);
      await reader.skip(left + tarPadding(size).length);
    }
  } finally {
    await reader.close();
  }
}

// ---------- unpacking into a confined tree ----------

export type EntryVerdict = { ok: true } | { ok: false; error: AppError; skip: boolean };

export interface ConfinedUnpackOptions {
  /** Judges a header before anything of it is written: refuse the archive, skip the entry, or go on. */
  judge: (entry: TarEntry, name: string, index: number) => EntryVerdict | "ignore";
  /** Most bytes the regular files may hold in total (checked from each header, before its body). */
  limitBytes: bigint | null;
  limitError: (limit: bigint, soFar: bigint, entry: string) => AppError;
  signal?: AbortSignal;
  onEntry?: (counts: { entries: number; files: number; contentBytes: bigint }) => void;
}

export interface DroppedEntry {
  path: string;
  why: "parent_not_a_folder" | "name_taken" | "hard_link_target_missing" | "hard_link_to_protected" | "special_file" | "unusable_name";
}

export interface ConfinedUnpackResult {
  /** Entries the judge chose to skip (links leading out, for unarchive). */
  skipped: string[];
  /** Entries that could not be created inside the tree (a parent that is a symlink, ...); at most 200 listed. */
  dropped: DroppedEntry[];
  droppedCount: number;
  entries: number;
  files: number;
  contentBytes: bigint;
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/** Workspace-relative form of an archive name ("./a//b/" → "a/b"); null when nothing usable is left. */
export function relativeName(entryPath: string): string | null {
  const parts = entryPath.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === ".." || p.includes("\0"))) return null;
  return parts.join("/");
}

function cancelled(): AppError {
  return new AppError("CONFLICT", { message: "The operation was cancelled (the client went away), so nothing was restored or created.", reason: "cancelled" });
}

/**
 * Creates the entries of the tar stream `source` inside the tree behind `fs` (fresh and empty:
 * on a refusal the caller removes it whole). Folders get their permission bits (owner rwx while
 * unpacking, the archive's bits at the end), files are created exclusively and filled through the
 * helper's handle, symlinks are created as text and never followed, hard links become copies of
 * a file this archive created earlier. uid/gid, setuid/setgid/sticky bits are never taken over.
 */
export async function unpackConfined(source: AsyncIterable<Buffer>, fs: ConfinedFs, options: ConfinedUnpackOptions): Promise<ConfinedUnpackResult> {
  const result: ConfinedUnpackResult = { skipped: [], dropped: [], droppedCount: 0, entries: 0, files: 0, contentBytes: 0n };
  const folders = new Set<string>([""]);
  const files = new Set<string>();
  const finalModes: { rel: string; mode: number }[] = [];
  let index = 0;

  const drop = (rel: string, why: DroppedEntry["why"]) => {
    result.droppedCount++;
    if (result.dropped.length < MAX_LISTED) result.dropped.push({ path: rel, why });
  };
  const count = (bytes: bigint, rel: string) => {
    result.contentBytes += bytes;
    if (options.limitBytes !== null && result.contentBytes > options.limitBytes) throw options.limitError(options.limitBytes, result.contentBytes, rel);
  };
  /** Creates the folders above `rel`; false when one of them is not a folder (a symlink, a file). */
  const ensureParent = async (rel: string): Promise<boolean> => {
    const parent = parentOf(rel);
    if (folders.has(parent)) return true;
    try {
      await fs.mkdir(parent, { parents: true, mode: 0o755 });
    } catch (error) {
      if (isFsCode(error, "ELOOP", "ENOTDIR", "EEXIST", "ENAMETOOLONG", "EINVAL")) return false;
      throw error;
    }
    for (let p = parent; p !== "" && !folders.has(p); p = parentOf(p)) folders.add(p);
    return true;
  };
  /** Makes room for an entry whose name is taken by an earlier non-folder entry (tar: the later one wins). */
  const clear = async (rel: string): Promise<boolean> => {
    const existing = await fs.statOrNull(rel);
    if (!existing) return true;
    if (existing.type === "directory") return false;
    await fs.unlink(rel);
    files.delete(rel);
    return true;
  };
  const create = async (rel: string, mode: number) => {
    try {
      return await fs.open(rel, { write: true, create: true, exclusive: true, mode: mode & 0o777 });
    } catch (error) {
      if (isFsCode(error, "EEXIST") && (await clear(rel))) return fs.open(rel, { write: true, create: true, exclusive: true, mode: mode & 0o777 });
      throw error;
    }
  };

  const skippedNames = new Set<string>();
  const underSkipped = (name: string) => {
    for (let slash = name.indexOf("/"); slash >= 0; slash = name.indexOf("/", slash + 1)) if (skippedNames.has(name.slice(0, slash))) return true;
    return false;
  };
  await readTar(source, async (entry, body) => {
    if (options.signal?.aborted) throw cancelled();
    const i = index++;
    const name = relativeName(entry.path);
    const verdict = options.judge(entry, name ?? entry.path, i);
    if (verdict === "ignore") return;
    result.entries++;
    if (!verdict.ok) {
      if (!verdict.skip) throw verdict.error;
      result.skipped.push(name ?? entry.path);
      if (name) skippedNames.add(name);
      return;
    }
    if (name === null) return drop(entry.path, "unusable_name");
    // Meant to go through a link that was left out: not recreated under a real folder of that name.
    if (underSkipped(name)) return drop(name, "parent_not_a_folder");
    if (name === "") return; // the archive's own "./": the root exists already
    try {
      if (entry.type === "Directory") {
        if (!(await ensureParent(name))) return drop(name, "parent_not_a_folder");
        try {
          // Owner rwx while unpacking (the helper is not root: a 0555 folder would refuse its own children).
          await fs.mkdir(name, { mode: (entry.mode & 0o777) | 0o700 });
        } catch (error) {
          if (!isFsCode(error, "EEXIST")) throw error;
          if ((await fs.statOrNull(name))?.type !== "directory") return drop(name, "name_taken");
        }
        folders.add(name);
        finalModes.push({ rel: name, mode: entry.mode & 0o777 });
      } else if (FILE_TYPES.has(entry.type)) {
        count(BigInt(entry.size), name);
        if (!(await ensureParent(name))) return drop(name, "parent_not_a_folder");
        const opened = await create(name, entry.mode);
        try {
          for (let chunk = await body.next(); chunk; chunk = await body.next()) {
            let at = 0;
            while (at < chunk.length) at += (await opened.handle.write(chunk, at, chunk.length - at)).bytesWritten;
          }
        } finally {
          await opened.handle.close();
        }
        files.add(name);
        result.files++;
      } else if (entry.type === "SymbolicLink") {
        if (!(await ensureParent(name))) return drop(name, "parent_not_a_folder");
        try {
          await fs.symlink(entry.linkpath, name);
        } catch (error) {
          if (!isFsCode(error, "EEXIST") || !(await clear(name))) throw error;
          await fs.symlink(entry.linkpath, name);
        }
        files.add(name);
        result.files++;
      } else if (entry.type === "Link") {
        // A copy of the earlier entry, never a link: a hard link is how a sandbox file would alias
        // another (a protected one), and one tree must not gain two names for one inode from us.
        const from = relativeName(entry.linkpath);
        if (from === null || !files.has(from)) return drop(name, "hard_link_target_missing");
        // Nor a copy of a protected file under a name the API would serve.
        if (isProtectedPath(from) && !isProtectedPath(name)) return drop(name, "hard_link_to_protected");
        const source = await fs.open(from, { read: true });
        try {
          if (source.stat.type !== "file") return drop(name, "hard_link_target_missing");
          count(BigInt(source.stat.size), name);
          if (!(await ensureParent(name))) return drop(name, "parent_not_a_folder");
          const target = await create(name, source.stat.mode);
          try {
            const buffer = Buffer.allocUnsafe(READ_BYTES);
            for (let at = 0; ; ) {
              const { bytesRead } = await source.handle.read(buffer, 0, buffer.length, at);
              if (bytesRead === 0) break;
              let w = 0;
              while (w < bytesRead) w += (await target.handle.write(buffer, w, bytesRead - w)).bytesWritten;
              at += bytesRead;
            }
          } finally {
            await target.handle.close();
          }
        } finally {
          await source.handle.close();
        }
        files.add(name);
        result.files++;
      } else {
        // The judge refuses devices, FIFOs and the like; anything it let through is still never created.
        return drop(name, "special_file");
      }
    } catch (error) {
      // A parent swapped for a symlink by an earlier entry, a name the file system refuses: that
      // entry is dropped; anything else (disk full, the helper gone) ends the unpacking.
      if (isFsCode(error, "ELOOP", "ENOTDIR")) return drop(name, "parent_not_a_folder");
      if (isFsCode(error, "EEXIST", "EISDIR")) return drop(name, "name_taken");
      if (isFsCode(error, "ENAMETOOLONG", "EINVAL")) return drop(name, "unusable_name");
      throw error;
    } finally {
      options.onEntry?.({ entries: result.entries, files: result.files, contentBytes: result.contentBytes });
    }
  });
  // Deepest first, so a read-only folder is closed only once nothing more goes into it.
  for (const { rel, mode } of finalModes.reverse()) {
    if ((mode | 0o700) !== mode) await fs.chmod(rel, mode).catch(() => undefined);
  }
  return result;
}
