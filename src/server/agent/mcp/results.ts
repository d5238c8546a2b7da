// How MCP tool results look: concise text for the model plus `structuredContent` for programs.
// Failures are tool results with `isError: true` (not protocol errors) whose body comes from the
// one error path (toErrorBody in src/server/errors.ts), with a next step in MCP's own terms.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Reason } from "~/server/audit/reasons";
import { type AppErrorBody, toErrorBody } from "~/server/errors";

export function ok(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** Next steps, named as MCP tools, for refusals whose message explains why but not what to call instead. */
const NEXT_STEP: Partial<Record<Reason, string>> = {
  critical_file: "Use another file.",
  outside_workspace: "Use a path relative to the workspace root.",
  not_signed_in: "Reconnect with a valid API key.",
  version_conflict: "Call read_file again, then redo the change on the current content.",
  snapshot_not_found: "Call list_snapshots for this workspace's snapshot ids.",
};

function withNextStep(body: AppErrorBody): AppErrorBody {
  const next = body.reason ? NEXT_STEP[body.reason as Reason] : undefined;
  return next && !body.message.includes(next) ? { ...body, message: `${body.message} ${next}` } : body;
}

/** The body of a failed tool call: the same code, message and reason as every other door. */
export function errorBodyOf(error: unknown, tool = ""): AppErrorBody {
  return withNextStep(toErrorBody(error, "mcp", tool).body);
}

export function fail(error: unknown, tool = ""): CallToolResult {
  const body = errorBodyOf(error, tool);
  const reason = body.reason ? `, ${body.reason}` : "";
  return {
    isError: true,
    content: [{ type: "text", text: `Error (${body.code}${reason}): ${body.message}` }],
    structuredContent: { error: body },
  };
}
