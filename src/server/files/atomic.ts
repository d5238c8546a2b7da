// Atomic file replacement: content goes to a temp file in the target's own directory (same file
// system, so rename is atomic), is fsynced, then renamed over the target. Readers see the old
// file or the new one, never half of either; a failure at any step removes the temp file.
import { createHash, randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { inheritOwner } from "./ownership";
import { FILE_LIMITS } from "./limits";
import { metadataVersion } from "./version";

/** Temp files carry this marker so a crash leftover is recognisable (and skipped by listings). */
export const TEMP_MARKER = ".atrium-tmp-";

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_MARKER);
}

function tempPathFor(absolute: string): string {
  const base = path.basename(absolute).slice(0, 80);
  return path.join(path.dirname(absolute), `${TEMP_MARKER}${randomBytes(6).toString("hex")}-${base}`);
}

export interface StageOptions {
  /** Permission bits of the new file (the replaced file's, to keep scripts executable). */
  mode?: number;
  /** Streams only: stop with `tooLarge(bytesSoFar)` once the content passes this many bytes. */
  maxBytes?: number;
  tooLarge?: (bytes: number) => Error;
}

export interface StagedFile {
  tempPath: string;
  targetPath: string;
  size: number;
  version: string;
  /** Renames the temp file over the target. */
  commit(): Promise<void>;
  /** Removes the temp file; safe to call twice or after a commit failed. */
  discard(): Promise<void>;
}

/**
 * Writes `source` to a temp file beside `targetPath`, fsynced, and returns it un-renamed. Uploads
 * stage every file first and commit them together, so a failed request leaves nothing behind.
 */
export async function stageFile(targetPath: string, source: Uint8Array | AsyncIterable<Uint8Array>, options: StageOptions = {}): Promise<StagedFile> {
  const tempPath = tempPathFor(targetPath);
  const mode = options.mode ?? 0o644;
  // O_EXCL|O_NOFOLLOW: never reuse or follow something a sandbox planted under our temp name.
  const handle = await open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  const discard = () => unlink(tempPath).catch(() => undefined);
  await inheritOwner(handle, path.dirname(tempPath)).catch(async (error: unknown) => {
    await handle.close();
    await discard();
    throw error;
  });
  let size = 0;
  let version: string;
  try {
    const hash = createHash("sha256");
    if (source instanceof Uint8Array) {
      await handle.writeFile(source);
      hash.update(source);
      size = source.byteLength;
    } else {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw options.tooLarge?.(size) ?? new Error(`content passed ${options.maxBytes} bytes`);
        }
        hash.update(chunk);
        await writeAll(handle, chunk);
      }
    }
    await handle.chmod(mode);
    await handle.sync();
    version = size <= FILE_LIMITS.versionHashMaxBytes ? `h-${hash.digest("base64url").slice(0, 22)}` : metadataVersion(await handle.stat({ bigint: true }));
  } catch (error) {
    await handle.close().catch(() => undefined);
    await discard();
    throw error;
  }
  await handle.close();
  return {
    tempPath,
    targetPath,
    size,
    version,
    async commit() {
      await rename(tempPath, targetPath);
      await syncDirectory(path.dirname(targetPath));
    },
    discard,
  };
}

/** stageFile + commit: the whole atomic write of one file. */
export async function writeAtomic(targetPath: string, source: Uint8Array | AsyncIterable<Uint8Array>, options: StageOptions = {}): Promise<StagedFile> {
  const staged = await stageFile(targetPath, source, options);
  try {
    await staged.commit();
  } catch (error) {
    await staged.discard();
    throw error;
  }
  return staged;
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename durable across a crash. Best effort: some file systems refuse to fsync directories. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not fatal: the data itself was fsynced before the rename.
  }
}

// Per-path mutexes. An `ifMatch` check and the rename that follows must not interleave with
// another Atrium write to the same file, or two editors could both "win". The map lives on
// globalThis because Next's route bundle and server.ts share one process but not one module graph.
const LOCKS = Symbol.for("atrium.file-path-locks");
type LockHolder = { [LOCKS]?: Map<string, Promise<void>> };

function lockMap(): Map<string, Promise<void>> {
  const holder = globalThis as LockHolder;
  holder[LOCKS] ??= new Map();
  return holder[LOCKS];
}

/** Runs `fn` while holding the locks of every path in `keys` (taken in sorted order: no deadlocks). */
export async function withPathLocks<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const unique = [...new Set(keys)].sort();
  const releases: (() => void)[] = [];
  const map = lockMap();
  try {
    for (const key of unique) {
      const previous = map.get(key) ?? Promise.resolve();
      let release!: () => void;
      const current = new Promise<void>((resolve) => (release = resolve));
      const chained = previous.then(() => current);
      map.set(key, chained);
      releases.push(() => {
        release();
        if (map.get(key) === chained) map.delete(key);
      });
      await previous;
    }
    return await fn();
  } finally {
    for (const release of releases.reverse()) release();
  }
}
