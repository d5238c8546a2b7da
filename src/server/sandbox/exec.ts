// Running commands for a caller: pick (or start) the caller's session in the workspace, apply the
// command policy, run through the session's driver, and keep the session's idle clock fresh.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { SandboxSession } from "~/generated/prisma/client";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { execOutcome, metrics, timed } from "~/server/observability/metrics";
import { withSpan } from "~/server/observability/tracing";
import { resolveCwd } from "./cwd";
import type { ExecResult } from "./driver";
import { limitsFromJson, resolveLimits, type SandboxLimits } from "./presets";
import { enforceRunPolicy } from "./run-guard";
import { driverFor, sandboxSettings } from "./service";
import { type ActorContext, createSession, getSessionRow, handleOf, stopSessionById, touchSession } from "./sessions";

const ZEnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "environment variable names are letters, digits and _").refine((n) => !n.startsWith("ATRIUM_"), "ATRIUM_* variables are reserved");
const noNul = (s: string) => !s.includes("\0");

/**
 * A command's timeout: at most this instance's cap (ATRIUM_EXEC_MAX_TIMEOUT_MS, default 1,800,000).
 * Lazy, so the cap is read from the sandbox settings when first used, not at import; the OpenAPI
 * and MCP documents generated from this schema then advertise the cap timeoutOf enforces.
 */
export const ZExecTimeout = z.lazy(() =>
  z
    .number()
    .int()
    .min(100)
    .max(sandboxSettings().maxTimeoutMs)
    .describe(`Milliseconds before the command is killed (default ${sandboxSettings().defaultTimeoutMs}, at most ${sandboxSettings().maxTimeoutMs}).`),
);

export const ZExecInput = z.object({
  command: z.union([
    z.string().min(1).max(64 * 1024).refine(noNul, "no NUL characters"),
    z.array(z.string().max(64 * 1024).refine(noNul, "no NUL characters")).min(1).max(4096),
  ]),
  cwd: z.string().max(4096).optional(),
  env: z.record(ZEnvName, z.string().max(32 * 1024).refine(noNul, "no NUL characters")).optional(),
  stdin: z.string().max(1024 * 1024).optional(),
  timeoutMs: ZExecTimeout.optional(),
  preset: z.string().min(1).max(40).optional(),
  sessionId: z.string().min(1).max(64).optional(),
});
export type ExecInput = z.input<typeof ZExecInput>;

export const RUNTIMES = ["bash", "python", "node"] as const;
export const ZExecuteCodeInput = z.object({
  code: z.string().min(1).max(1024 * 1024),
  runtime: z.enum(RUNTIMES),
  timeoutMs: ZExecTimeout.optional(),
  preset: z.string().min(1).max(40).optional(),
  sessionId: z.string().min(1).max(64).optional(),
});
export type ExecuteCodeInput = z.input<typeof ZExecuteCodeInput>;

export interface ExecOutput {
  sessionId: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  truncated: boolean;
  timedOut: boolean;
  oomKilled: boolean;
}

/** Concurrent first commands from one caller share one new session instead of starting several. */
const starting = new Map<string, Promise<SandboxSession>>();

export function timeoutOf(requested: number | undefined): number {
  const { defaultTimeoutMs, maxTimeoutMs } = sandboxSettings();
  const ms = requested ?? defaultTimeoutMs;
  if (ms > maxTimeoutMs) {
    throw new AppError("LIMIT_EXCEEDED", { message: `The timeout may be at most ${maxTimeoutMs} ms. Ask for less, or run it as a task.`, reason: "timeout_too_long" });
  }
  return ms;
}

export interface Target {
  /** The running session to use, or null when one must be started with `preset`. */
  session: SandboxSession | null;
  preset: string;
  limits: SandboxLimits;
  commandPolicy: unknown;
}

