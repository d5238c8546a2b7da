// Searching file contents across a workspace. An async generator, so tRPC can collect it and a
// socket can stream it match by match. Never follows links, never opens protected or blocked
// paths, skips binary and oversized files, and stops at the result, byte, file and time limits.
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { takeGrepSlot } from "~/server/limits/user-caps";
import { findHits, globMatcher, type GrepMatch, type LineTester, literalTester, re2Spec, splitLines, toMatches } from "./grep-match";
import { looksBinary } from "./language";
import { FILE_LIMITS } from "./limits";
import { confinedPath } from "./path-guard";
import { readableFiles } from "./readable-files";
import { RegexTimeout, RegexWorker } from "./regex-worker";
import { type FileScope, guard, openScope, openWalked, type WalkedPath } from "./scope";

export interface GrepInput {
  query: string;
  /** Treat `query` as a JavaScript regular expression. Default false (literal text). */
  regex?: boolean;
  caseSensitive?: boolean;
  wholeWord?: boolean;
  /** Folder (or single file) to search, relative to the workspace root; default the root. */
  path?: string;
  /** Globs a file must match (any of); without a slash they match the file name, e.g. `*.ts`. */
  include?: string[];
  /** Globs for files and folders to skip, e.g. `node_modules`, `dist/**`. */
  exclude?: string[];
  maxResults?: number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  timeoutMs?: number;
}

export type GrepStopReason = "max_results" | "max_total_bytes" | "max_files" | "timeout";

export interface GrepSummary {
  total: number;
  truncated: boolean;
  truncatedReason: GrepStopReason | null;
  filesScanned: number;
  bytesScanned: number;
  skippedBinaryFiles: number;
  skippedLargeFiles: number;
}

export type GrepEvent = { type: "match"; match: GrepMatch } | { type: "done"; summary: GrepSummary };

export interface GrepResult extends GrepSummary {
  matches: GrepMatch[];
}

/**
 * Files read ahead of the one being searched. Each file costs several small syscalls (open with
 * O_NOFOLLOW, where-is-it check, fstat, read, close) that wait on libuv's thread pool; keeping a
 * few in flight overlaps them. Results still come out in walk order. Bounded in bytes too, so a
 * search with a large per-file limit does not hold many large files at once.
 */
const READ_AHEAD_FILES = 16;
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

const clamp = (value: number | undefined, fallback: number, max: number) => Math.min(Math.max(1, value ?? fallback), max);

interface Plan {
  maxResults: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  deadline: number;
  include: ((p: string) => boolean) | null;
  exclude: ((p: string) => boolean) | null;
  /** In-process tester for literal queries; regex queries go to `worker`. */
  tester: LineTester | null;
  worker: RegexWorker | null;
}

function plan(input: GrepInput): Plan {
  const query = { query: input.query, regex: input.regex ?? false, caseSensitive: input.caseSensitive ?? false, wholeWord: input.wholeWord ?? false };
  const spec = query.regex ? re2Spec(query) : null; // validates regex queries, with a clear INVALID_INPUT
  const include = globMatcher(input.include ?? []);
  const exclude = globMatcher(input.exclude ?? []);
  return {
    maxResults: clamp(input.maxResults, FILE_LIMITS.grepDefaultMaxResults, FILE_LIMITS.grepMaxResults),
    maxFileBytes: clamp(input.maxFileBytes, FILE_LIMITS.grepDefaultMaxFileBytes, FILE_LIMITS.grepMaxFileBytes),
    maxTotalBytes: clamp(input.maxTotalBytes, FILE_LIMITS.grepDefaultMaxTotalBytes, FILE_LIMITS.grepMaxTotalBytes),
    deadline: Date.now() + clamp(input.timeoutMs, FILE_LIMITS.grepDefaultTimeoutMs, FILE_LIMITS.grepMaxTimeoutMs),
    include,
    exclude,
    tester: spec ? null : literalTester(query), // validates literal queries
    worker: spec ? new RegexWorker(spec) : null,
  };
}

/** Files to search under `root`, in name order, skipping what the caller may not read. */
async function* candidates(scope: FileScope, root: WalkedPath, p: Plan): AsyncGenerator<WalkedPath> {
  for await (const file of readableFiles(scope, root, { exclude: p.exclude, include: p.include })) {
    // Its size and type are checked again on the opened handle (readSmallFile).
    if (file) yield file;
  }
}

