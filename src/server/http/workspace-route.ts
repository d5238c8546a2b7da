// The one wrapper around Atrium's streaming HTTP routes (upload, download, export, import,
// snapshot download), in Dub's `withWorkspace` shape: it refuses cross-site cookie requests,
// resolves the caller ONCE per request (session cookie or API key: scopes, workspace pins, the
// key's budget), checks the query string, loads the membership with the route's minimum role
// (refusals audited) and turns every error into a response through toErrorBody('http').
// Handlers get plain values; the services they call never see the Request.
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { resolveIdentity } from "~/server/auth/identity";
import { assertUnpinned } from "~/server/auth/pinned-keys";
import { refuseUploadForCarefulKey } from "~/server/auth/read-before-write";
import { type Actor, hasScope, type RequestContext, type Scope, type WorkspaceRoleName } from "~/server/auth/types";
import { resolveWorkspaceAccess, type WorkspaceAccess } from "~/server/auth/workspace-access";
import * as audit from "~/server/audit/audit";
import { AppError, errorResponse } from "~/server/errors";
import { rejectHostileInput } from "./input-hygiene";
import { headersOf, refuseCrossSite } from "./origin";

/** What Next passes a route handler; the REST door adds the caller it has already resolved. */
export interface RouteArgs<P> {
  params: Promise<P>;
  /** Set by /api/v1, which resolved (and charged) the key for this request already. */
  caller?: RequestContext;
}

export type RouteHandler<P> = (req: Request, args: RouteArgs<P>) => Promise<Response>;

export interface RouteNeeds {
  scope: Scope;
  /** `domain.verb` for the audit log, e.g. `files.upload`. */
  action: string;
  /** What the request is about (a path), for refusals in the audit log. */
  target?: (url: URL) => string | undefined;
  /** The route changes state: a session cookie must come from Atrium's own pages (CSRF). */
  sameSite?: boolean;
  /** Keys that must read before they write cannot use this route (uploads replace files unseen). */
  refuseCarefulKeys?: boolean;
  /** Keys pinned to workspaces cannot use this route (it creates a workspace); the text says what. */
  refusePinnedKeys?: string;
}

export interface AccountRoute<P> {
  req: Request;
  url: URL;
  params: P;
  ctx: RequestContext & { actor: Actor };
  actor: Actor;
}

export interface WorkspaceRoute<P> extends AccountRoute<P> {
  workspace: WorkspaceAccess["workspace"];
  membership: WorkspaceAccess;
}

function ipOf(req: Request): string | null {
  return req.headers.get(CLIENT_IP_HEADER) || null;
}

/** The caller of a request, resolved exactly as `createContext` does for tRPC (a key is charged once). */
export async function requestContext(req: Request): Promise<RequestContext> {
  const authorization = req.headers.get("authorization");
  const actor = await resolveIdentity({ authorization, cookie: req.headers.get("cookie") });
  return { actor, ip: ipOf(req), channel: authorization ? "API" : "UI" };
}

/** The part every route shares: origin, identity, query string, key rules; then the handler. */
async function signedIn<P>(req: Request, args: RouteArgs<P>, needs: RouteNeeds): Promise<AccountRoute<P>> {
  if (needs.sameSite) {
    const refusal = await refuseCrossSite(headersOf(req), { ip: ipOf(req), channel: "UI" }, needs.action);
    if (refusal) throw refusal;
  }
  const ctx = args.caller ?? (await requestContext(req));
  const url = new URL(req.url);
  // The query string is input like any other door's: NUL, broken Unicode and prototype keys are a 400.
  await rejectHostileInput(ctx, needs.action, Object.fromEntries(url.searchParams));
  const actor = ctx.actor;
  if (!actor) {
    throw new AppError("UNAUTHORIZED", { message: "Sign in, or send an API key as `Authorization: Bearer atr_…`.", reason: "not_signed_in" });
  }
  const authed = { ...ctx, actor };
  if (needs.refuseCarefulKeys) await refuseUploadForCarefulKey(authed);
  if (needs.refusePinnedKeys) await assertUnpinned(authed, needs.action, needs.refusePinnedKeys);
  return { req, url, params: await args.params, ctx: authed, actor };
}

/**
 * A route on one workspace (`params.workspaceId`): the caller needs at least `minRole` there
 * (admins count as owners) and, with a key, `scope` and access to that workspace. Non-members get
 * NOT_FOUND so ids do not leak; every refusal is audited.
 */
export function withWorkspaceRoute<P extends { workspaceId: string }>(
  needs: RouteNeeds & { minRole: WorkspaceRoleName },
  handler: (route: WorkspaceRoute<P>) => Promise<Response>,
): RouteHandler<P> {
  return async (req, args) => {
    try {
      const route = await signedIn(req, args, needs);
      const membership = await resolveWorkspaceAccess(route.ctx, route.params.workspaceId, needs.minRole, needs.scope, needs.action, needs.target?.(route.url)?.slice(0, 500));
      return await handler({ ...route, workspace: membership.workspace, membership });
    } catch (error) {
      return errorResponse(error, "http", needs.action);
    }
  };
}

/** A route of the signed-in caller that is not about an existing workspace (import creates one). */
export function withAccountRoute<P>(needs: RouteNeeds, handler: (route: AccountRoute<P>) => Promise<Response>): RouteHandler<P> {
  return async (req, args) => {
    try {
      const route = await signedIn(req, args, needs);
      if (!hasScope(route.actor, needs.scope)) {
        await audit.denied(route.ctx, { action: needs.action, reason: "missing_scope", permission: needs.scope });
        throw new AppError("FORBIDDEN", { message: `This API key lacks the "${needs.scope}" scope. Create a key with that scope to call ${needs.action}.`, reason: "missing_scope" });
      }
      return await handler(route);
    } catch (error) {
      return errorResponse(error, "http", needs.action);
    }
  };
}