export async function findTarget(ctx: ActorContext, access: WorkspaceAccess, input: { preset?: string; sessionId?: string }): Promise<Target> {
  const ws = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { defaultPreset: true, commandPolicy: true } });
  if (!ws) throw new AppError("NOT_FOUND", { message: "No such workspace.", reason: "workspace_not_found" });
  if (input.sessionId) {
    const row = await getSessionRow(access.workspace.id, input.sessionId);
    // Sessions are personal: another member's session (and its scratch space) is not yours to drive.
    if (row.userId !== ctx.actor.user.id) throw new AppError("NOT_FOUND", { message: "No such session of yours in this workspace.", reason: "session_not_found" });
    if (row.status !== "RUNNING") {
      throw new AppError("CONFLICT", { message: `This session is ${row.status.toLowerCase()}. Start a new session, or omit sessionId to use (or start) one.`, reason: "session_not_running" });
    }
    return { session: row, preset: row.preset, limits: limitsFromJson(row.preset, row.limits), commandPolicy: ws.commandPolicy };
  }
  const preset = input.preset ?? ws.defaultPreset;
  // A background task's session is removed when the task ends; a command run there would die with it.
  const taskSessions = await db().task.findMany({
    where: { workspaceId: access.workspace.id, userId: ctx.actor.user.id, status: "RUNNING", sessionId: { not: null } },
    select: { sessionId: true },
  });
  const session = await db().sandboxSession.findFirst({
    where: {
      workspaceId: access.workspace.id,
      userId: ctx.actor.user.id,
      status: "RUNNING",
      ephemeral: false,
      // Only a plain rw session is picked without being named: a command must not land in a
      // read-only or copy-on-write one (and vanish with it) because it happened to be running.
      access: "RW",
      preset,
      id: { notIn: taskSessions.map((t) => t.sessionId!) },
    },
    orderBy: { lastActiveAt: "desc" },
  });
  return { session, preset, limits: session ? limitsFromJson(session.preset, session.limits) : resolveLimits(preset), commandPolicy: ws.commandPolicy };
}

export async function startFor(ctx: ActorContext, access: WorkspaceAccess, preset: string): Promise<SandboxSession> {
  const key = `${access.workspace.id}:${ctx.actor.user.id}:${preset}`;
  let pending = starting.get(key);
  if (!pending) {
    pending = createSession(ctx, access, { preset }).then((view) => getSessionRow(access.workspace.id, view.id));
    starting.set(key, pending);
    void pending.finally(() => starting.delete(key)).catch(() => undefined);
  }
  return pending;
}

async function runIn(session: SandboxSession, argv: readonly string[], options: { cwd?: string; env?: Record<string, string>; stdin?: string; timeoutMs: number }): Promise<ExecResult> {
  const handle = handleOf(session);
  if (!handle) throw new AppError("CONFLICT", { message: "This session has no sandbox yet. Try again in a moment.", reason: "session_not_running" });
  return driverFor(handle.driver).exec(handle, argv, { ...options, maxOutputBytes: sandboxSettings().maxOutputBytes });
}

/**
 * Runs `argv` in the target session, starting one if needed. When an existing session's sandbox
 * turns out to be gone (engine restarted, container removed by hand), the session is marked
 * `container_lost` and, unless the caller named it, one new session is started and the command retried.
 */
