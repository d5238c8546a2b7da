// The streaming HTTP routes, each declared once with its role, scope and action: file upload and
// download, workspace export and import, snapshot download. The Next route files under
// src/app/api/workspaces and the REST door (/api/v1) both call these; withWorkspaceRoute does
// identity, permissions, audit and errors, and the handlers turn plain results into responses.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { toRestWorkspace } from "~/server/agent/rest/schemas";
import { AppError } from "~/server/errors";
// Through the file service, so uploads and downloads are timed like every other file operation.
import { downloadPath, uploadFiles } from "~/server/files/file-service";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "~/server/files/limits";
import { openSnapshotDownload } from "~/server/snapshots/download";
import { exportWorkspace, parseOperationId } from "~/server/workspaces/export-workspace";
import { importWorkspace } from "~/server/workspaces/import-workspace";
import { contentDisposition, jsonResponse } from "./responses";
import { type RouteHandler, withAccountRoute, withWorkspaceRoute } from "./workspace-route";

/** A byte count from Content-Length, or null when absent or not a plain number. */
function contentLength(req: Request): number | null {
  const length = req.headers.get("content-length");
  return length && /^\d+$/.test(length) ? Number(length) : null;
}

function nodeBody(req: Request): Readable | null {
  return req.body ? Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>) : null;
}

/** POST multipart/form-data (field `files`, many; `?dir=` target folder) → 201 `{ uploaded: [{ path, size, version }] }`. */
export function createUploadHandler(limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): RouteHandler<{ workspaceId: string }> {
  return withWorkspaceRoute(
    { minRole: "editor", scope: "write", action: "files.upload", target: (url) => url.searchParams.get("dir") || "/", sameSite: true, refuseCarefulKeys: true },
    async ({ req, url, ctx, membership }) => {
      const body = nodeBody(req);
      if (!body) {
        throw new AppError("INVALID_INPUT", { message: "The upload has no body. Send the files as multipart/form-data in the field `files`.", reason: "not_multipart" });
      }
      const result = await uploadFiles(ctx, membership, {
        dir: url.searchParams.get("dir") ?? "",
        contentType: req.headers.get("content-type"),
        contentLength: contentLength(req),
        body,
        limits,
      });
      return jsonResponse(result, 201);
    },
  );
}

/** GET `?path=` → the file as an attachment, or a folder as a streamed .tar.gz. */
export const downloadRoute = withWorkspaceRoute<{ workspaceId: string }>(
  { minRole: "viewer", scope: "read", action: "files.download", target: (url) => url.searchParams.get("path") || undefined },
  async ({ url, ctx, membership }) => {
    const download = await downloadPath(ctx, membership, { path: url.searchParams.get("path") ?? "" });
    // Always an attachment, never rendered: an HTML or SVG file from a workspace must not run
    // scripts on Atrium's origin (where it could call the API as the person who opened it).
    const headers: Record<string, string> = {
      "content-type": download.mime,
      "content-disposition": contentDisposition(download.fileName),
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": "private, no-store",
    };
    if (download.kind === "file") {
      headers["content-length"] = String(download.size);
      headers["last-modified"] = download.modifiedAt.toUTCString();
    }
    return new Response(download.body, { status: 200, headers });
  },
);

/** GET → the whole workspace as .tar.gz with a manifest first (viewer+, `read`; protected and blocked paths left out). */
export const exportRoute = withWorkspaceRoute<{ workspaceId: string }>(
  { minRole: "viewer", scope: "read", action: "workspaces.export" },
  async ({ url, ctx, membership }) => {
    const exported = await exportWorkspace(ctx, membership, { operationId: parseOperationId(url.searchParams.get("operationId")) });
    return new Response(exported.body, {
      status: 200,
      headers: {
        "content-type": "application/gzip",
        "content-disposition": contentDisposition(exported.fileName),
        "x-atrium-operation-id": exported.operationId,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  },
);

/** GET → the snapshot's .tar.gz (owners only: it holds the files path rules block; checksum verified first). */
export const snapshotDownloadRoute = withWorkspaceRoute<{ workspaceId: string; snapshotId: string }>(
  { minRole: "owner", scope: "read", action: "snapshots.download" },
  async ({ params, workspace }) => {
    const snapshot = await openSnapshotDownload(workspace, params.snapshotId);
    return new Response(snapshot.body, {
      status: 200,
      headers: {
        "content-type": "application/gzip",
        "content-length": snapshot.sizeBytes.toString(),
        "content-disposition": `attachment; filename="${snapshot.fileName}"`,
        "x-content-sha256": snapshot.sha256,
        "cache-control": "no-store",
      },
    });
  },
);

/** POST (body: the .tar.gz; `?name=`, `?description=`, `?operationId=`) → 201 `{ workspace, operationId, manifest, files, archiveBytes, sha256 }`. */
export const importRoute = withAccountRoute<Record<string, never>>(
  // Any signed-in person (keys need `write`, as for creating a workspace; pinned keys cannot create one).
  { scope: "write", action: "workspaces.import", sameSite: true, refusePinnedKeys: "create workspaces (import)" },
  async ({ req, url, ctx }) => {
    const body = nodeBody(req);
    if (!body) throw new AppError("INVALID_INPUT", { message: "The request has no body. Send the .tar.gz as the body.", reason: "not_an_archive" });
    const result = await importWorkspace(ctx, {
      body,
      contentLength: contentLength(req),
      contentType: req.headers.get("content-type"),
      name: url.searchParams.get("name") ?? undefined,
      description: url.searchParams.get("description") ?? undefined,
      operationId: parseOperationId(url.searchParams.get("operationId")),
      signal: req.signal,
    });
    return jsonResponse({ ...result, workspace: toRestWorkspace(result.workspace) }, 201);
  },
);
