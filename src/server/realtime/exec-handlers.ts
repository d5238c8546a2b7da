// Streaming exec over a socket: `exec:start` → ack { execId } → `exec:output` chunks → one
// `exec:exited` (or `exec:failed`). Execs belong to the socket that started them: `exec:cancel`
// only finds this socket's, and a disconnect cancels them all (nobody could read the rest).
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { auditTargetOf } from "~/server/audit/target";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError, isAppError } from "~/server/errors";
import type { ExecStream } from "~/server/sandbox/driver";
import { ZExecInput } from "~/server/sandbox/exec";
import { execStreamFor, type StreamingExec } from "~/server/sandbox/exec-stream";
import type { Ack, ExecStarted } from "./events";
import { onRecheck } from "./live-identity";
import { errorBody, HIGH_WATER, parseInput, type RealtimeSocket, respond, socketBacklog, socketCtx } from "./terminal-registry";

/** Commands one socket may stream at once. */
const MAX_EXECS_PER_SOCKET = 8;
/** While a socket's backlog is over HIGH_WATER the pump waits; the driver's queue then pauses Docker. */
const DRAIN_CHECK_MS = 5;

const ZStart = ZExecInput.extend({ workspaceId: z.string().min(1).max(64) });
const ZCancel = z.object({ execId: z.string().min(1).max(64) });

export function registerExecHandlers(socket: RealtimeSocket): void {
  const ctx = socketCtx(socket);
  const running = new Map<string, ExecStream>();
  const workspaceOf = new Map<string, string>();

  async function start(raw: unknown): Promise<{ execId: string; run: StreamingExec }> {
    const { workspaceId, ...input } = parseInput(ZStart, raw);
    const access = await resolveWorkspaceAccess(ctx, workspaceId, "editor", "exec", "sandbox.exec", auditTargetOf(input));
    if (running.size >= MAX_EXECS_PER_SOCKET) {
      throw new AppError("LIMIT_EXCEEDED", { message: `At most ${MAX_EXECS_PER_SOCKET} commands stream on one connection at once. Wait for one to end, or cancel one.`, reason: "too_many_execs" });
    }
    const run = await execStreamFor(ctx, access, input);
    const execId = randomBytes(12).toString("base64url");
    running.set(execId, run.stream);
    workspaceOf.set(execId, workspaceId);
    // Disconnected while it started: the disconnect handler has run already.
    if (socket.disconnected) run.stream.cancel();
    return { execId, run };
  }

  socket.on("exec:start", (raw, ack) => {
    const reply = (result: Ack<ExecStarted>) => {
      if (typeof ack === "function") ack(result);
    };
    start(raw).then(
      ({ execId, run }) => {
        // The ack goes out first, so the client knows the execId before any `exec:output`.
        reply({ ok: true, data: { execId, sessionId: run.sessionId } });
        void pump(socket, execId, run).finally(() => {
          running.delete(execId);
          workspaceOf.delete(execId);
        });
      },
      (error: unknown) => reply({ ok: false, error: errorBody(error, "exec:start") }),
    );
  });

  socket.on("exec:cancel", (raw, ack) =>
    respond(ack, "exec:cancel", () => {
      const { execId } = parseInput(ZCancel, raw);
      const stream = running.get(execId);
      if (!stream) return Promise.reject(new AppError("NOT_FOUND", { message: "No such running command on this connection; it may have ended already.", reason: "exec_not_found" }));
      stream.cancel();
      return Promise.resolve({ execId });
    }),
  );

  socket.on("disconnect", () => {
    for (const stream of running.values()) stream.cancel();
  });

  // Identity changed: a command whose workspace the caller may no longer run commands in ends now.
  onRecheck(socket, async (current, lost) => {
    for (const [execId, stream] of running) {
      const workspaceId = workspaceOf.get(execId);
      if (!workspaceId) continue;
      try {
        await resolveWorkspaceAccess(current, workspaceId, "editor", "exec", "sandbox.exec");
      } catch (error) {
        // Only a refusal ends anything; a database error leaves it for the next re-check.
        if (!isAppError(error)) throw error;
        stream.cancel();
        lost(workspaceId, error);
      }
    }
  });
}

async function pump(socket: RealtimeSocket, execId: string, run: StreamingExec): Promise<void> {
  const sent = { stdout: 0, stderr: 0 };
  let truncated = false;
  try {
    for await (const chunk of run.stream) {
      const room = run.maxOutputBytes - sent[chunk.stream];
      if (room <= 0) {
        // Keep reading so the command is not blocked on a full pipe; drop what is past the cap.
        truncated = true;
        continue;
      }
      const data = chunk.data.length > room ? chunk.data.subarray(0, room) : chunk.data;
      if (data.length < chunk.data.length) truncated = true;
      sent[chunk.stream] += data.length;
      if (socket.disconnected) continue;
      socket.emit("exec:output", { execId, stream: chunk.stream, data });
      while (socket.connected && socketBacklog(socket) > HIGH_WATER) await sleep(DRAIN_CHECK_MS);
    }
    const exit = await run.stream.exit;
    socket.emit("exec:exited", { execId, exitCode: exit.exitCode, timedOut: exit.timedOut, cancelled: exit.cancelled, truncated, oomKilled: exit.oomKilled, durationMs: exit.durationMs });
  } catch (error) {
    socket.emit("exec:failed", { execId, error: errorBody(error, "exec stream") });
  }
}
