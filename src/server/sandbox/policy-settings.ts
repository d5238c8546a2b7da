// What owners set about how a workspace runs commands: its command policy (allowed programs,
// blocked patterns, one-click presets) and its sandbox limits, which may go above the presets up
// to the ceilings an admin sets for the instance. Every change is audited with before and after;
// every refusal (a limit above the ceiling) is audited too.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { env } from "~/env";
import { AppError } from "~/server/errors";
import {
  COMMAND_POLICY_PRESET_NAMES,
  COMMAND_POLICY_PRESETS,
  type CommandPolicy,
  DEFAULT_ALLOWED_BINARIES,
  parsePolicy,
  ZCommandPolicy,
} from "./command-policy";
import { type LimitCeilings, PRESETS, RAISABLE_LIMITS, type RaisableLimits, withWorkspaceLimits, ZRaisableLimits } from "./presets";
import { sandboxSettings } from "./service";

const CEILINGS_KEY = "sandbox_ceilings";

// ---- command policy ----

export const ZSetCommandPolicyInput = z.union([
  z.object({ preset: z.enum(COMMAND_POLICY_PRESET_NAMES as [string, ...string[]]).describe("worker: the worker design's allowlist; open: no allowlist.") }),
  z.object({ policy: ZCommandPolicy.nullable().describe("null removes the policy (built-in blocks still apply).") }),
]);
export type SetCommandPolicyInput = z.input<typeof ZSetCommandPolicyInput>;

export interface CommandPolicyView {
  /** The owner's policy; null when none is set. */
  policy: CommandPolicy | null;
  /** True when a stored policy no longer parses (every command is refused until an owner fixes it). */
  invalid: boolean;
  /** What `strict` sessions allow when the policy has no allowlist. */
  strictDefaultAllowlist: string[];
  presets: { name: string; policy: CommandPolicy }[];
}

function view(stored: unknown): CommandPolicyView {
  const parsed = parsePolicy(stored);
  const invalid = "reason" in parsed;
  return {
    policy: stored === null || stored === undefined || invalid ? null : parsed,
    invalid,
    strictDefaultAllowlist: [...DEFAULT_ALLOWED_BINARIES],
    presets: COMMAND_POLICY_PRESET_NAMES.map((name) => ({ name, policy: COMMAND_POLICY_PRESETS[name] })),
  };
}

export async function getCommandPolicy(workspaceId: string): Promise<CommandPolicyView> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { commandPolicy: true } });
  if (!ws) throw new AppError("NOT_FOUND", { message: "No such workspace.", reason: "workspace_not_found" });
  return view(ws.commandPolicy);
}

/** Replaces the workspace's policy (or applies a preset); duplicates are dropped, order kept. */
export async function setCommandPolicy(ctx: RequestContext, workspaceId: string, raw: SetCommandPolicyInput): Promise<CommandPolicyView> {
  const input = ZSetCommandPolicyInput.parse(raw);
  const chosen: CommandPolicy | null = "preset" in input ? COMMAND_POLICY_PRESETS[input.preset as keyof typeof COMMAND_POLICY_PRESETS] : input.policy;
  const next = chosen
    ? {
        ...(chosen.allowedBinaries ? { allowedBinaries: [...new Set(chosen.allowedBinaries)] } : {}),
        ...(chosen.blockedPatterns ? { blockedPatterns: [...new Set(chosen.blockedPatterns)] } : {}),
      }
    : null;
  const before = await db().workspace.findUnique({ where: { id: workspaceId }, select: { commandPolicy: true } });
  if (!before) throw new AppError("NOT_FOUND", { message: "No such workspace.", reason: "workspace_not_found" });
  await db().workspace.update({ where: { id: workspaceId }, data: { commandPolicy: next === null ? (null as unknown as Prisma.InputJsonValue) : next } });
  await audit.record(ctx, { type: "command_policy_changed", workspaceId, preset: "preset" in input ? input.preset : null, before: before.commandPolicy ?? null, after: next });
  return view(next);
}

// ---- ceilings (admin) and workspace limits (owner) ----

export const ZCeilingsInput = ZRaisableLimits;
export const ZSetLimitsInput = z.object({ limits: ZRaisableLimits.describe("memoryMb, cpus, processes; a key left out uses the preset's number.") });

