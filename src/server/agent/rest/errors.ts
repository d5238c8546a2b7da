// The one place REST errors take their shape: AppErrors, tRPC errors and zod failures become
// `{ error: { code, message, reason?, details? } }` with the status an HTTP client expects.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { databaseUnavailable } from "~/server/db/unavailable";
import { type AppError, type AppErrorBody, type AppErrorCode, isAppError } from "~/server/errors";
import { logger } from "~/server/observability/logger";

export interface RestErrorBody {
  error: AppErrorBody;
}

/** tRPC errors raised outside any service (routing, body parsing, bad input). */
const fromTrpc: Partial<Record<TRPCError["code"], { status: number; code: AppErrorCode; message: string }>> = {
  NOT_FOUND: { status: 404, code: "NOT_FOUND", message: "No such route. See GET /api/v1/openapi.json for the routes." },
  PARSE_ERROR: { status: 400, code: "INVALID_INPUT", message: "The request body is not valid JSON." },
  BAD_REQUEST: { status: 400, code: "INVALID_INPUT", message: "The request is not valid." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, code: "INVALID_INPUT", message: "Send the body as JSON with `Content-Type: application/json`." },
  PAYLOAD_TOO_LARGE: { status: 413, code: "PAYLOAD_TOO_LARGE", message: "The request body is too large. Upload big files with POST …/files/upload." },
  METHOD_NOT_SUPPORTED: { status: 405, code: "INVALID_INPUT", message: "This route does not accept that method." },
  UNAUTHORIZED: { status: 401, code: "UNAUTHORIZED", message: "Send an API key as `Authorization: Bearer atr_…`." },
  FORBIDDEN: { status: 403, code: "FORBIDDEN", message: "You may not do this." },
  CONFLICT: { status: 409, code: "CONFLICT", message: "This conflicts with the current state." },
  TOO_MANY_REQUESTS: { status: 429, code: "RATE_LIMITED", message: "Too many requests. Wait and try again." },
  SERVICE_UNAVAILABLE: { status: 503, code: "UNAVAILABLE", message: "The service is unavailable. Try again shortly." },
};

const GENERIC = "Something went wrong on the server. Try again; if it keeps failing, tell your administrator.";

function findCause(error: unknown): AppError | ZodError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (isAppError(current) || current instanceof ZodError) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  // Outside any procedure (e.g. the per-key budget) the database being down is still a 503.
  return databaseUnavailable(error);
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

export function restError(error: unknown): { status: number; body: RestErrorBody; headers: Record<string, string> } {
  const cause = findCause(error);
  if (cause instanceof ZodError) {
    return {
      status: 400,
      body: { error: { code: "INVALID_INPUT", message: "Some fields are not valid; see details.fieldErrors.", details: fieldErrorsOf(cause) } },
      headers: {},
    };
  }
  if (cause) {
    const headers: Record<string, string> = cause.retryAfterSeconds !== undefined ? { "retry-after": String(cause.retryAfterSeconds) } : {};
    return { status: cause.httpStatus, body: { error: cause.toJSON() }, headers };
  }
  if (error instanceof TRPCError) {
    const known = fromTrpc[error.code];
    if (known) return { status: known.status, body: { error: { code: known.code, message: known.message } }, headers: {} };
  }
  logger("rest").error({ err: error }, "request failed");
  return { status: 500, body: { error: { code: "INTERNAL", message: GENERIC } }, headers: {} };
}

export function restErrorResponse(error: unknown): Response {
  const { status, body, headers } = restError(error);
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}
