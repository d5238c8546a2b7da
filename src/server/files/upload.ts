// Uploads: multipart/form-data streamed with busboy, many files per request, folder uploads
// through relative names (`webkitRelativePath`, e.g. `src/a.txt`). Every file is staged as a temp
// file beside its target while the request streams in; only when the whole request arrived,
// within the size limits and the quota, are they all renamed into place. A failed or aborted
// upload removes its temp files and the folders it created: nothing is left behind.
import type { Readable } from "node:stream";
import busboy from "busboy";
import type { RequestContext } from "~/server/auth/types";
import { AppError, isAppError } from "~/server/errors";
import { adjustUsage, quotaExceeded, quotaState, recomputeUsage, remainingBytes, reserveUsage } from "~/server/workspaces/quota";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { stageFile, type StagedFile, withPathLocks } from "./atomic";
import { display, mapFsErrors } from "./fs-errors";
import { formatBytes } from "~/lib/format";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "./limits";
import { confinedPath, type GuardedPath, joinRelative } from "./path-guard";
import { assertNotRoot, type FileScope, guard, openScope } from "./scope";
import { inParent } from "./write";

export interface UploadInput {
  /** Folder to upload into, relative to the workspace root; "" for the root. */
  dir: string;
  contentType: string | null;
  /** The request's Content-Length, when the client sent one: lets an oversized upload fail before any byte is read. */
  contentLength: number | null;
  body: Readable;
  limits?: UploadLimits;
}

export interface UploadedFile {
  path: string;
  size: number;
  version: string;
}

export interface UploadResult {
  uploaded: UploadedFile[];
}

/** Multipart framing per request and per file, allowed on top of the content limit. */
const FRAMING_BYTES = 64 * 1024;

interface Staged {
  guarded: GuardedPath;
  file: StagedFile;
  size: number;
  version: string;
  /** Size of the file this one replaces (0 if new): frees quota when committed. */
  replaces: number;
}

interface Part {
  field: string;
  stream: Readable;
  filename: string;
}

/** busboy's events as an async iterator of file parts, so files are handled one at a time in order. */
function fileParts(parser: busboy.Busboy, limits: UploadLimits): AsyncGenerator<Part> {
  const queue: Part[] = [];
  // An object, not `let`s: the callbacks below change these and TypeScript must not narrow them away.
  const state: { finished: boolean; failure: Error | null } = { finished: false, failure: null };
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on("file", (field, stream, info) => {
    queue.push({ field, stream, filename: info.filename ?? "" });
    poke();
  });
  parser.on("close", () => {
    state.finished = true;
    poke();
  });
  parser.on("error", (error: unknown) => {
    state.failure = error instanceof Error ? error : new Error(String(error));
    poke();
  });
  parser.on("filesLimit", () => {
    state.failure ??= tooManyFiles(limits);
    poke();
  });
  return (async function* () {
    for (;;) {
      if (state.failure) throw state.failure;
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (state.finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
}

function tooManyFiles(limits: UploadLimits): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `One upload may carry at most ${limits.maxFiles} files. Upload them in smaller batches.`,
    reason: "too_many_files",
    details: { limit: limits.maxFiles },
  });
}

function requestTooLarge(limits: UploadLimits): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `This upload is larger than ${formatBytes(limits.maxTotalBytes)}, the limit per request. Upload fewer files at once.`,
    reason: "upload_too_large",
    details: { limit: limits.maxTotalBytes },
  });
}

function fileTooLarge(relative: string, limits: UploadLimits): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `${display(relative)} is larger than ${formatBytes(limits.maxFileBytes)}, the limit per uploaded file. Split it, or bring it in from a terminal.`,
    reason: "file_too_large",
    details: { path: relative, limit: limits.maxFileBytes },
  });
}

/** Folders (real relative) between the target and its nearest existing ancestor, deepest first: what staging will create. */
async function missingFolders(scope: FileScope, guarded: GuardedPath): Promise<string[]> {
  const missing: string[] = [];
  let dir = confinedPath(guarded).parent;
  while (dir !== "") {
    if (await scope.fs.statOrNull(dir).catch(() => "unknown")) break;
    missing.push(dir);
    const slash = dir.lastIndexOf("/");
    dir = slash < 0 ? "" : dir.slice(0, slash);
  }
  return missing;
}

async function removeStaged(items: readonly Staged[]): Promise<void> {
  for (const item of items) await item.file.discard();
}

async function removeFolders(scope: FileScope, folders: readonly string[]): Promise<void> {
  // Deepest first; rmdir refuses a folder that is not empty, so nothing else is ever removed.
  const ordered = [...new Set(folders)].sort((a, b) => b.length - a.length);
  for (const folder of ordered) await scope.fs.rmdir(folder).catch(() => undefined);
}

