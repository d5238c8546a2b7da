// What every tool handler gets: the request's context and a tRPC caller for it (the SAME procedures,
// permissions, scopes, path guard, audit and read-before-write as every other door).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { createCaller } from "~/server/api/root";
import { type ActorContext, contextOf } from "./context";
import { fail } from "./results";

export interface ToolEnv {
  ctx: ActorContext;
  caller: ReturnType<typeof createCaller>;
}

/** Per-session state of the tools: none today (what a key has read is shared by every door, in Postgres). */
export type McpSessionState = Record<string, never>;

export type RegisterTools = (server: McpServer, session: McpSessionState) => void;

/** Runs a tool body with its environment; any failure becomes an `isError` result. */
export async function runTool(session: McpSessionState, extra: { authInfo?: AuthInfo }, body: (env: ToolEnv) => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    const ctx = contextOf(extra);
    return await body({ ctx, caller: createCaller(ctx) });
  } catch (error) {
    return fail(error);
  }
}

export const ZWorkspaceId = z.string().min(1).max(64).describe("The workspace id (from list_workspaces).");
export const ZFilePath = z.string().min(1).max(4096).describe('Path relative to the workspace root, e.g. "src/app.py".');
