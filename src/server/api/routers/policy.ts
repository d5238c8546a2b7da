// Workspace policy (issue 17): the command policy owners set, path checks anyone in the workspace
// may ask, sandbox limits owners raise within the admin's ceilings, and the task workers' health.
import { authedProcedure, adminProcedure, createTRPCRouter, workspaceProcedure } from "../trpc";
import { checkPath, ZCheckPathInput } from "~/server/files/check-path";
import {
  currentCeilings,
  getCommandPolicy,
  getWorkspaceLimits,
  setCeilings,
  setCommandPolicy,
  setWorkspaceLimits,
  ZCeilingsInput,
  ZSetCommandPolicyInput,
  ZSetLimitsInput,
} from "~/server/sandbox/policy-settings";
import { workerHealth } from "~/server/tasks/worker-health";

export const policyRouter = createTRPCRouter({
  /** Members see the policy, so a refusal makes sense; owners change it. */
  commandPolicy: workspaceProcedure("viewer", "read").query(({ ctx }) => getCommandPolicy(ctx.workspace.id)),
  setCommandPolicy: workspaceProcedure("owner", "write")
    .input(ZSetCommandPolicyInput)
    .mutation(({ ctx, input }) => setCommandPolicy(ctx, ctx.workspace.id, input)),
  /** Would the caller be allowed `permission` on `path`? The guard's answer, nothing done (not audited: see check-path.ts). */
  checkPath: workspaceProcedure("viewer", "read")
    .input(ZCheckPathInput)
    .query(({ ctx, input }) => checkPath(ctx.actor, ctx, input)),
  limits: workspaceProcedure("viewer", "read").query(({ ctx }) => getWorkspaceLimits(ctx.workspace.id)),
  setLimits: workspaceProcedure("owner", "write")
    .input(ZSetLimitsInput)
    .mutation(({ ctx, input }) => setWorkspaceLimits(ctx, ctx.workspace.id, input)),
  /** Owners need the ceilings to know how far they may go. */
  ceilings: authedProcedure("read").query(() => currentCeilings()),
  setCeilings: adminProcedure.input(ZCeilingsInput).mutation(({ ctx, input }) => setCeilings(ctx, input)),
  workerHealth: adminProcedure.query(() => workerHealth()),
});
