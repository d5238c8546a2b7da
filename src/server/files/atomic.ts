// Atomic file replacement inside a workspace, through its confined helper: content goes to a temp
// file in the target's own folder (same file system, so rename is atomic), created by the helper
// (exclusive, as the workspace's uid), written through the handle, fsynced, then renamed over the
// target by the helper. Readers see the old file or the new one, never half of either; a failure
// at any step removes the temp file.
import { createHash, randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import type { ConfinedFs } from "~/server/storage/confined-fs";
import { FILE_LIMITS } from "./limits";
import { metadataVersion } from "./version";

/** Temp files carry this marker so a crash leftover is recognisable (and skipped by listings). */
export const TEMP_MARKER = ".atrium-tmp-";

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_MARKER);
}

/** `a/b` + `c` → `a/b/c`; `""` + `c` → `c`. */
export function childRel(parent: string, name: string): string {
  return parent === "" ? name : `${parent}/${name}`;
}

/** A fresh temp name beside `name` in the same folder. */
export function tempNameFor(name: string): string {
  return `${TEMP_MARKER}${randomBytes(6).toString("hex")}-${name.slice(0, 80)}`;
}

export interface StageOptions {
  /** Permission bits of the new file (the replaced file's, to keep scripts executable); & 0o777. */
  mode?: number;
  /** Streams only: stop with `tooLarge(bytesSoFar)` once the content passes this many bytes. */
  maxBytes?: number;
  tooLarge?: (bytes: number) => Error;
}

/** Where a file lands: the workspace's confined tree, its folder (real relative) and its name. */
export interface StageTarget {
  fs: ConfinedFs;
  parent: string;
  name: string;
}

export interface StagedFile {
  tempRel: string;
  targetRel: string;
  size: number;
  version: string;
  /** Renames the temp file over the target. */
  commit(): Promise<void>;
  /** Removes the temp file; safe to call twice or after a commit failed. */
  discard(): Promise<void>;
}

/**
 * Writes `source` to a temp file beside the target, fsynced, and returns it un-renamed. Uploads
 * stage every file first and commit them together, so a failed request leaves nothing behind.
 */
export async function stageFile(target: StageTarget, source: Uint8Array | AsyncIterable<Uint8Array>, options: StageOptions = {}): Promise<StagedFile> {
  const { fs, parent, name } = target;
  const tempRel = childRel(parent, tempNameFor(name));
  const targetRel = childRel(parent, name);
  const mode = (options.mode ?? 0o644) & 0o777;
  // Exclusive: never reuse something a sandbox planted under our temp name.
  const { handle } = await fs.open(tempRel, { write: true, create: true, exclusive: true, mode });
  const discard = () => fs.unlink(tempRel).catch(() => undefined);
  let size = 0;
  let version: string;
  try {
    const hash = createHash("sha256");
    if (source instanceof Uint8Array) {
      await writeAll(handle, source);
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
    await handle.sync();
    version = size <= FILE_LIMITS.versionHashMaxBytes ? `h-${hash.digest("base64url").slice(0, 22)}` : metadataVersion(await handle.stat({ bigint: true }));
  } catch (error) {
    await handle.close().catch(() => undefined);
    await discard();
    throw error;
  }
  await handle.close();
  return {
    tempRel,
    targetRel,
    size,
    version,
    async commit() {
      await fs.rename(tempRel, targetRel);
      await fs.syncDirectory(parent).catch(() => undefined);
    },
    discard,
  };
}

/** stageFile + commit: the whole atomic write of one file. */
export async function writeAtomic(target: StageTarget, source: Uint8Array | AsyncIterable<Uint8Array>, options: StageOptions = {}): Promise<StagedFile> {
  const staged = await stageFile(target, source, options);
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