async function runWithSession(
  ctx: ActorContext,
  access: WorkspaceAccess,
  target: Target,
  explicit: boolean,
  argv: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<ExecOutput> {
  let session = target.session ?? (await startFor(ctx, access, target.preset));
  let result: ExecResult;
  try {
    result = await runIn(session, argv, options);
  } catch (error) {
    const lost = isAppError(error) && (error.reason === "session_not_running" || (error.code === "NOT_FOUND" && error.reason === "docker_error"));
    if (!lost) throw error;
    await stopSessionById(session.id, "container_lost");
    if (explicit) throw new AppError("CONFLICT", { message: "This session's sandbox is gone; it has been stopped. Start a new session.", reason: "session_not_running", cause: error });
    session = await startFor(ctx, access, target.preset);
    result = await runIn(session, argv, options);
  }
  await touchSession(session.id);
  return {
    sessionId: session.id,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    durationMs: result.durationMs,
    truncated: result.truncated,
    timedOut: result.timedOut,
    oomKilled: result.oomKilled,
  };
}

export function refuseArchived(access: WorkspaceAccess): void {
  if (access.workspace.status === "ARCHIVED") {
    throw new AppError("CONFLICT", { message: "This workspace is archived. Unarchive it to run commands.", reason: "workspace_archived" });
  }
}

/** What `exec` and its streaming twin both check before running anything: input, archive, cwd, timeout, session, policy. */
export async function prepareExec(ctx: ActorContext, access: WorkspaceAccess, raw: ExecInput) {
  const input = ZExecInput.parse(raw);
  refuseArchived(access);
  const cwd = resolveCwd(input.cwd);
  const timeoutMs = timeoutOf(input.timeoutMs);
  const target = await findTarget(ctx, access, input);
  await enforceRunPolicy(ctx, { workspaceId: access.workspace.id, action: "sandbox.exec", command: input.command, policy: target.commandPolicy, shell: target.limits.shell, preset: target.preset, env: input.env, cwd });
  const argv = typeof input.command === "string" ? ["/bin/sh", "-c", input.command] : input.command;
  return { input, target, argv, options: { cwd, env: input.env, stdin: input.stdin, timeoutMs } };
}

/** One command, start to finish (policy, session start, run): a span and the exec histogram by door. */
export function observeExec<T extends { exitCode: number; timedOut: boolean }>(ctx: ActorContext, access: WorkspaceAccess, fn: () => Promise<T>): Promise<T> {
  const door = ctx.channel;
  return withSpan("exec", { "atrium.door": door, "atrium.workspace_id": access.workspace.id }, () => timed(metrics().execDuration, { door }, fn, execOutcome));
}

export async function exec(ctx: ActorContext, access: WorkspaceAccess, raw: ExecInput): Promise<ExecOutput> {
  return observeExec(ctx, access, async () => {
    const { input, target, argv, options } = await prepareExec(ctx, access, raw);
    return runWithSession(ctx, access, target, input.sessionId !== undefined, argv, options);
  });
}

const INTERPRETERS: Record<(typeof RUNTIMES)[number], { argv0: string; ext: string }> = {
  bash: { argv0: "bash", ext: "sh" },
  python: { argv0: "python3", ext: "py" },
  node: { argv0: "node", ext: "mjs" },
};

/** Writes `code` to a temporary file in the session's /tmp and runs it with the runtime's interpreter. */
export function executeCode(ctx: ActorContext, access: WorkspaceAccess, raw: ExecuteCodeInput): Promise<ExecOutput> {
  return observeExec(ctx, access, () => executeCodeNow(ctx, access, raw));
}

async function executeCodeNow(ctx: ActorContext, access: WorkspaceAccess, raw: ExecuteCodeInput): Promise<ExecOutput> {
  const input = ZExecuteCodeInput.parse(raw);
  refuseArchived(access);
  const timeoutMs = timeoutOf(input.timeoutMs);
  const target = await findTarget(ctx, access, input);
  const { argv0, ext } = INTERPRETERS[input.runtime];
  const file = `/tmp/atrium-code-${randomBytes(6).toString("hex")}.${ext}`;
  // Bash code is a shell program: the policy sees its text (and a shell-less preset refuses it).
  const command = input.runtime === "bash" ? input.code : [argv0, file];
  await enforceRunPolicy(ctx, { workspaceId: access.workspace.id, action: "sandbox.executeCode", command, policy: target.commandPolicy, shell: target.limits.shell, preset: target.preset });
  const explicit = input.sessionId !== undefined;
  // `cp /dev/stdin` writes the file without a shell, in busybox and coreutils images alike.
  const written = await runWithSession(ctx, access, target, explicit, ["cp", "/dev/stdin", file], { stdin: input.code, timeoutMs: 10_000 });
  if (written.exitCode !== 0) {
    throw new AppError("UNAVAILABLE", { message: `Could not write the code into the session: ${written.stderr.trim() || `exit ${written.exitCode}`}.`, reason: "code_write_failed" });
  }
  const session = await getSessionRow(access.workspace.id, written.sessionId);
  const result = await runWithSession(ctx, access, { ...target, session }, true, [argv0, file], { cwd: "/workspace", timeoutMs });
  await runIn(session, ["rm", "-f", file], { timeoutMs: 5_000 }).catch(() => undefined);
  return result;
}
