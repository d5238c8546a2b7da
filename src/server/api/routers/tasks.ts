// Background tasks: submit (editors) and cancel (editors, or the submitter), both with the `exec`
// scope; list and get (viewers). Thin: each procedure parses its input and calls one service in
// src/server/tasks/.
import { cancelTask, getTask, listTasks, submitTask } from "~/server/tasks/service";
import { ZListTasksInput, ZSubmitTaskInput, ZTaskIdInput } from "~/server/tasks/schemas";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const tasksRouter = createTRPCRouter({
  submit: workspaceProcedure("editor", "exec").input(ZSubmitTaskInput).mutation(({ ctx, input }) => submitTask(ctx, ctx, input)),
  list: workspaceProcedure("viewer", "read").input(ZListTasksInput).query(({ ctx, input }) => listTasks(ctx.workspace.id, input)),
  /** Includes the stored output tails (the last ≤ 1 MiB per stream). */
  get: workspaceProcedure("viewer", "read").input(ZTaskIdInput).query(({ ctx, input }) => getTask(ctx.workspace.id, input.taskId)),
  /** Editors, or the task's submitter (the service checks which, audited). */
  cancel: workspaceProcedure("viewer", "exec").input(ZTaskIdInput).mutation(({ ctx, input }) => cancelTask(ctx, ctx, input.taskId)),
});