/** The instance's ceilings: the admin's (InstanceSetting), else ATRIUM_SANDBOX_CEILINGS, else the default preset's numbers. */
export async function currentCeilings(): Promise<LimitCeilings> {
  const base: LimitCeilings = { memoryMb: PRESETS.default.memoryMb, cpus: PRESETS.default.cpus, processes: PRESETS.default.processes };
  const presets = sandboxSettings().presets;
  for (const key of RAISABLE_LIMITS) base[key] = Math.max(base[key], presets.default[key], presets.strict[key]);
  const fromEnv = env().ATRIUM_SANDBOX_CEILINGS;
  const row = await db().instanceSetting.findUnique({ where: { key: CEILINGS_KEY } });
  const stored = ZRaisableLimits.safeParse(row?.value ?? {});
  return { ...base, ...fromEnv, ...(stored.success ? stored.data : {}) };
}

export async function setCeilings(ctx: RequestContext, raw: RaisableLimits): Promise<LimitCeilings> {
  const input = ZCeilingsInput.parse(raw);
  const before = await currentCeilings();
  await db().instanceSetting.upsert({ where: { key: CEILINGS_KEY }, create: { key: CEILINGS_KEY, value: input }, update: { value: input } });
  const after = await currentCeilings();
  await audit.record(ctx, { type: "sandbox_ceilings_changed", before, after });
  return after;
}

export interface LimitsView {
  /** What the owner set (raised or lowered); keys not set follow the presets. */
  limits: RaisableLimits;
  ceilings: LimitCeilings;
  /** The presets as this workspace's next sessions get them. */
  presets: { name: string; memoryMb: number; cpus: number; processes: number }[];
}

async function limitsView(stored: unknown): Promise<LimitsView> {
  const ceilings = await currentCeilings();
  const parsed = ZRaisableLimits.safeParse(stored ?? {});
  const table = withWorkspaceLimits(sandboxSettings().presets, stored, ceilings);
  return {
    limits: parsed.success ? parsed.data : {},
    ceilings,
    presets: (["default", "strict"] as const).map((name) => ({ name, memoryMb: table[name].memoryMb, cpus: table[name].cpus, processes: table[name].processes })),
  };
}

export async function getWorkspaceLimits(workspaceId: string): Promise<LimitsView> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { sandboxLimits: true } });
  if (!ws) throw new AppError("NOT_FOUND", { message: "No such workspace.", reason: "workspace_not_found" });
  return limitsView(ws.sandboxLimits);
}

/** Sets the workspace's limits; a value above the ceiling is refused (audited) with LIMIT_EXCEEDED. Applies to sessions started after. */
export async function setWorkspaceLimits(ctx: RequestContext, workspaceId: string, raw: z.input<typeof ZSetLimitsInput>): Promise<LimitsView> {
  const { limits } = ZSetLimitsInput.parse(raw);
  const ceilings = await currentCeilings();
  const above = RAISABLE_LIMITS.filter((k) => limits[k] !== undefined && limits[k] > ceilings[k]);
  if (above.length > 0) {
    const what = above.map((k) => `${k} ${limits[k]} (ceiling ${ceilings[k]})`).join(", ");
    await audit.denied(ctx, { action: "policy.setLimits", reason: "limit_above_ceiling", workspaceId, target: workspaceId, details: { asked: limits, ceilings } });
    throw new AppError("LIMIT_EXCEEDED", {
      message: `Above this instance's ceiling: ${what}. Ask for less, or ask an administrator to raise the ceiling.`,
      reason: "limit_above_ceiling",
      details: { ceilings },
    });
  }
  const before = await db().workspace.findUnique({ where: { id: workspaceId }, select: { sandboxLimits: true } });
  if (!before) throw new AppError("NOT_FOUND", { message: "No such workspace.", reason: "workspace_not_found" });
  await db().workspace.update({ where: { id: workspaceId }, data: { sandboxLimits: limits } });
  await audit.record(ctx, { type: "sandbox_limits_changed", workspaceId, before: before.sandboxLimits ?? null, after: limits });
  return limitsView(limits);
}
