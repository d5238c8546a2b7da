// Everything under /api/v1: health and the OpenAPI document (public), file upload/download and
// snapshot download (delegated to the streaming routes), and the REST procedures through
// trpc-to-openapi. Every protected call needs `Authorization: Bearer atr_…` (no cookies: browsers use tRPC) and is charged to the
// key's rate limit before anything else runs (once per request); answers carry RateLimit-* headers.
import type { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { type Context, createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { budgetOfError, type KeyBudget, peekKey, rateLimitHeaders } from "~/server/auth/key-rate-limit";
import { assertUnpinned } from "~/server/auth/pinned-keys";
import { refuseUploadForCarefulKey } from "~/server/auth/read-before-write";
import { AppError } from "~/server/errors";
import { createDownloadHandler, createUploadHandler } from "~/server/files/transfer-routes";
import { healthReport } from "~/server/health/health";
import { limitBody } from "~/server/http/body-limit";
import { noteActor, noteRoute } from "~/server/observability/request-context";
import { downloadSnapshot } from "~/server/snapshots/download";
import { exportWorkspace } from "~/server/workspaces/export-workspace";
import { importWorkspaceRequest } from "~/server/workspaces/import-workspace";
import { restErrorResponse } from "./errors";
import { openApiDocument, REST_BASE } from "./openapi";
import { restRouteTemplate } from "./route-template";
import { restRouter } from "./router";

const upload = createUploadHandler();
const download = createDownloadHandler();
const TRANSFER = /^\/workspaces\/([^/]+)\/files\/(upload|download)\/?$/;
const SNAPSHOT_DOWNLOAD = /^\/workspaces\/([^/]+)\/snapshots\/([^/]+)\/download\/?$/;
const EXPORT = /^\/workspaces\/([^/]+)\/export\/?$/;

/**
 * `delegated`: the streaming routes resolve (and charge) the key again themselves, so this
 * resolution does not count; everything else is charged here, once for the whole request.
 */
async function authenticated(req: Request, delegated: boolean): Promise<Context> {
  const authorization = req.headers.get("authorization");
  if (!authorization) {
    throw new AppError("UNAUTHORIZED", { message: "Send an API key as `Authorization: Bearer atr_…`. Create one under Settings → API keys.", reason: "not_signed_in" });
  }
  const ctx = await createContext({ authorization, cookie: null, ip: req.headers.get(CLIENT_IP_HEADER) || null, channel: "API", keyCharge: delegated ? "none" : "per-request" });
  if (ctx.identityError) throw ctx.identityError;
  noteActor(ctx.actor);
  return ctx;
}

/** The key's budget on every answer, refusals included (a 429 also has Retry-After). */
function withRateLimitHeaders(res: Response, budget: KeyBudget | null): Response {
  if (!budget) return res;
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(rateLimitHeaders(budget))) headers.set(name, value);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

export async function handleRestRequest(req: Request): Promise<Response> {
  const route = new URL(req.url).pathname.slice(REST_BASE.length).replace(/\/+$/, "") || "/";
  const caller: { ctx: Context | null } = { ctx: null };
  noteRoute(restRouteTemplate(req.method, route));
  try {
    const res = await routeRequest(req, route, caller);
    const key = caller.ctx?.actor?.apiKey;
    return withRateLimitHeaders(res, key ? peekKey(key) : null);
  } catch (error) {
    const key = caller.ctx?.actor?.apiKey;
    return withRateLimitHeaders(restErrorResponse(error), budgetOfError(error) ?? (key ? peekKey(key) : null));
  }
}

async function routeRequest(req: Request, route: string, caller: { ctx: Context | null }): Promise<Response> {
  if (req.method === "GET" && route === "/health") {
    const report = await healthReport();
    return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
  }
  if (req.method === "GET" && route === "/openapi.json") {
    return Response.json(openApiDocument(), { headers: { "cache-control": "no-cache" } });
  }

  const transfer = TRANSFER.exec(route);
  const uploadRoute = transfer?.[2] === "upload" && req.method === "POST";
  const downloadRoute = transfer?.[2] === "download" && req.method === "GET";
  const snapshotDownload = req.method === "GET" ? SNAPSHOT_DOWNLOAD.exec(route) : null;
  const exportRoute = req.method === "GET" ? EXPORT.exec(route) : null;
  const importRoute = route === "/workspaces/import" && req.method === "POST";
  const ctx = await authenticated(req, uploadRoute || downloadRoute || Boolean(snapshotDownload ?? exportRoute) || importRoute);
  caller.ctx = ctx;

  if (transfer && (uploadRoute || downloadRoute)) {
    const params = { params: Promise.resolve({ workspaceId: decodeURIComponent(transfer[1] ?? "") }) };
    if (uploadRoute) {
      await refuseUploadForCarefulKey(ctx);
      return await upload(req, params);
    }
    return await download(req, params);
  }
  if (snapshotDownload) {
    return await downloadSnapshot(req, decodeURIComponent(snapshotDownload[1] ?? ""), decodeURIComponent(snapshotDownload[2] ?? ""));
  }

  if (exportRoute) return await exportWorkspace(req, decodeURIComponent(exportRoute[1] ?? ""));
  if (importRoute) {
    // Refused before a byte of the archive is read (adoptTree refuses again at the end).
    if (ctx.actor) await assertUnpinned({ ...ctx, actor: ctx.actor }, "workspaces.import", "create workspaces (import)");
    return await importWorkspaceRequest(req);
  }

  const failed: { error?: TRPCError } = {};
  const res = await createOpenApiFetchHandler({
    endpoint: REST_BASE,
    req: await limitBody(req),
    router: restRouter,
    createContext: () => ctx,
    onError: ({ error }) => {
      failed.error = error;
    },
  });
  if (failed.error) throw failed.error;
  res.headers.set("cache-control", "no-store");
  return res;
}
