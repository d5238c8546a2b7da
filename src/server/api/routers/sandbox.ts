// Sandbox sessions and commands: list and stats (viewers), start/stop/destroy and run (editors, `exec` scope).
import { z } from "zod";
import { exec, executeCode, ZExecInput, ZExecuteCodeInput } from "~/server/sandbox/exec";
import { createSession, destroySession, listSessions, stopSession, ZCreateSessionInput } from "~/server/sandbox/sessions";
import { sandboxOptions } from "~/server/sandbox/options";
import { sessionStats } from "~/server/sandbox/stats";
import { startSession, ZStartSessionInput } from "~/server/sandbox/start-session";
import { authedProcedure, createTRPCRouter, workspaceProcedure } from "../trpc";

const ZSessionRef = z.object({ sessionId: z.string().min(1).max(64) });

export const sandboxRouter = createTRPCRouter({
  /** Presets with this instance's limits, the workspace's default and the idle timeout, for "start a session". */
  options: workspaceProcedure("viewer", "read").query(({ ctx }) => sandboxOptions(ctx.workspace.id)),
  sessions: createTRPCRouter({
    list: workspaceProcedure("viewer", "read")
      .input(z.object({ includeStopped: z.boolean().default(false) }))
      .query(({ ctx, input }) => listSessions(ctx.workspace.id, input)),
    create: workspaceProcedure("editor", "exec").input(ZCreateSessionInput).mutation(({ ctx, input }) => createSession(ctx, ctx, input)),
    stop: workspaceProcedure("editor", "exec").input(ZSessionRef).mutation(({ ctx, input }) => stopSession(ctx, ctx, input.sessionId)),
    destroy: workspaceProcedure("editor", "exec").input(ZSessionRef).mutation(({ ctx, input }) => destroySession(ctx, ctx, input.sessionId)),
    /** CPU, memory and processes of a running session, for the IDE's status line (polled). */
    stats: workspaceProcedure("viewer", "read").input(ZSessionRef).query(({ ctx, input }) => sessionStats(ctx.workspace.id, input.sessionId)),
  }),
  /** A session in a workspace named by id or by your name (created on first use), or in an ephemeral one. Editors there; `exec` scope. */
  startSession: authedProcedure("exec").input(ZStartSessionInput).mutation(({ ctx, input, path }) => startSession(ctx, input, path)),
  exec: workspaceProcedure("editor", "exec").input(ZExecInput).mutation(({ ctx, input }) => exec(ctx, ctx, input)),
  executeCode: workspaceProcedure("editor", "exec").input(ZExecuteCodeInput).mutation(({ ctx, input }) => executeCode(ctx, ctx, input)),
});
