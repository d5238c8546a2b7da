// The HTTP side of /api/mcp: authenticate every request like the rest of the API (Bearer key or
// session cookie, channel MCP), then route it to its session's streamable HTTP transport, or open
// a new session for an `initialize` request. Stateful, because read-before-write is per session.
import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { AppError, errorResponse, isAppError } from "~/server/errors";
import { jsonResponse } from "~/server/http/responses";
import { rejectHostileInput } from "~/server/http/input-hygiene";
import { headersOf, refuseCrossSite } from "~/server/http/origin";
import { type ActorContext, authInfoFor } from "./context";
import { createMcpServer } from "./server";
import { closeSession, makeRoomFor, type McpSession, mcpSessions, ownerOf, sweepIdle, trackResponse } from "./sessions";

/** write_file carries up to 10 MiB, base64 makes that about 13.4 MiB of JSON. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

function jsonRpcError(status: number, code: number, message: string): Response {
  return jsonResponse({ jsonrpc: "2.0", error: { code, message }, id: null }, status);
}

async function readJsonCapped(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { ok: false, response: jsonRpcError(413, -32000, "The request body is too large.") };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    for await (const chunk of req.body) {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) return { ok: false, response: jsonRpcError(413, -32000, "The request body is too large.") };
      chunks.push(chunk);
    }
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
  } catch {
    return { ok: false, response: jsonRpcError(400, -32700, "Parse error: the body is not valid JSON.") };
  }
}

async function openSession(ctx: ActorContext): Promise<McpSession | null> {
  const owner = ownerOf(ctx.actor);
  if (!makeRoomFor(owner)) return null;
  const { server } = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      session.id = id;
      mcpSessions().set(id, session);
    },
    onsessionclosed: () => {
      mcpSessions().delete(session.id);
    },
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  const session: McpSession = { id: "", server, transport, owner, lastSeenAt: Date.now(), active: 0 };
  // Set before connect: the server chains its own close handling after this one.
  transport.onclose = () => {
    if (session.id && mcpSessions().get(session.id) === session) mcpSessions().delete(session.id);
  };
  await server.connect(session.transport);
  return session;
}

export async function handleMcpRequest(req: Request): Promise<Response> {
  try {
    const authorization = req.headers.get("authorization");
    const ctx = await createContext({ authorization, cookie: req.headers.get("cookie"), ip: req.headers.get(CLIENT_IP_HEADER) || null, channel: "MCP", keyCharge: "per-request" });
    if (ctx.identityError) return errorResponse(ctx.identityError, "mcp", "mcp");
    if (!ctx.actor) {
      return errorResponse(new AppError("UNAUTHORIZED", { message: "Send an API key as `Authorization: Bearer atr_…` (create one on the API keys page).", reason: "not_signed_in" }), "mcp");
    }
    // A browser page on another site must not drive the tools with the visitor's session cookie.
    const crossSite = await refuseCrossSite(headersOf(req), ctx, "mcp.request");
    if (crossSite) return errorResponse(crossSite, "mcp");
    // The key was charged once for this request by createContext (the same budget as every other
    // door): the tool calls inside it run on a context that does not charge again.
    const actorCtx: ActorContext = { ...ctx, actor: ctx.actor };
    const authInfo = authInfoFor(actorCtx);
    sweepIdle();

    // Messages are parsed here, not by the transport, so every tool's arguments get the same input
    // check as tRPC before the SDK's schemas run (they would silently drop a `__proto__` key).
    let parsedBody: unknown = undefined;
    if (req.method === "POST") {
      const body = await readJsonCapped(req);
      if (!body.ok) return body.response;
      parsedBody = body.value;
      try {
        await rejectHostileInput(actorCtx, "mcp.request", parsedBody);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const id = (parsedBody as { id?: unknown } | null)?.id;
        return jsonResponse({ jsonrpc: "2.0", error: { code: -32602, message: error.message, data: error.toJSON() }, id: typeof id === "string" || typeof id === "number" ? id : null }, 400);
      }
    }

    const sessionId = req.headers.get("mcp-session-id");
    if (sessionId) {
      const session = mcpSessions().get(sessionId);
      // Another key's session id is answered like an unknown one: ids are not probeable.
      if (!session || session.owner !== ownerOf(actorCtx.actor)) {
        return jsonRpcError(404, -32001, "Session not found (it expired or the server restarted). Start a new MCP session with initialize.");
      }
      session.lastSeenAt = Date.now();
      return trackResponse(session, await session.transport.handleRequest(req, { authInfo, parsedBody }));
    }

    if (req.method !== "POST") return jsonRpcError(400, -32000, "Bad request: send the mcp-session-id header, or POST an initialize request to start a session.");
    const body = { value: parsedBody };
    if (!isInitializeRequest(body.value)) return jsonRpcError(400, -32000, "Bad request: send the mcp-session-id header, or POST an initialize request to start a session.");
    const session = await openSession(actorCtx);
    if (!session) return jsonResponse({ error: { code: "UNAVAILABLE", message: "Too many MCP sessions are open on this server. Try again in a minute.", reason: "mcp_sessions_full" } }, 503, { "retry-after": "60" });
    const response = await session.transport.handleRequest(req, { parsedBody: body.value, authInfo });
    // A failed initialize never registers the session; do not leave its server behind.
    if (!session.id) {
      closeSession(session);
      return response;
    }
    return trackResponse(session, response);
  } catch (error) {
    return errorResponse(error, "mcp");
  }
}
