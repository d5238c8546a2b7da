// The HTTP side of observability, wrapped around the server's request handler once (server.ts):
// `GET /metrics` (with an optional bearer token), a request id on every request (the caller's sane
// `X-Request-Id`, or a new one; returned on every response, errors included), the request's
// AsyncLocalStorage context, its span, and, when the response is done, the duration histogram and
// one access line with actor, workspace, route, status and duration.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "~/env";
import { logger } from "./logger";
import { metrics } from "./metrics";
import { type RequestStore, requestIdFrom, runWithRequest } from "./request-context";
import { routeTemplate } from "./route-template";
import { startSpan } from "./tracing";

export const REQUEST_ID_HEADER = "x-request-id";
export const METRICS_PATH = "/metrics";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Static assets are many and dull: their access lines are debug, their timings still counted. */
const QUIET_ROUTES = new Set(["/_next/static", "/_next", "/monaco", "/favicon.ico", "/icon.svg", METRICS_PATH]);

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether `authorization` carries `token` (compared in constant time over digests). */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const presented = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(presented), digest(token));
}

async function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  res.setHeader("cache-control", "no-store");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "INVALID_INPUT", message: "Use GET /metrics." } }));
    return;
  }
  if (!metricsAuthorized(req.headers.authorization, token)) {
    res.writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "UNAUTHORIZED", message: "Send the metrics token (ATRIUM_METRICS_TOKEN) as `Authorization: Bearer …`." } }));
    return;
  }
  const { registry } = metrics();
  const body = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Wraps the server's request handler; `metricsToken` defaults to ATRIUM_METRICS_TOKEN. */
export function observeHttp(handler: Handler, options: { metricsToken?: string } = { metricsToken: env().ATRIUM_METRICS_TOKEN }): Handler {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const pathname = pathOf(req.url);
    const store: RequestStore = { requestId, method: req.method ?? "GET" };
    const span = startSpan(`${store.method} ${routeTemplate(pathname)}`, { "http.request.method": store.method, "url.path": pathname, "atrium.request_id": requestId }, "server", { store, headers: req.headers });

    res.once("close", () => {
      const route = store.route ?? routeTemplate(pathname);
      // A response the client gave up on before it ended is 499, as proxies count it.
      const status = res.writableFinished ? res.statusCode : 499;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics().httpDuration.observe({ route, method: store.method, status: String(status) }, seconds);
      const line = {
        method: store.method,
        route,
        path: pathname.slice(0, 512),
        status,
        durationMs: Math.round(seconds * 1e4) / 10,
        userId: store.userId,
        apiKeyId: store.apiKeyId,
        workspaceId: store.workspaceId,
      };
      // Logged inside the request's context, so the line carries its id like every other.
      runWithRequest(store, () => {
        const log = logger("http");
        if (status >= 500) log.error(line, "request");
        else if (QUIET_ROUTES.has(route)) log.debug(line, "request");
        else log.info(line, "request");
      });
      if (span) {
        span.updateName(`${store.method} ${route}`);
        span.setAttributes({ "http.route": route, "http.response.status_code": status, ...(store.workspaceId ? { "atrium.workspace_id": store.workspaceId } : {}) });
        span.end(status >= 500);
      }
    });

    const run = () => {
      if (pathname === METRICS_PATH) {
        serveMetrics(req, res, options.metricsToken).catch((error: unknown) => {
          logger("metrics").error({ err: error }, "scrape failed");
          if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Could not collect the metrics; see the server log." } }));
        });
        return;
      }
      handler(req, res);
    };
    runWithRequest(store, () => (span ? span.run(run) : run()));
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  return q === -1 ? raw : raw.slice(0, q);
}
