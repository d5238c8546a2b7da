// Importing a workspace (POST /api/workspaces/import and /api/v1/…, routed by
// src/server/http/transfer-routes.ts): a .tar.gz (an Atrium export, or any plain tar.gz)
// becomes a new workspace the caller owns. The body is the archive itself, streamed to a temporary
// file (bounded by the new workspace's quota), then: the manifest (first entry, if present) is
// validated with zod, the archive goes through the verified extractor into a hidden staging
// directory (hostile entries, bombs and over-quota archives refused from the headers), and one
// transaction creates the workspace around it. On any failure nothing is left: no row, no
// directory, no temporary file.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { env } from "~/env";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import { AppError, isAppError } from "~/server/errors";
import { formatBytes } from "~/lib/format";
import { userRoom } from "~/server/realtime/workspace-bus";
import { ProgressReporter } from "~/server/snapshots/progress";
import { adoptTree, assertNewNameFree, makeStagingDir, newWorkspaceQuota, removeStagingDir } from "./adopt-tree";
import type { DroppedEntry } from "./confined-tar";
import { MANIFEST_MAX_BYTES, MANIFEST_PATH, ZExportManifest, type ExportManifest } from "./export-workspace";
import { ZDescription, ZWorkspaceName } from "./names";
import { extractVerified, readFirstEntry } from "./tarball";
import type { WorkspaceView } from "./view";

export const ZImportParams = z.object({
  /** Required for an archive without a manifest; otherwise overrides the manifest's name. */
  name: ZWorkspaceName.optional(),
  description: ZDescription.optional(),
});

/** Framing allowed on top of the quota: tar headers and gzip overhead of an archive that fits. */
const ARCHIVE_OVERHEAD_BYTES = 64n * 1024n * 1024n;

export interface ImportInput {
  body: Readable;
  contentLength: number | null;
  contentType: string | null;
  name?: string;
  description?: string;
  operationId?: string;
  /** Aborts when the client goes away: receiving or extracting stops and nothing is left behind. */
  signal?: AbortSignal;
}

export interface ImportResult {
  workspace: WorkspaceView;
  operationId: string;
  /** Whether the archive carried an Atrium manifest (name, description, metadata came from it). */
  manifest: boolean;
  files: number;
  archiveBytes: number;
  sha256: string;
  /** Entries that could not be created where they stood (a hard link to a file not in the archive, a name taken…), per entry; at most 200 listed. */
  dropped: DroppedEntry[];
  droppedCount: number;
}

function importsDir(): string {
  return path.join(env().dataDir, "imports");
}

/** What one import may unpack: the new workspace's quota (or less, ATRIUM_IMPORT_MAX_BYTES) and ATRIUM_IMPORT_MAX_ENTRIES entries. */
function importLimits(): { quota: bigint; maxEntries: number } {
  const e = env();
  const quota = newWorkspaceQuota();
  const maxBytes = BigInt(e.ATRIUM_IMPORT_MAX_BYTES);
  return { quota: maxBytes > 0n && maxBytes < quota ? maxBytes : quota, maxEntries: e.ATRIUM_IMPORT_MAX_ENTRIES };
}

function tooLarge(limit: bigint): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `The archive is larger than ${formatBytes(limit)}, more than a new workspace's quota can hold. Export a smaller tree, or ask an administrator to raise the default quota.`,
    reason: "import_too_large",
    details: { limitBytes: Number(limit) },
  });
}

