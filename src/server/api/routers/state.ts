// Key-value state per workspace (src/server/workspaces/state.ts): viewers (`read`) read it,
// editors (`write`) change it; changes are audited.
import { deleteState, getState, listState, setState, ZStateDeleteInput, ZStateKeyInput, ZStateListInput, ZStateSetInput } from "~/server/workspaces/state";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const stateRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "read").input(ZStateListInput).query(({ ctx, input }) => listState(ctx.workspace.id, input)),
  get: workspaceProcedure("viewer", "read").input(ZStateKeyInput).query(({ ctx, input }) => getState(ctx.workspace.id, input.key)),
  set: workspaceProcedure("editor", "write").input(ZStateSetInput).mutation(({ ctx, input }) => setState(ctx, ctx.workspace.id, input)),
  delete: workspaceProcedure("editor", "write").input(ZStateDeleteInput).mutation(({ ctx, input }) => deleteState(ctx, ctx.workspace.id, input)),
});
