// How MCP tool results look: concise text for the model plus `structuredContent` for programs.
// Failures are tool results with `isError: true` (not protocol errors), carrying the AppError
// code and reason and a message that says what to do next.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ZodError } from "zod";
import { type AppErrorBody, isAppError } from "~/server/errors";
import { logger } from "~/server/observability/logger";

export function ok(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** Next steps for refusals whose service message explains why but not what to do instead. */
const NEXT_STEP: Record<string, string> = {
  critical_file: "Use another file.",
  outside_workspace: "Use a path relative to the workspace root.",
  not_signed_in: "Reconnect with a valid API key.",
  version_conflict: "Call read_file again, then redo the change on the current content.",
  snapshot_not_found: "Call list_snapshots for this workspace's snapshot ids.",
};

function withNextStep(body: AppErrorBody): AppErrorBody {
  const next = body.reason ? NEXT_STEP[body.reason] : undefined;
  return next && !body.message.includes(next) ? { ...body, message: `${body.message} ${next}` } : body;
}

/** The AppError behind a failure: thrown directly, or wrapped as the cause of a tRPC error. */
export function errorBodyOf(error: unknown): AppErrorBody {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (isAppError(error)) return withNextStep(error.toJSON());
  if (isAppError(cause)) return withNextStep(cause.toJSON());
  const zod = error instanceof ZodError ? error : cause instanceof ZodError ? cause : null;
  if (zod) {
    const fields = zod.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return { code: "INVALID_INPUT", message: `Some arguments are not valid (${fields}). Fix them and call the tool again.`, reason: "invalid_input" };
  }
  logger("mcp").error({ err: error }, "tool failed");
  return { code: "INTERNAL", message: "Something went wrong on the server. Try again; if it keeps failing, tell your administrator.", reason: "internal" };
}

export function fail(error: unknown): CallToolResult {
  const body = errorBodyOf(error);
  const reason = body.reason ? `, ${body.reason}` : "";
  return {
    isError: true,
    content: [{ type: "text", text: `Error (${body.code}${reason}): ${body.message}` }],
    structuredContent: { error: body },
  };
}
