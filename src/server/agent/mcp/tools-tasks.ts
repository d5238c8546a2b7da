// Task tools: submit_task queues a command to run in the background (no connection held), and
// get_task reads its state and output. Each is one call of the tasks procedures (same permissions,
// scopes and audit as every other door).
import { z } from "zod";
import { TASK_PRIORITIES, type TaskDetail, type TaskView, ZSubmitTaskInput } from "~/server/tasks/schemas";
import { ok } from "./results";
import { type RegisterTools, runTool, ZWorkspaceId } from "./tool-env";

/** Output shown to the model per stream; the full ≤ 1 MiB tail is in structuredContent. */
const TEXT_TAIL_CHARS = 8000;

function plain(t: TaskView) {
  return { ...t, createdAt: t.createdAt.toISOString(), startedAt: t.startedAt?.toISOString() ?? null, finishedAt: t.finishedAt?.toISOString() ?? null };
}

function summary(t: TaskView): string {
  const command = typeof t.command === "string" ? t.command : JSON.stringify(t.command);
  const parts = [`Task ${t.id} (${t.priority}) is ${t.status}`];
  if (t.exitCode !== null) parts.push(`exit code ${t.exitCode}`);
  if (t.startedAt && t.finishedAt) parts.push(`ran ${((t.finishedAt.getTime() - t.startedAt.getTime()) / 1000).toFixed(1)} s`);
  if (t.failureReason) parts.push(`reason: ${t.failureReason}`);
  if (t.attempt > 1) parts.push(`attempt ${t.attempt} of ${t.maxRetries + 1}`);
  return `${parts.join(", ")}. Command: ${command.slice(0, 300)}`;
}

function tailBlock(name: string, text: string, bytes: number): string {
  if (!text) return `${name}: (empty)`;
  const shown = text.length > TEXT_TAIL_CHARS ? text.slice(-TEXT_TAIL_CHARS) : text;
  const note = shown.length < text.length || bytes > Buffer.byteLength(text) ? ` (last ${shown.length} characters of ${bytes} bytes)` : "";
  return `${name}${note}:\n${shown}`;
}

export const registerTaskTools: RegisterTools = (server, session) => {
  server.registerTool(
    "submit_task",
    {
      title: "Submit a background task",
      description:
        "Queue a long-running command (build, test suite, data job) to run in the workspace's sandbox without waiting for it. Returns a taskId at once; call get_task to see its status and output. Higher priorities run first; a workspace runs a limited number of tasks at a time.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        // The service schema's limits (command and env sizes, timeout ≤ 24 h, retries ≤ 5), advertised as enforced.
        command: ZSubmitTaskInput.shape.command.describe('e.g. "npm test", or ["python3", "train.py"].'),
        priority: z.enum(TASK_PRIORITIES).optional().describe("Default normal."),
        timeoutMs: ZSubmitTaskInput.shape.timeoutMs.removeDefault().optional().describe("Kill it after this long (default 10 minutes, at most 24 hours)."),
        preset: ZSubmitTaskInput.shape.preset.describe('Sandbox preset, "default" or "strict".'),
        env: ZSubmitTaskInput.shape.env.describe("Extra environment variables."),
        maxRetries: ZSubmitTaskInput.shape.maxRetries.removeDefault().optional().describe("Run again after a failure, up to this many times."),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const t = await env.caller.tasks.submit(args);
        return ok(`${summary(t)}. Call get_task with taskId "${t.id}" to follow it.`, plain(t));
      }),
  );

  server.registerTool(
    "get_task",
    {
      title: "Get a task",
      description: "A task's status (QUEUED, RUNNING, COMPLETED, FAILED, TIMED_OUT, CANCELLED), exit code and the end of its output. Call again while it is QUEUED or RUNNING.",
      inputSchema: { workspaceId: ZWorkspaceId, taskId: z.string().min(1).max(64).describe("The id submit_task returned.") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const t: TaskDetail = await env.caller.tasks.get(args);
        const text = [summary(t), tailBlock("stdout", t.stdoutTail, t.stdoutBytes), tailBlock("stderr", t.stderrTail, t.stderrBytes)].join("\n\n");
        return ok(text, { ...plain(t), stdoutTail: t.stdoutTail, stderrTail: t.stderrTail });
      }),
  );
};
