// Path rules: members can see them (so a refusal makes sense); owners set them.
import {
  createPathRule,
  deletePathRule,
  listPathRules,
  previewPathRule,
  ZCreatePathRuleInput,
  ZDeletePathRuleInput,
  ZPreviewPathRuleInput,
} from "~/server/workspaces/path-rules";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const pathRulesRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "read").query(({ ctx }) => listPathRules(ctx.workspace.id)),
  create: workspaceProcedure("owner", "write").input(ZCreatePathRuleInput).mutation(({ ctx, input }) => createPathRule(ctx, ctx.workspace.id, input)),
  delete: workspaceProcedure("owner", "write").input(ZDeletePathRuleInput).mutation(({ ctx, input }) => deletePathRule(ctx, ctx.workspace.id, input.ruleId)),
  /** Which existing paths a pattern would cover, before saving it. Read-only, so the read scope suffices. */
  preview: workspaceProcedure("owner", "read").input(ZPreviewPathRuleInput).query(({ ctx, input }) => previewPathRule(ctx.workspace.id, input.pattern)),
});
