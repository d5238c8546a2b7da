// Exporting a workspace (GET /api/workspaces/{id}/export and /api/v1/…, routed by
// src/server/http/transfer-routes.ts): the whole workspace as one .tar.gz, streamed as it is packed, with a manifest as the FIRST entry (format, name, description, metadata, dates and
// the snapshot list) so an import can recreate the workspace. Exporting is reading everything, so
// viewers may, with the `read` scope; protected files and paths blocked by path rules stay out.
import { PassThrough, Readable } from "node:stream";
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { classifyRelative, loadGuardTarget } from "~/server/files/path-guard";
import { workspaceRoom } from "~/server/realtime/workspace-bus";
import { ProgressReporter, ZOperationId } from "~/server/snapshots/progress";
import { archiveStamp } from "./archive-files";
import { diskOperationInProgress } from "./locks";
import { asMetadata, ZMetadata } from "./metadata";
import { ZDescription, ZWorkspaceName } from "./names";
import { packTree } from "./tarball";
import { logger } from "~/server/observability/logger";

/** Where the manifest sits: the archive's first entry (a later entry with this path is an ordinary file). */
export const MANIFEST_PATH = ".atrium/manifest.json";
export const MANIFEST_FORMAT = "atrium-workspace-export";
export const MANIFEST_MAX_BYTES = 256 * 1024;

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, "A sha256 is 64 lowercase hex digits.");

export const ZExportManifest = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  name: ZWorkspaceName,
  description: ZDescription.default(""),
  metadata: ZMetadata.default({}),
  createdAt: z.iso.datetime(),
  exportedAt: z.iso.datetime(),
  /** Informational: the snapshots the workspace had (their archives are not part of an export). */
  snapshots: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64),
        label: z.string().max(200),
        kind: z.enum(["MANUAL", "AUTO", "PRE_RESTORE", "ARCHIVE"]),
        createdAt: z.iso.datetime(),
        sizeBytes: z.number().int().nonnegative(),
        sha256: ZSha256,
      }),
    )
    .max(10_000)
    .default([]),
});
export type ExportManifest = z.output<typeof ZExportManifest>;

export function exportFileName(slug: string, at: Date): string {
  return `${slug}-export-${archiveStamp(at)}.tar.gz`;
}

export interface WorkspaceExport {
  /** The archive, packed while it is read; it breaks (no gzip trailer) if packing fails. */
  body: ReadableStream<Uint8Array>;
  fileName: string;
  operationId: string;
}

/** Starts packing what `access.role` may read of the workspace; refusals are thrown before the first byte. */
export async function exportWorkspace(ctx: RequestContext, access: WorkspaceAccess, options: { operationId?: string } = {}): Promise<WorkspaceExport> {
  const ws = await db().workspace.findUnique({
    where: { id: access.workspace.id },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      metadata: true,
      createdAt: true,
      rootPath: true,
      status: true,
      usageBytes: true,
      snapshots: { select: { id: true, label: true, kind: true, createdAt: true, sizeBytes: true, sha256: true }, orderBy: { createdAt: "desc" } },
    },
  });
  if (!ws) throw new AppError("NOT_FOUND", { message: "No such workspace. It may have been deleted; reload the workspace list.", reason: "workspace_not_found" });
  if (ws.status !== "ACTIVE") {
    throw new AppError("CONFLICT", { message: "This workspace is archived, so there are no live files to export. Unarchive it first.", reason: "workspace_archived" });
  }
  const busy = diskOperationInProgress(ws.id);
  if (busy) {
    throw new AppError("CONFLICT", { message: `This workspace is busy (${busy} in progress). Export it once that has finished.`, reason: "workspace_busy", retryAfterSeconds: 5 });
  }
  const operationId = options.operationId;
  const target = await loadGuardTarget(ws.id);
  const now = new Date();
  const manifest: ExportManifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    name: ws.name,
    description: ws.description,
    metadata: asMetadata(ws.metadata),
    createdAt: ws.createdAt.toISOString(),
    exportedAt: now.toISOString(),
    snapshots: ws.snapshots.map((s) => ({ id: s.id, label: s.label, kind: s.kind, createdAt: s.createdAt.toISOString(), sizeBytes: Number(s.sizeBytes), sha256: s.sha256 })),
  };
  const progress = new ProgressReporter([workspaceRoom(ws.id)], ws.id, "export", { operationId });
  const out = new PassThrough();
  const role = access.role;
  packTree(ws.rootPath, out, {
    // Exactly what this caller may read: protected files and blocked paths stay out.
    exclude: (rel) => rel !== "" && classifyRelative(rel, target.rules, "read", role) !== null,
    firstEntry: { path: MANIFEST_PATH, body: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    onProgress: progress.tracker("packing", { totalBytes: Number(ws.usageBytes), totalFiles: null }),
  }).then(
    async (packed) => {
      progress.done(null);
      await audit.record(ctx, { type: "workspace_exported", workspaceId: ws.id, bytes: packed.bytes.toString(), sha256: packed.sha256, fileCount: packed.fileCount });
    },
    (error: unknown) => {
      // The client sees the download break (no gzip trailer), never a silently short archive.
      progress.failed();
      if (!out.destroyed) out.destroy(error instanceof Error ? error : new Error(String(error)));
      logger("workspaces").error({ err: error }, `export of ${ws.id} failed`);
    },
  );
  return { body: Readable.toWeb(out) as ReadableStream<Uint8Array>, fileName: exportFileName(ws.slug, now), operationId: progress.operationId };
}

/** `?operationId=` on the streaming routes, validated like the tRPC inputs. */
export function parseOperationId(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  const parsed = ZOperationId.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { message: "operationId must be 8 to 64 letters, digits, `-` or `_` (a UUID works).", reason: "invalid_operation_id" });
  }
  return parsed.data;
}