export async function uploadFiles(ctx: RequestContext, access: WorkspaceAccess, input: UploadInput): Promise<UploadResult> {
  const limits = input.limits ?? DEFAULT_UPLOAD_LIMITS;
  const body = input.body;
  const abandon = () => {
    body.unpipe();
    body.destroy();
  };
  let scope: FileScope;
  try {
    scope = await openScope(ctx, access, "files.upload", "write");
    if (!input.contentType || !/^multipart\/form-data\s*;/i.test(input.contentType)) {
      throw new AppError("INVALID_INPUT", { message: "Send the files as multipart/form-data in the field `files`.", reason: "not_multipart" });
    }
    if (input.contentLength !== null && input.contentLength > limits.maxTotalBytes + FRAMING_BYTES) throw requestTooLarge(limits);
  } catch (error) {
    abandon();
    throw error;
  }

  const parser = busboy({
    headers: { "content-type": input.contentType },
    preservePath: true, // keep `src/a.txt` from folder uploads; the guard judges it
    defParamCharset: "utf8", // browsers send file names as raw UTF-8
    limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes + 1, fields: 50, fieldSize: 64 * 1024 },
  });
  const parts = fileParts(parser, limits);
  let bodyFailed = false;
  body.on("error", (error) => {
    bodyFailed = true;
    parser.destroy(error);
  });
  body.pipe(parser);

  const staged: Staged[] = [];
  const createdFolders: string[] = [];
  const targets = new Set<string>();
  let total = 0;
  let replaced = 0;
  try {
    const remaining = await remainingBytes(scope.target.id);
    for await (const part of parts) {
      if (part.field !== "files") {
        part.stream.resume();
        throw new AppError("INVALID_INPUT", { message: `Send files in the form field "files" (got "${part.field}").`, reason: "unknown_field" });
      }
      if (!part.filename) {
        part.stream.resume(); // an empty file input: nothing chosen
        continue;
      }
      const asked = joinRelative(input.dir === "." || input.dir === "/" ? "" : input.dir.replace(/\/+$/, ""), part.filename);
      let guarded: GuardedPath;
      try {
        guarded = await guard(scope, asked, "write");
        assertNotRoot(guarded, "upload over");
      } catch (error) {
        part.stream.resume();
        throw error;
      }
      if (targets.has(guarded.absolute)) {
        part.stream.resume();
        throw new AppError("INVALID_INPUT", { message: `${display(guarded.relative)} appears twice in this upload. Send each file once.`, reason: "duplicate_file" });
      }
      targets.add(guarded.absolute);
      createdFolders.push(...(await missingFolders(scope, guarded)));

      const relative = guarded.relative;
      const item = await mapFsErrors(relative, () =>
        inParent(guarded, true, async (at) => {
          const old = await at.fs.statOrNull(at.rel);
          if (old?.type === "directory") {
            throw new AppError("CONFLICT", { message: `${display(relative)} is a folder; a file cannot replace it.`, reason: "is_a_directory" });
          }
          const replaces = old?.type === "file" ? old.size : 0;
          replaced += replaces;
          const allowance = Number(remaining) + replaced;
          const counted = (async function* (source: Readable) {
            for await (const chunk of source as AsyncIterable<Buffer>) {
              total += chunk.length;
              if (total > limits.maxTotalBytes) throw requestTooLarge(limits);
              if (total > allowance) throw quotaExceeded(BigInt(total - replaced), await quotaState(scope.target.id));
              yield chunk;
            }
          })(part.stream);
          const file = await stageFile(at, counted, { maxBytes: limits.maxFileBytes, tooLarge: () => fileTooLarge(relative, limits) });
          return { guarded, file, size: file.size, version: file.version, replaces };
        }),
      ).catch((error: unknown) => {
        part.stream.resume();
        throw error;
      });
      staged.push(item);
    }

    // Everything arrived: claim the quota for real (another write may have used space meanwhile), then commit.
    const growth = total - replaced;
    await reserveUsage(scope.target.id, Math.max(0, growth));
    try {
      await withPathLocks([...targets], async () => {
        // A folder swapped for a link since staging makes the helper refuse (ELOOP): a typed error.
        for (const item of staged) await mapFsErrors(item.guarded.relative, () => item.file.commit());
      });
    } catch (error) {
      // Some files may already be in place: drop the rest, then measure instead of guessing the usage.
      await removeStaged(staged);
      await recomputeUsage(scope.target.id).catch(() => undefined);
      throw error;
    }
    if (growth < 0) await adjustUsage(scope.target.id, growth);
    return { uploaded: staged.map((s) => ({ path: s.guarded.relative, size: s.size, version: s.version })) };
  } catch (error) {
    abandon();
    parser.destroy();
    await removeStaged(staged);
    await removeFolders(scope, createdFolders);
    if (!isAppError(error) && (bodyFailed || (error instanceof Error && /Unexpected end of|Malformed/.test(error.message)))) {
      throw new AppError("INVALID_INPUT", {
        message: "The upload ended before all files arrived (the connection dropped or the form was malformed). Nothing was saved; try again.",
        reason: "upload_incomplete",
      });
    }
    throw error;
  }
}
