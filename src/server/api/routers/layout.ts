// The IDE layout a person left in a workspace (tabs, panel sizes, side view). Any member may keep
// their own; the key is always the caller's user id, never an input.
import { getLayout, saveLayout } from "~/server/layout/layout";
import { ZLayoutSaveInput } from "~/server/layout/schema";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const layoutRouter = createTRPCRouter({
  get: workspaceProcedure("viewer", "read").query(({ ctx }) => getLayout(ctx.actor.user.id, ctx.workspace.id)),
  // Layout is the caller's own preference, not workspace content: a viewer (and a read-scoped key) may keep one.
  save: workspaceProcedure("viewer", "read")
    .input(ZLayoutSaveInput)
    .mutation(({ ctx, input }) => saveLayout(ctx.actor.user.id, ctx.workspace.id, input.state)),
});
