// tRPC setup: context, the single error-conversion point, and the procedure tiers every router
// uses. Permissions are declared here, at the procedure, never inside a handler body.
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";
import * as audit from "~/server/audit/audit";
import { resolveIdentity } from "~/server/auth/identity";
import { chargeKey } from "~/server/auth/key-rate-limit";
import { notSignedIn } from "~/server/auth/not-signed-in";
import { assertUnpinned } from "~/server/auth/pinned-keys";
import { type Actor, hasScope, type RequestContext, type Scope, type WorkspaceRoleName } from "~/server/auth/types";
import { auditTargetOf } from "~/server/audit/target";
import { resolveWorkspaceAccess, type WorkspaceAccess } from "~/server/auth/workspace-access";
import { auditInputProblem, findInputProblem, inputProblemError, isInputProblemError, rejectHostileInput } from "~/server/http/input-hygiene";
import { AppError, type AppErrorCode, isAppError, parseError, toErrorBody } from "~/server/errors";
import { logger } from "~/server/observability/logger";
import { metrics } from "~/server/observability/metrics";
import { noteActor } from "~/server/observability/request-context";
import { startSpan } from "~/server/observability/tracing";

export interface CreateContextOptions {
  authorization: string | null;
  cookie: string | null;
  ip: string | null;
  channel: RequestContext["channel"];
  /**
   * How a key's requests are counted against its budget: "per-call" (the default: every procedure
   * call, so a batch of ten costs ten), "per-request" (REST and MCP: once here, for the whole HTTP
   * request, however many procedures it runs inside) or "none" (the door charges elsewhere).
   */
  keyCharge?: "per-call" | "per-request" | "none";
}

export interface Context extends RequestContext {
  /** Set when the caller presented credentials that are wrong (bad key, revoked key…) or a key over its budget. */
  identityError: AppError | null;
  /** Whether each procedure call counts against the key's budget (see CreateContextOptions.keyCharge). */
  chargeEachCall?: boolean;
}

export async function createContext(opts: CreateContextOptions): Promise<Context> {
  const keyCharge = opts.keyCharge ?? "per-call";
  const chargeEachCall = keyCharge === "per-call";
  try {
    const actor = await resolveIdentity({ authorization: opts.authorization, cookie: opts.cookie }, { charge: keyCharge === "per-request" });
    return { actor, ip: opts.ip, channel: opts.channel, identityError: null, chargeEachCall };
  } catch (error) {
    // Resolving a key or session reads the database: when it is down, every call says so (503).
    const appError = isAppError(error) ? error : parseError(error);
    if (!appError) throw error;
    return { actor: null, ip: opts.ip, channel: opts.channel, identityError: appError, chargeEachCall };
  }
}

const trpcCodeOf: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  PATH_DENIED: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  QUOTA_EXCEEDED: "PAYLOAD_TOO_LARGE",
  INVALID_INPUT: "UNPROCESSABLE_CONTENT",
  LIMIT_EXCEEDED: "UNPROCESSABLE_CONTENT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** The tRPC code that gives an AppError's HTTP status (overrides and busy caps included). */
function trpcCodeFor(error: AppError): TRPC_ERROR_CODE_KEY {
  switch (error.httpStatus) {
    case 400:
      return "BAD_REQUEST";
    case 405:
      return "METHOD_NOT_SUPPORTED";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 429:
      // A busy cap (too many sessions, tasks or greps in flight) is a 429: retrying later succeeds.
      return "TOO_MANY_REQUESTS";
    default:
      return trpcCodeOf[error.code];
  }
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeFor(error), message: error.message, cause: error });
}

// `OpenApiMeta` lets the REST adapter (src/server/agent/rest) describe its procedures; tRPC ignores it.
/**
 * superjson quietly drops `__proto__` members while it rebuilds the input, so the hostile-input
 * check looks at the wire JSON first (and again, in `rejectHostile`, at what callers pass in-process).
 */
const transformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (value: unknown) => {
      // The wire shape is { json, meta }: fields are named from `json`, as the caller wrote them.
      const wire = value !== null && typeof value === "object" && "json" in value ? (value as { json: unknown; meta?: unknown }) : { json: value };
      const problem = findInputProblem(wire.json) ?? findInputProblem(wire.meta);
      if (problem) throw inputProblemError(problem);
      return superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]);
    },
  },
  output: superjson,
};