export async function importWorkspace(ctx: RequestContext & { actor: Actor }, raw: ImportInput): Promise<ImportResult> {
  const body = raw.body;
  const params = ZImportParams.safeParse({ name: raw.name, description: raw.description });
  const { quota, maxEntries } = importLimits();
  const limit = quota + ARCHIVE_OVERHEAD_BYTES;
  try {
    if (!params.success) {
      throw new AppError("INVALID_INPUT", { message: `Invalid import parameters: ${params.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, reason: "invalid_input" });
    }
    if (raw.contentType && /^(multipart\/form-data|application\/json|text\/)/i.test(raw.contentType)) {
      throw new AppError("INVALID_INPUT", { message: "Send the .tar.gz itself as the request body (Content-Type: application/gzip), not a form or JSON.", reason: "not_an_archive" });
    }
    if (raw.contentLength !== null && BigInt(raw.contentLength) > limit) throw tooLarge(limit);
    if (params.data.name) await assertNewNameFree(ctx.actor.user.id, params.data.name);
  } catch (error) {
    body.destroy();
    throw error;
  }
  const progress = new ProgressReporter([userRoom(ctx.actor.user.id)], "", "import", { operationId: raw.operationId });
  await mkdir(importsDir(), { recursive: true, mode: 0o700 });
  const file = path.join(importsDir(), `${randomBytes(8).toString("hex")}.tar.gz`);
  let staging: string | null = null;
  try {
    return await progress.run(async () => {
      // 1. Receive, counting and hashing; stop as soon as it passes what could fit.
      const receiving = progress.tracker("receiving", { totalBytes: raw.contentLength, totalFiles: null });
      const hash = createHash("sha256");
      let received = 0n;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          received += BigInt(chunk.length);
          if (received > limit) return done(tooLarge(limit));
          hash.update(chunk);
          receiving({ bytes: Number(received), files: 0 });
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(file, { flags: "wx", mode: 0o600 }), ...(raw.signal ? [{ signal: raw.signal }] : []));
      } catch (error) {
        if (isAppError(error)) throw error;
        if (raw.signal?.aborted) throw importCancelled(error);
        throw new AppError("INVALID_INPUT", { message: "The upload ended before the whole archive arrived (the connection dropped). Nothing was created; try again.", reason: "upload_incomplete", cause: error });
      }
      const sha256 = hash.digest("hex");

      // 2. The manifest, when the first entry is one.
      progress.update("verifying", { bytes: 0, files: 0, totalBytes: Number(received), totalFiles: null });
      const manifest = await readManifest(file);
      const name = params.data.name ?? manifest?.name;
      if (!name) {
        throw new AppError("INVALID_INPUT", {
          message: "This archive has no Atrium manifest, so it does not say what the workspace is called. Give a name (?name=…) and import it again.",
          reason: "name_required",
        });
      }
      if (!params.data.name) await assertNewNameFree(ctx.actor.user.id, name);

      // 3. Extract through the verified extractor, within the new workspace's quota.
      staging = await makeStagingDir("import");
      // Capped by entries and bytes while it streams, and stopped between two entries when the
      // client goes away: a small archive of countless entries can no longer run for minutes.
      const extracting = progress.tracker("extracting", { totalBytes: Number(received), totalFiles: null });
      const extracted = await extractVerified(file, staging, {
        limitBytes: quota,
        limitName: "the most a new workspace may hold",
        maxEntries,
        maxEntriesHint: "Import a smaller tree, or ask an administrator to raise ATRIUM_IMPORT_MAX_ENTRIES.",
        skipFirstEntry: MANIFEST_PATH,
        // `files` in the progress event counts entries handled (folders included), `bytes` archive bytes read.
        onProgress: (p) => extracting({ bytes: p.bytes, files: p.entries ?? p.files }),
        ...(raw.signal ? { signal: raw.signal } : {}),
      });
      if (raw.signal?.aborted) throw importCancelled();

      // 4. One transaction: row + rename.
      progress.update("swapping", { bytes: 0, files: extracted.files, totalBytes: null, totalFiles: extracted.files });
      const workspace = await adoptTree(ctx, { name, description: params.data.description ?? manifest?.description ?? "", metadata: manifest?.metadata ?? {} }, staging);
      staging = null;
      await audit.record(ctx, {
        type: "workspace_imported",
        workspaceId: workspace.id,
        slug: workspace.slug,
        archiveBytes: received.toString(),
        sha256,
        fileCount: extracted.files,
        manifest: manifest !== null,
      });
      progress.setWorkspace(workspace.id);
      progress.done(null);
      return {
        workspace,
        operationId: progress.operationId,
        manifest: manifest !== null,
        files: extracted.files,
        archiveBytes: Number(received),
        sha256,
        dropped: extracted.dropped,
        droppedCount: extracted.droppedCount,
      };
    });
  } finally {
    body.destroy();
    if (staging) await removeStagingDir(staging);
    await rm(file, { force: true }).catch(() => undefined);
  }
}

function importCancelled(cause?: unknown): AppError {
  return new AppError("CONFLICT", { message: "The import was cancelled (the client went away). Nothing was created; send the archive again.", reason: "cancelled", cause });
}

async function readManifest(file: string): Promise<ExportManifest | null> {
  const bytes = await readFirstEntry(file, MANIFEST_PATH, MANIFEST_MAX_BYTES);
  if (bytes === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new AppError("INVALID_INPUT", { message: `The archive's ${MANIFEST_PATH} is not valid JSON. Nothing was created.`, reason: "manifest_invalid" });
  }
  const parsed = ZExportManifest.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new AppError("INVALID_INPUT", {
      message: `The archive's ${MANIFEST_PATH} is not a valid Atrium manifest (${problems.join("; ")}). Nothing was created.`,
      reason: "manifest_invalid",
      details: { issues: problems },
    });
  }
  return parsed.data;
}