export async function* grepStream(ctx: RequestContext, access: WorkspaceAccess, input: GrepInput): AsyncGenerator<GrepEvent, void, undefined> {
  const scope = await openScope(ctx, access, "files.grep", "list");
  const guarded = await guard(scope, input.path ?? "", "list");
  const root: WalkedPath = { relative: guarded.relative, real: confinedPath(guarded).rel };
  const p = plan(input);
  const summary: GrepSummary = { total: 0, truncated: false, truncatedReason: null, filesScanned: 0, bytesScanned: 0, skippedBinaryFiles: 0, skippedLargeFiles: 0 };
  const stop = (reason: GrepStopReason) => {
    summary.truncated = true;
    summary.truncatedReason = reason;
  };
  const source = candidates(scope, root, p);
  const ahead: { file: WalkedPath; read: Promise<SmallFile> }[] = [];
  const readAhead = Math.max(1, Math.min(READ_AHEAD_FILES, Math.floor(READ_AHEAD_BYTES / p.maxFileBytes)));
  let walked = false;
  const refill = async () => {
    while (!walked && ahead.length < readAhead) {
      const next = await source.next();
      if (next.done) walked = true;
      else {
        const read = readSmallFile(scope, next.value, p.maxFileBytes);
        // Reads past a stop are dropped unawaited; a failure is seen when (if) it is awaited.
        read.catch(() => undefined);
        ahead.push({ file: next.value, read });
      }
    }
  };
  try {
    for (;;) {
      await refill();
      const item = ahead.shift();
      if (!item) break;
      const { file } = item;
      if (Date.now() > p.deadline) {
        stop("timeout");
        break;
      }
      const read = await item.read;
      if (read.kind === "gone") continue;
      if (read.kind === "too_large") {
        summary.skippedLargeFiles++;
        continue;
      }
      const bytes = read.bytes;
      if (summary.bytesScanned + bytes.length > p.maxTotalBytes) {
        stop("max_total_bytes");
        break;
      }
      if (summary.filesScanned >= FILE_LIMITS.grepMaxFiles) {
        stop("max_files");
        break;
      }
      summary.filesScanned++;
      summary.bytesScanned += bytes.length;
      if (looksBinary(bytes.subarray(0, 8192), { partial: bytes.length > 8192 })) {
        summary.skippedBinaryFiles++;
        continue;
      }
      const lines = splitLines(bytes.toString("utf8"));
      const remaining = p.maxResults - summary.total;
      let hits;
      try {
        // One more than we can return tells us whether the results were cut short.
        hits = p.worker ? await p.worker.match(lines, remaining + 1, p.deadline) : findHits(lines, p.tester!, remaining + 1);
      } catch (error) {
        if (error instanceof RegexTimeout) {
          stop("timeout");
          break;
        }
        throw error;
      }
      for (const match of toMatches(file.relative, lines, hits.slice(0, remaining))) {
        summary.total++;
        yield { type: "match", match };
      }
      if (hits.length > remaining) {
        stop("max_results");
        break;
      }
    }
  } finally {
    await source.return(undefined);
    await p.worker?.close();
  }
  yield { type: "done", summary };
}

type SmallFile = { kind: "read"; bytes: Buffer } | { kind: "too_large" } | { kind: "gone" };

/** Reads a file found by the walk through a verified handle: gone if it vanished or is no longer a plain file. */
async function readSmallFile(scope: FileScope, file: WalkedPath, maxBytes: number): Promise<SmallFile> {
  let handle;
  try {
    handle = await openWalked(scope, file);
  } catch {
    return { kind: "gone" };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: "gone" };
    if (stat.size > maxBytes) return { kind: "too_large" };
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { kind: "read", bytes: buffer.subarray(0, offset) };
  } finally {
    await handle.close();
  }
}

/** grepStream collected into one result, for tRPC and REST. */
export async function grep(ctx: RequestContext, access: WorkspaceAccess, input: GrepInput): Promise<GrepResult> {
  // A per-user cap on searches at once (fair limits between users); released however the search ends.
  const release = await takeGrepSlot(ctx, access.workspace.id);
  try {
    const matches: GrepMatch[] = [];
    for await (const event of grepStream(ctx, access, input)) {
      if (event.type === "match") matches.push(event.match);
      else return { matches, ...event.summary };
    }
    throw new Error("grepStream ended without a summary");
  } finally {
    release();
  }
}
