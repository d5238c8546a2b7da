// Everything under /api/v1: health and the OpenAPI document (public), file upload/download and
// snapshot download (delegated to the streaming routes), and the REST procedures through
// trpc-to-openapi. Every protected call needs `Authorization: Bearer atr_…` (no cookies: browsers use tRPC) and is charged to the
// key's rate limit before anything else runs.
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { type Context, createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { AppError } from "~/server/errors";
import { createDownloadHandler, createUploadHandler } from "~/server/files/transfer-routes";
import { healthReport } from "~/server/health/health";
import { limitBody } from "~/server/http/body-limit";
import { downloadSnapshot } from "~/server/snapshots/download";
import { exportWorkspace } from "~/server/workspaces/export-workspace";
import { importWorkspaceRequest } from "~/server/workspaces/import-workspace";
import { restErrorResponse } from "./errors";
import { openApiDocument, REST_BASE } from "./openapi";
import { chargeApiKey } from "./rate-limit";
import { restRouter } from "./router";

const upload = createUploadHandler();
const download = createDownloadHandler();
const TRANSFER = /^\/workspaces\/([^/]+)\/files\/(upload|download)\/?$/;
const SNAPSHOT_DOWNLOAD = /^\/workspaces\/([^/]+)\/snapshots\/([^/]+)\/download\/?$/;
const EXPORT = /^\/workspaces\/([^/]+)\/export\/?$/;

async function authenticated(req: Request): Promise<Context> {
  const authorization = req.headers.get("authorization");
  if (!authorization) {
    throw new AppError("UNAUTHORIZED", { message: "Send an API key as `Authorization: Bearer atr_…`. Create one under Settings → API keys.", reason: "not_signed_in" });
  }
  const ctx = await createContext({ authorization, cookie: null, ip: req.headers.get(CLIENT_IP_HEADER) || null, channel: "API" });
  if (ctx.identityError) throw ctx.identityError;
  if (ctx.actor?.apiKey) await chargeApiKey(ctx.actor.apiKey.id);
  return ctx;
}

export async function handleRestRequest(req: Request): Promise<Response> {
  const route = new URL(req.url).pathname.slice(REST_BASE.length).replace(/\/+$/, "") || "/";
  try {
    if (req.method === "GET" && route === "/health") {
      const report = await healthReport();
      return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
    }
    if (req.method === "GET" && route === "/openapi.json") {
      return Response.json(openApiDocument(), { headers: { "cache-control": "no-cache" } });
    }

    const ctx = await authenticated(req);

    const transfer = TRANSFER.exec(route);
    if (transfer) {
      const params = { params: Promise.resolve({ workspaceId: decodeURIComponent(transfer[1] ?? "") }) };
      if (transfer[2] === "upload" && req.method === "POST") return await upload(req, params);
      if (transfer[2] === "download" && req.method === "GET") return await download(req, params);
    }
    const snapshotDownload = SNAPSHOT_DOWNLOAD.exec(route);
    if (snapshotDownload && req.method === "GET") {
      return await downloadSnapshot(req, decodeURIComponent(snapshotDownload[1] ?? ""), decodeURIComponent(snapshotDownload[2] ?? ""));
    }

    const exportRoute = EXPORT.exec(route);
    if (exportRoute && req.method === "GET") return await exportWorkspace(req, decodeURIComponent(exportRoute[1] ?? ""));
    if (route === "/workspaces/import" && req.method === "POST") return await importWorkspaceRequest(req);

    let failure: unknown = null;
    const res = await createOpenApiFetchHandler({
      endpoint: REST_BASE,
      req: await limitBody(req),
      router: restRouter,
      createContext: () => ctx,
      onError: ({ error }) => {
        failure = error;
      },
    });
    if (failure) return restErrorResponse(failure);
    res.headers.set("cache-control", "no-store");
    return res;
  } catch (error) {
    return restErrorResponse(error);
  }
}
