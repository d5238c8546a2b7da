// The HTTP handlers behind /api/workspaces/[workspaceId]/files/{upload,download}. They live here,
// not in the route files, because Next allows only GET/POST/… exports there and tests need to
// build an upload handler with small limits.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "~/server/errors";
// Through the file service, so uploads and downloads are timed like every other file operation.
import { downloadPath, uploadFiles } from "./file-service";
import { jsonResponse, withWorkspaceAccess } from "./http";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "./limits";

export interface RouteContext {
  params: Promise<{ workspaceId: string }>;
}

export function createUploadHandler(limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) {
  return async function POST(req: Request, route: RouteContext): Promise<Response> {
    const { workspaceId } = await route.params;
    const dir = new URL(req.url).searchParams.get("dir") ?? "";
    return withWorkspaceAccess(req, workspaceId, { minRole: "editor", scope: "write", action: "files.upload", target: dir.slice(0, 500) || "/" }, async (ctx, access) => {
      if (!req.body) {
        throw new AppError("INVALID_INPUT", { message: "The upload has no body. Send the files as multipart/form-data in the field `files`.", reason: "not_multipart" });
      }
      const length = req.headers.get("content-length");
      const result = await uploadFiles(ctx, access, {
        dir,
        contentType: req.headers.get("content-type"),
        contentLength: length && /^\d+$/.test(length) ? Number(length) : null,
        body: Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>),
        limits,
      });
      return jsonResponse(result, 201);
    });
  };
}

/** RFC 6266 filename for any name: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function createDownloadHandler() {
  return async function GET(req: Request, route: RouteContext): Promise<Response> {
    const { workspaceId } = await route.params;
    const requested = new URL(req.url).searchParams.get("path") ?? "";
    return withWorkspaceAccess(req, workspaceId, { minRole: "viewer", scope: "read", action: "files.download", target: requested.slice(0, 500) || undefined }, async (ctx, access) => {
      const download = await downloadPath(ctx, access, { path: requested });
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
    });
  };
}
