// Sandbox sessions and commands: list (viewers), start/stop/destroy and run (editors, `exec` scope).
import { z } from "zod";
import { exec, executeCode, ZExecInput, ZExecuteCodeInput } from "~/server/sandbox/exec";
import { createSession, destroySession, listSessions, stopSession, ZCreateSessionInput } from "~/server/sandbox/sessions";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const ZSessionRef = z.object({ sessionId: z.string().min(1).max(64) });

export const sandboxRouter = createTRPCRouter({
  sessions: createTRPCRouter({
    list: workspaceProcedure("viewer", "read")
      .input(z.object({ includeStopped: z.boolean().default(false) }))
      .query(({ ctx, input }) => listSessions(ctx.workspace.id, input)),
    create: workspaceProcedure("editor", "exec").input(ZCreateSessionInput).mutation(({ ctx, input }) => createSession(ctx, ctx, input)),
    stop: workspaceProcedure("editor", "exec").input(ZSessionRef).mutation(({ ctx, input }) => stopSession(ctx, ctx, input.sessionId)),
    destroy: workspaceProcedure("editor", "exec").input(ZSessionRef).mutation(({ ctx, input }) => destroySession(ctx, ctx, input.sessionId)),
  }),
  exec: workspaceProcedure("editor", "exec").input(ZExecInput).mutation(({ ctx, input }) => exec(ctx, ctx, input)),
  executeCode: workspaceProcedure("editor", "exec").input(ZExecuteCodeInput).mutation(({ ctx, input }) => executeCode(ctx, ctx, input)),
});