const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer,
  // The one error path (toErrorBody): errorConversion below already turned procedure errors into
  // AppErrors; this also covers tRPC's own (unknown procedure, bad JSON, wrong method).
  errorFormatter({ shape, error, path }) {
    const app = toErrorBody(error, "trpc", path).body;
    const zod = zodErrorIn(error);
    return {
      ...shape,
      message: app.message,
      data: {
        ...shape.data,
        stack: undefined,
        app,
        zodError: zod ? z.flattenError(zod) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** A zod failure behind a tRPC error, for the form-friendly `zodError` field. */
function zodErrorIn(error: unknown): ZodError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    if (current instanceof ZodError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Every failure of a procedure goes through toErrorBody: AppErrors keep their code, a database
 * outage becomes UNAVAILABLE (503), zod failures INVALID_INPUT, anything unknown a generic
 * INTERNAL and one log line. The tRPC error then carries the AppError, with its HTTP status.
 */
const errorConversion = t.middleware(async ({ next, path, type }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(toErrorBody(result.error, "trpc", `${type} ${path}`).error);
  return result;
});

/** Wrong credentials fail every procedure, public ones included: no silent fall-back to anonymous. */
const rejectBadCredentials = t.middleware(({ ctx, next }) => {
  if (ctx.identityError) throw ctx.identityError;
  return next();
});

/** One call of a key counts against its budget, on this door as on every other (auth/key-rate-limit.ts). */
const chargeKeyPerCall = t.middleware(async ({ ctx, next }) => {
  if (ctx.chargeEachCall && ctx.actor?.apiKey) await chargeKey(ctx.actor.apiKey);
  return next();
});

/**
 * NUL, unpaired surrogates and prototype keys in ANY procedure's raw input are a 400 before the
 * input schema or the service sees them (src/server/http/input-hygiene.ts). REST procedures are
 * publicProcedures too, so /api/v1 gets the same check.
 */
const rejectHostile = t.middleware(async ({ ctx, next, path, getRawInput }) => {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch (error) {
    // The transformer refused the wire input: audit it here, where the caller is known.
    if (isInputProblemError(error)) await auditInputProblem(ctx, path, error);
    throw error;
  }
  await rejectHostileInput(ctx, path, raw);
  return next();
});

/**
 * Every procedure call, from every door (web, REST and MCP call the same procedures): its duration
 * and tRPC code into the histogram, a span when tracing is on, and the caller on the access line.
 */
const observe = t.middleware(async ({ ctx, next, path, type }) => {
  noteActor(ctx.actor);
  const span = startSpan(`trpc ${path}`, { "rpc.system": "trpc", "rpc.method": path, "atrium.channel": ctx.channel });
  const end = metrics().trpcDuration.startTimer({ procedure: path, type });
  const result = span ? await span.run(next) : await next();
  const code = result.ok ? "OK" : result.error.code;
  const seconds = end({ code });
  logger("trpc").debug({ procedure: path, type, code, durationMs: Math.round(seconds * 1e4) / 10 }, "procedure");
  span?.setAttributes({ "rpc.trpc.code": code });
  span?.end(!result.ok && result.error.code === "INTERNAL_SERVER_ERROR");
  return result;
});

export const publicProcedure = t.procedure.use(observe).use(errorConversion).use(rejectHostile).use(rejectBadCredentials).use(chargeKeyPerCall);

const requireActor = t.middleware(({ ctx, next }) => {
  if (!ctx.actor) {
    throw notSignedIn("trpc");
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

function requireScope(scope: Scope, action: (path: string) => string = (p) => p) {
  return t.middleware(async ({ ctx, next, path }) => {
    const actor = (ctx as Context & { actor: Actor }).actor;
    if (!hasScope(actor, scope)) {
      await audit.denied(ctx, { action: action(path), reason: "missing_scope", permission: scope });
      throw new AppError("FORBIDDEN", {
        message: `This API key lacks the "${scope}" scope. Create a key with that scope to call ${path}.`,
        reason: "missing_scope",
      });
    }
    return next();
  });
}

/** Any signed-in person, or an API key holding `scope`. */
export function authedProcedure(scope: Scope) {
  return publicProcedure.use(requireActor).use(requireScope(scope));
}

/**
 * Refuses keys pinned to workspaces: they see and create nothing outside their pins, and do not
 * administer the instance (audited, reason `api_key_pinned`).
 */
export function requireUnpinnedKey(what: string) {
  return t.middleware(async ({ ctx, next, path }) => {
    await assertUnpinned(ctx as Context & { actor: Actor }, path, what);
    return next();
  });
}

/** Instance administrators only; API keys need the `admin` scope too, and must not be pinned to workspaces. */
export const adminProcedure = publicProcedure
  .use(requireActor)
  .use(async ({ ctx, next, path }) => {
    if (ctx.actor.user.role !== "ADMIN") {
      await audit.denied(ctx, { action: path, reason: "admin_required", permission: "admin" });
      throw new AppError("FORBIDDEN", { message: "Only instance administrators can do this.", reason: "admin_required" });
    }
    return next();
  })
  .use(requireUnpinnedKey("administer the instance"))
  .use(requireScope("admin"));

/**
 * Procedures on one workspace: input carries `workspaceId`; the caller needs at least `minRole`
 * there (admins count as owners) and, with an API key, `scope` plus access to that workspace.
 * Non-members get NOT_FOUND so workspace ids do not leak; members with too low a role get FORBIDDEN.
 */
export function workspaceProcedure(minRole: WorkspaceRoleName, scope: Scope) {
  return authedProcedure(scope)
    .input(z.object({ workspaceId: z.string().min(1).max(64) }))
    .use(async ({ ctx, input, next, path, getRawInput }) => {
      const target = auditTargetOf(await getRawInput());
      const access: WorkspaceAccess = await resolveWorkspaceAccess(ctx, input.workspaceId, minRole, scope, path, target);
      return next({ ctx: { ...ctx, ...access } });
    });
}
