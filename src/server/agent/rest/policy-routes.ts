// REST routes for workspace policy (issue 17): command policy, path checks, sandbox limits and
// ceilings, task-worker health. Adapters over the `policy` tRPC procedures, like router.ts.
import { z } from "zod";
import { createCaller } from "~/server/api/root";
import { type Context, publicProcedure } from "~/server/api/trpc";
import { ZCheckPathInput } from "~/server/files/check-path";
import { COMMAND_POLICY_PRESET_NAMES, ZCommandPolicy } from "~/server/sandbox/command-policy";
import { ZRaisableLimits } from "~/server/sandbox/presets";
import { AppError } from "~/server/errors";
import * as S from "./schemas";

const api = (ctx: Context) => createCaller(ctx);
const ERR = [400, 401, 403, 404, 429];
const X = ["sandbox"];

const ZPolicy = ZCommandPolicy.meta({ id: "CommandPolicy" });
const ZPolicyView = z
  .object({
    policy: ZPolicy.nullable(),
    invalid: z.boolean().describe("A stored policy that no longer parses: every command is refused until an owner sets a valid one."),
    strictDefaultAllowlist: z.array(z.string()).describe("What `strict` sessions allow when the policy has no allowlist."),
    presets: z.array(z.object({ name: z.string(), policy: ZPolicy })),
  })
  .meta({ id: "CommandPolicyView" });
const ZCeilings = z.object({ memoryMb: z.number(), cpus: z.number(), processes: z.number() }).meta({ id: "LimitCeilings" });
const ZLimitsView = z
  .object({
    limits: ZRaisableLimits,
    ceilings: ZCeilings,
    presets: z.array(z.object({ name: z.string(), memoryMb: z.number(), cpus: z.number(), processes: z.number() })),
  })
  .meta({ id: "WorkspaceLimits" });
const ZPathCheck = z
  .object({
    allowed: z.boolean(),
    permission: z.enum(["read", "write", "execute", "delete"]),
    reason: z.string().nullable().describe("Why not: the reason the real operation would fail with (blocked_path, read_only, critical_file, permission_denied, missing_scope…)."),
    message: z.string().nullable(),
    resolved: z.string().nullable().describe("The workspace-relative path the operation would touch (symlinks inside resolved)."),
  })
  .meta({ id: "PathCheck" });
const ZWorkerHealth = z
  .object({
    workers: z.array(z.object({ id: z.string(), activeTasks: z.number(), concurrency: z.number(), lastTickAt: z.string().nullable(), startedAt: z.string().nullable(), stopping: z.boolean() })),
    running: z.array(z.object({ workerId: z.string(), tasks: z.number(), lastHeartbeatAt: z.string().nullable() })),
    queued: z.number(),
    volume: z.union([z.object({ freeBytes: z.number(), totalBytes: z.number() }), z.object({ error: z.string() })]),
    time: z.string(),
  })
  .meta({ id: "WorkerHealth" });

export const policyRoutes = {
  getCommandPolicy: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/command-policy", tags: X, summary: "The workspace's command policy (members)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId }))
    .output(ZPolicyView)
    .query(({ ctx, input }) => api(ctx).policy.commandPolicy({ workspaceId: input.id })),

  setCommandPolicy: publicProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/workspaces/{id}/command-policy",
        tags: X,
        summary: "Set the command policy (owners)",
        description:
          'Send `{"preset": "worker"}` for the worker design\'s allowlist in one call, or `{"policy": {"allowedBinaries": [...], "blockedPatterns": [...]}}` (null removes it). Patterns are `*` globs, or RE2 regular expressions prefixed `re:`.',
        errorResponses: ERR,
      },
    })
    .input(z.object({ id: S.ZId, preset: z.enum(COMMAND_POLICY_PRESET_NAMES as [string, ...string[]]).optional(), policy: ZCommandPolicy.nullable().optional() }))
    .output(ZPolicyView)
    .mutation(({ ctx, input: { id, preset, policy } }) => {
      if ((preset === undefined) === (policy === undefined)) {
        throw new AppError("INVALID_INPUT", { message: 'Send exactly one of "preset" or "policy".', reason: "invalid_input" });
      }
      return api(ctx).policy.setCommandPolicy({ workspaceId: id, ...(preset !== undefined ? { preset } : { policy: policy ?? null }) });
    }),

  checkPath: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/{id}/paths/check",
        tags: ["files"],
        summary: "Would this path operation be allowed? (nothing is done)",
        description: "The path guard's answer for you (role, key scopes, path rules incl. no_exec, protected files, symlinks). A check is not audited; the real operation is.",
        errorResponses: ERR,
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZCheckPathInput.shape) }))
    .output(ZPathCheck)
    .mutation(({ ctx, input: { id, ...rest } }) => api(ctx).policy.checkPath({ workspaceId: id, ...rest })),

  getLimits: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/limits", tags: X, summary: "The workspace's sandbox limits and the ceilings", errorResponses: ERR } })
    .input(z.object({ id: S.ZId }))
    .output(ZLimitsView)
    .query(({ ctx, input }) => api(ctx).policy.limits({ workspaceId: input.id })),

  setLimits: publicProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/workspaces/{id}/limits",
        tags: X,
        summary: "Raise or lower the workspace's sandbox limits (owners)",
        description: "memoryMb, cpus, processes for sessions started from now on; above the instance ceiling is 422 LIMIT_EXCEEDED `limit_above_ceiling`.",
        errorResponses: [...ERR, 422],
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed({ limits: ZRaisableLimits }) }))
    .output(ZLimitsView)
    .mutation(({ ctx, input: { id, limits } }) => api(ctx).policy.setLimits({ workspaceId: id, limits })),

  getCeilings: publicProcedure
    .meta({ openapi: { method: "GET", path: "/sandbox/ceilings", tags: X, summary: "The instance's limit ceilings", errorResponses: ERR } })
    .input(z.object({}))
    .output(ZCeilings)
    .query(({ ctx }) => api(ctx).policy.ceilings()),

  setCeilings: publicProcedure
    .meta({ openapi: { method: "PUT", path: "/sandbox/ceilings", tags: X, summary: "Set the limit ceilings (admins)", errorResponses: ERR } })
    .input(z.object(S.sealed(ZRaisableLimits.shape)))
    .output(ZCeilings)
    .mutation(({ ctx, input }) => api(ctx).policy.setCeilings(input)),

  workerHealth: publicProcedure
    .meta({ openapi: { method: "GET", path: "/sandbox/workers", tags: X, summary: "Task workers: load and heartbeat (admins)", errorResponses: ERR } })
    .input(z.object({}))
    .output(ZWorkerHealth)
    .query(({ ctx }) => api(ctx).policy.workerHealth()),
};
