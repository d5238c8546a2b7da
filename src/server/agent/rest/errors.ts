// REST's envelope around the one error path (toErrorBody in src/server/errors.ts):
// `{ error: { code, message, reason?, retryAfterSeconds?, details? } }` with the status an HTTP
// client expects and Retry-After when there is a time to wait.
import { type AppErrorBody, toErrorBody } from "~/server/errors";

export interface RestErrorBody {
  error: AppErrorBody;
}

export function restError(error: unknown, where = ""): { status: number; body: RestErrorBody; headers: Record<string, string> } {
  const answer = toErrorBody(error, "rest", where);
  return { status: answer.status, body: { error: answer.body }, headers: answer.headers };
}

export function restErrorResponse(error: unknown, where = ""): Response {
  const { status, body, headers } = restError(error, where);
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}
