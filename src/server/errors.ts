// One error type and one error path for the whole server. Services throw AppError; every door
// (tRPC, REST, the streaming HTTP routes, socket acknowledgements, MCP tool results) turns
// whatever was thrown into a response through `toErrorBody`, so the same failure has the same
// code, message and advice everywhere, and a database outage is a 503 on every one of them.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { isDatabaseOutage } from "~/server/db/unavailable";
import type { Reason } from "~/server/audit/reasons";
import { notSignedIn } from "~/server/auth/not-signed-in";
import { logger } from "~/server/observability/logger";
export const AppErrorCode = [
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "PATH_DENIED",
  "CONFLICT",
  "QUOTA_EXCEEDED",
  "LIMIT_EXCEEDED",
  "RATE_LIMITED",
  "INVALID_INPUT",
  "PAYLOAD_TOO_LARGE",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type AppErrorCode = (typeof AppErrorCode)[number];

export const httpStatusOf: Record<AppErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PATH_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  INVALID_INPUT: 422,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface AppErrorOptions {
  /** What happened and what to do, written for the person or agent who sees it. */
  message: string;
  /** A stable machine-readable detail, e.g. `api_key_expired`, `outside_workspace`. */
  reason?: Reason;
  /** Seconds until a rate-limited call may be tried again. */
  retryAfterSeconds?: number;
  /** Sent to clients: only facts they may see and act on. */
  details?: Record<string, unknown>;
  /**
   * A cap on work a user has in flight (sessions, queued tasks, greps): the same call succeeds once
   * some of it ends, so HTTP answers 429 Too Many Requests rather than the code's usual status.
   */
  busy?: boolean;
  cause?: unknown;
  /**
   * 400 for a request that is malformed rather than refused (e.g. NUL in a field), 405/415 for a
   * wrong method or media type; else the code's status.
   */
  httpStatus?: 400 | 405 | 415;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly reason?: Reason;
  readonly retryAfterSeconds?: number;
  readonly details?: Record<string, unknown>;
  readonly busy: boolean;
  private readonly statusOverride?: number;

  constructor(code: AppErrorCode, options: AppErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.reason = options.reason;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.busy = options.busy ?? false;
    this.statusOverride = options.httpStatus;
  }

  get httpStatus(): number {
    return this.statusOverride ?? (this.busy ? 429 : httpStatusOf[this.code]);
  }

  /** The JSON shape every adapter sends to clients. */
  toJSON(): AppErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export interface AppErrorBody {
  code: AppErrorCode;
  message: string;
  /** A `Reason` from the server; typed as a string here because clients may meet newer ones. */
  reason?: string;
  retryAfterSeconds?: number;
  /** Facts a client can act on, e.g. `currentVersion` on a `version_conflict`. Never secrets. */
  details?: Record<string, unknown>;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === "AppError" && "code" in e;
}

/** The ways into the server; each turns an error into its own envelope around the same body. */
export const ERROR_DOORS = ["trpc", "rest", "http", "socket", "mcp"] as const;
export type ErrorDoor = (typeof ERROR_DOORS)[number];

/** What a door sends for a failure: status (HTTP doors), the body, headers, and the AppError behind them. */
export interface ErrorAnswer {
  status: number;
  body: AppErrorBody;
  headers: Record<string, string>;
  error: AppError;
}

export const GENERIC_MESSAGE = "Something went wrong on the server. Try again; if it keeps failing, tell your administrator.";

/** The 503 every door answers while PostgreSQL cannot be reached. */
export function databaseUnavailable(error: unknown): AppError | null {
  if (!isDatabaseOutage(error)) return null;
  return new AppError("UNAVAILABLE", {
    message: "The database is not reachable right now. Try again in a few seconds; if it keeps failing, tell your administrator.",
    reason: "database_unavailable",
    retryAfterSeconds: 5,
    cause: error,
  });
}

/** Zod issues as `{ fieldErrors: { "a.b": [...] }, formErrors: [...] }`; dotted paths reach nested fields. */
export function fieldErrorsOf(error: ZodError): { fieldErrors: Record<string, string[]>; formErrors: string[] } {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    if (issue.path.length === 0) {
      formErrors.push(issue.message);
      continue;
    }
    const key = issue.path.map(String).join(".");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { fieldErrors, formErrors };
}

/** A zod failure at any door: 400, the fields named in the message and listed in `details`. */
export function invalidInput(error: ZodError): AppError {
  const fields = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`)
    .join("; ");
  return new AppError("INVALID_INPUT", {
    message: `Some fields are not valid (${fields}). Fix them and try again.`,
    reason: "invalid_input",
    details: fieldErrorsOf(error),
    httpStatus: 400,
    cause: error,
  });
}

/** tRPC's own errors, raised outside any service (routing, body parsing, methods, media types). */
const FROM_TRPC: Partial<Record<TRPCError["code"], () => AppError>> = {
  NOT_FOUND: () => new AppError("NOT_FOUND", { message: "No such route or procedure. The REST routes are listed in GET /api/v1/openapi.json.", reason: "no_such_route" }),
  PARSE_ERROR: () => bodyNotParsed(),
  BAD_REQUEST: () => new AppError("INVALID_INPUT", { message: "The request is not valid. Check it against the API description and send it again.", reason: "invalid_input", httpStatus: 400 }),
  UNSUPPORTED_MEDIA_TYPE: () =>
    new AppError("INVALID_INPUT", { message: "Send the body as JSON with `Content-Type: application/json`.", reason: "unsupported_media_type", httpStatus: 415 }),
  PAYLOAD_TOO_LARGE: () => new AppError("PAYLOAD_TOO_LARGE", { message: "The request body is too large. Upload big files with POST …/files/upload.", reason: "body_too_large" }),
  METHOD_NOT_SUPPORTED: () => new AppError("INVALID_INPUT", { message: "This route does not accept that method.", reason: "method_not_allowed", httpStatus: 405 }),
  UNAUTHORIZED: () => notSignedIn("trpc"),
  FORBIDDEN: () => new AppError("FORBIDDEN", { message: "You may not do this." }),
  CONFLICT: () => new AppError("CONFLICT", { message: "This conflicts with the current state. Reload and try again." }),
  TOO_MANY_REQUESTS: () => new AppError("RATE_LIMITED", { message: "Too many requests. Wait a moment and try again.", retryAfterSeconds: 1 }),
  SERVICE_UNAVAILABLE: () => new AppError("UNAVAILABLE", { message: "The service is unavailable. Try again shortly.", retryAfterSeconds: 5 }),
};

function bodyNotParsed(cause?: unknown): AppError {
  return new AppError("INVALID_INPUT", { message: "The request body is not valid JSON. Fix it and send it again.", reason: "invalid_json", httpStatus: 400, cause });
}

function isAbort(e: object): boolean {
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === "AbortError" || name === "ResponseAborted" || code === "ABORT_ERR";
}

/**
 * What a thrown value means, as an AppError, or null when nothing recognises it (a bug: the
 * caller answers a generic 500). The model is Documenso's `AppError.parseError`: AppErrors and
 * zod errors found anywhere in the cause chain keep their meaning; a database outage anywhere in
 * it is UNAVAILABLE; a cancelled request, a body that does not parse and tRPC's own routing
 * errors get their code.
 */
export function parseError(error: unknown): AppError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    if (isAppError(current)) {
      // An INTERNAL wrapper around an outage (e.g. "could not check your identity") is the outage.
      if (current.code === "INTERNAL") return databaseUnavailable(current.cause) ?? current;
      return current;
    }
    if (current instanceof ZodError) return invalidInput(current);
    current = (current as { cause?: unknown }).cause;
  }
  const unavailable = databaseUnavailable(error);
  if (unavailable) return unavailable;
  current = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    if (isAbort(current)) {
      return new AppError("CONFLICT", { message: "The request was cancelled before it finished (the client went away). Send it again.", reason: "cancelled", cause: error });
    }
    if (current instanceof SyntaxError && /JSON/.test(current.message)) return bodyNotParsed(error);
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof TRPCError) {
    const known = FROM_TRPC[error.code];
    if (known) return known();
  }
  return null;
}

/**
 * The one error path: any thrown value → the status, body and headers a door sends. Unknown
 * errors get a generic message (never their own, which may hold paths, SQL or secrets) and one
 * log line with the stack, tagged with the door and `where` (a route, procedure or event).
 */
export function toErrorBody(error: unknown, door: ErrorDoor, where = ""): ErrorAnswer {
  let app = parseError(error);
  if (!app) {
    logger(door).error({ err: error, where: where || undefined }, `${where || door} failed`);
    app = new AppError("INTERNAL", { message: GENERIC_MESSAGE, reason: "internal", cause: error });
  }
  const headers: Record<string, string> = app.retryAfterSeconds !== undefined ? { "retry-after": String(Math.max(1, Math.ceil(app.retryAfterSeconds))) } : {};
  return { status: app.httpStatus, body: app.toJSON(), headers, error: app };
}

/** The JSON response of the HTTP doors (REST, the streaming routes, MCP's HTTP layer): `{ error: body }`, never cached. */
export function errorResponse(error: unknown, door: ErrorDoor, where = ""): Response {
  const answer = toErrorBody(error, door, where);
  return new Response(JSON.stringify({ error: answer.body }), {
    status: answer.status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...answer.headers },
  });
}
