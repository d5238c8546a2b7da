// Shared plumbing for the file routes that stream over plain HTTP (upload, download): the same
// identity and workspace rules as tRPC, and AppErrors as JSON `{ error: { code, message, reason } }`.
import { resolveIdentity } from "~/server/auth/identity";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import type { RequestContext, Scope, WorkspaceRoleName } from "~/server/auth/types";
import { AppError, isAppError } from "~/server/errors";
import { rejectHostileInput } from "~/server/http/input-hygiene";
import { resolveWorkspaceAccess, type WorkspaceAccess } from "~/server/auth/workspace-access";
import { logger } from "~/server/observability/logger";

/** The caller of an HTTP request, resolved exactly as `createContext` does for tRPC. */
export async function requestContext(req: Request): Promise<RequestContext> {
  const authorization = req.headers.get("authorization");
  const actor = await resolveIdentity({ authorization, cookie: req.headers.get("cookie") });
  return { actor, ip: req.headers.get(CLIENT_IP_HEADER) || null, channel: authorization ? "API" : "UI" };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** AppErrors keep their code and reason; anything else is logged and hidden behind a generic 500. */
export function errorResponse(error: unknown, label = "files"): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = error.retryAfterSeconds !== undefined ? { "retry-after": String(error.retryAfterSeconds) } : {};
    const body = error.toJSON();
    return jsonResponse({ error: { ...body, ...(error.details ? { details: error.details } : {}) } }, error.httpStatus, headers);
  }
  logger("files").error({ err: error, route: label }, "request failed");
  const generic = new AppError("INTERNAL", { message: "Something went wrong on the server. Try again; if it keeps failing, tell your administrator." });
  return jsonResponse({ error: generic.toJSON() }, 500);
}

/**
 * Resolves the caller and their access to `workspaceId` (at least `minRole`, API keys need `scope`),
 * then runs `handle`. Every failure, before or inside `handle`, becomes a JSON error response.
 */
export async function withWorkspaceAccess(
  req: Request,
  workspaceId: string,
  need: { minRole: WorkspaceRoleName; scope: Scope; action: string; target?: string },
  handle: (ctx: RequestContext, access: WorkspaceAccess) => Promise<Response>,
): Promise<Response> {
  try {
    const ctx = await requestContext(req);
    // The query string is input like any other door's: NUL, broken Unicode and prototype keys are a 400.
    await rejectHostileInput(ctx, need.action, Object.fromEntries(new URL(req.url).searchParams));
    const access = await resolveWorkspaceAccess(ctx, workspaceId, need.minRole, need.scope, need.action, need.target);
    return await handle(ctx, access);
  } catch (error) {
    return errorResponse(error, need.action);
  }
}
