// Workspace listing and running code: list_workspaces, execute_command, execute_code, each one
// call of the same procedure a person's request goes through.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type ExecOutput, ZExecInput, ZExecTimeout, ZExecuteCodeInput } from "~/server/sandbox/exec";
import { ok } from "./results";
import { type RegisterTools, runTool, ZWorkspaceId } from "./tool-env";

function execResult(r: ExecOutput): CallToolResult {
  const notes = [r.timedOut ? "timed out" : null, r.oomKilled ? "killed: out of memory" : null, r.truncated ? "output truncated" : null].filter(Boolean);
  const parts = [`exit code ${r.exitCode}${notes.length ? ` (${notes.join(", ")})` : ""}, ${r.durationMs} ms`];
  // One trailing newline is dropped so the sections stay compact; structuredContent keeps the exact bytes.
  if (r.stdout) parts.push(`stdout:\n${r.stdout.replace(/\n$/, "")}`);
  if (r.stderr) parts.push(`stderr:\n${r.stderr.replace(/\n$/, "")}`);
  return ok(parts.join("\n"), { ...r });
}

// Limits (lengths, counts, the timeout cap) are the service schema's, so the tool schema advertises what is enforced.
const ZTimeout = ZExecTimeout.optional();

export const registerRunTools: RegisterTools = (server, session) => {
  server.registerTool(
    "list_workspaces",
    {
      title: "List workspaces",
      description: "The workspaces this key can reach, most recently used first, with their ids and your role in each.",
      inputSchema: {
        q: z.string().max(100).optional().describe("Only workspaces whose name contains this text."),
        includeArchived: z.boolean().optional(),
        limit: z.number().int().min(1).max(100).optional().describe("Default 50."),
        cursor: z.string().max(200).optional().describe("nextCursor from a previous page."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const page = await env.caller.workspaces.list(args);
        const items = page.items.map((w) => ({
          id: w.id,
          slug: w.slug,
          name: w.name,
          description: w.description,
          role: w.role,
          status: w.status,
          metadata: w.metadata,
          lastAccessedAt: w.lastAccessedAt.toISOString(),
        }));
        const lines = items.map((w) => `- ${w.name} (id ${w.id}, role ${w.role ?? "admin"}${w.status === "ARCHIVED" ? ", archived" : ""})`);
        const text = items.length ? `${items.length} workspace${items.length === 1 ? "" : "s"}:\n${lines.join("\n")}` : "No workspaces. Ask someone to invite you, or create one in Atrium.";
        return ok(page.nextCursor ? `${text}\n(more: call again with cursor "${page.nextCursor}")` : text, { items, nextCursor: page.nextCursor });
      }),
  );

  server.registerTool(
    "execute_command",
    {
      title: "Run a command",
      description:
        "Run a command in the workspace's sandbox (started on first use; files are at /workspace). A string runs through sh -c; an array runs without a shell. Returns the exit code, stdout and stderr.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        command: ZExecInput.shape.command.describe('e.g. "ls -la && python3 main.py", or ["python3", "main.py"].'),
        cwd: ZExecInput.shape.cwd.describe("Working folder relative to the workspace root."),
        env: ZExecInput.shape.env.describe("Extra environment variables."),
        stdin: ZExecInput.shape.stdin.describe("Text to send to the command's standard input."),
        timeoutMs: ZTimeout,
        sessionId: ZExecInput.shape.sessionId.describe("Run in this session (from start_session, e.g. a ro or cow one); default: your rw session, started on first use."),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    (args, extra) => runTool(session, extra, async (env) => execResult(await env.caller.sandbox.exec(args))),
  );

  server.registerTool(
    "execute_code",
    {
      title: "Run a code snippet",
      description: "Run a snippet of bash, Python or Node.js in the workspace's sandbox. Returns the exit code, stdout and stderr.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        code: ZExecuteCodeInput.shape.code.describe("The program text."),
        runtime: ZExecuteCodeInput.shape.runtime,
        timeoutMs: ZTimeout,
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    (args, extra) => runTool(session, extra, async (env) => execResult(await env.caller.sandbox.executeCode(args))),
  );
};
