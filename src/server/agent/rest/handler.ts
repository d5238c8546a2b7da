// Everything under /api/v1: health and the OpenAPI document (public), the streaming routes
// (src/server/http/transfer-routes.ts, given the caller resolved here), and the REST procedures through
// trpc-to-openapi. Every protected call needs `Authorization: Bearer atr_…` (no cookies: browsers use tRPC) and is charged to the
// key's rate limit before anything else runs (once per request); answers carry RateLimit-* headers.
import type { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { type Context, createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { budgetOfError, type KeyBudget, peekKey, rateLimitHeaders } from "~/server/auth/key-rate-limit";
import { notSignedIn } from "~/server/auth/not-signed-in";
import { healthReport } from "~/server/health/health";
import { limitBody } from "~/server/http/body-limit";
import { eventsRoute } from "~/server/http/events-route";
import { createUploadHandler, downloadRoute, exportRoute, importRoute, snapshotDownloadRoute } from "~/server/http/transfer-routes";
import { noteActor, noteRoute } from "~/server/observability/request-context";
import { restErrorResponse } from "./errors";
import { openApiDocument, REST_BASE } from "./openapi";
import { restRouteTemplate } from "./route-template";
import { restRouter } from "./router";

const upload = createUploadHandler();
const TRANSFER = /^\/workspaces\/([^/]+)\/files\/(upload|download)\/?$/;
const SNAPSHOT_DOWNLOAD = /^\/workspaces\/([^/]+)\/snapshots\/([^/]+)\/download\/?$/;
const EXPORT = /^\/workspaces\/([^/]+)\/export\/?$/;
const EVENTS = /^\/workspaces\/([^/]+)\/events\/?$/;

/** The key, resolved and charged once for the whole request (the streaming routes get this caller). */
async function authenticated(req: Request): Promise<Context> {
  const authorization = req.headers.get("authorization");
  if (!authorization) {
    throw notSignedIn("rest");
  }
  const ctx = await createContext({ authorization, cookie: null, ip: req.headers.get(CLIENT_IP_HEADER) || null, channel: "API", keyCharge: "per-request" });
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
    return withRateLimitHeaders(res, key ? await peekKey(key) : null);
  } catch (error) {
    const key = caller.ctx?.actor?.apiKey;
    return withRateLimitHeaders(restErrorResponse(error, route), budgetOfError(error) ?? (key ? await peekKey(key).catch(() => null) : null));
  }
}

/**
 * A POST/PUT/PATCH without a body (with or without a Content-Type) reads as the JSON `{}`: the
 * document gives restore, cancel and archive no body and marks bodies without required fields
 * optional, so generated clients send nothing there. trpc-to-openapi alone answers 415 (no
 * Content-Type) or 400 (empty JSON). A body that is present is passed on untouched.
 */
async function emptyBodyAsJson(req: Request): Promise<Request> {
  if (req.method === "GET" || req.method === "DELETE" || req.method === "HEAD") return req;
  const bytes = req.body ? new Uint8Array(await req.arrayBuffer()) : new Uint8Array(0);
  const empty = bytes.byteLength === 0 || (bytes.byteLength <= 64 && Buffer.from(bytes).toString("utf8").trim() === "");
  const headers = new Headers(req.headers);
  if (empty) {
    headers.set("content-type", "application/json");
    headers.delete("content-length");
  }
  return new Request(req.url, { method: req.method, headers, body: empty ? "{}" : bytes, signal: req.signal });
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
  const isUpload = transfer?.[2] === "upload" && req.method === "POST";
  const isDownload = transfer?.[2] === "download" && req.method === "GET";
  const snapshotDownload = req.method === "GET" ? SNAPSHOT_DOWNLOAD.exec(route) : null;
  const exportMatch = req.method === "GET" ? EXPORT.exec(route) : null;
  const importMatch = route === "/workspaces/import" && req.method === "POST";
  const eventsMatch = req.method === "GET" ? EVENTS.exec(route) : null;
  const ctx = await authenticated(req);
  caller.ctx = ctx;

  // The streaming routes (src/server/http/transfer-routes.ts) take this caller as it is.
  if (transfer && (isUpload || isDownload)) {
    const args = { params: Promise.resolve({ workspaceId: decodeURIComponent(transfer[1] ?? "") }), caller: ctx };
    return await (isUpload ? upload(req, args) : downloadRoute(req, args));
  }
  if (snapshotDownload) {
    const params = { workspaceId: decodeURIComponent(snapshotDownload[1] ?? ""), snapshotId: decodeURIComponent(snapshotDownload[2] ?? "") };
    return await snapshotDownloadRoute(req, { params: Promise.resolve(params), caller: ctx });
  }
  if (exportMatch) return await exportRoute(req, { params: Promise.resolve({ workspaceId: decodeURIComponent(exportMatch[1] ?? "") }), caller: ctx });
  if (importMatch) return await importRoute(req, { params: Promise.resolve({}), caller: ctx });
  if (eventsMatch) return await eventsRoute(req, { params: Promise.resolve({ workspaceId: decodeURIComponent(eventsMatch[1] ?? "") }), caller: ctx });

  const failed: { error?: TRPCError } = {};
  const res = await createOpenApiFetchHandler({
    endpoint: REST_BASE,
    req: await emptyBodyAsJson(await limitBody(req)),
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
