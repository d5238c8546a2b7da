// Resource presets and per-session overrides. Pure: the numbers a container is created with come
// from here, and an override can only tighten a preset, never loosen it.
import { z } from "zod";
import { AppError } from "~/server/errors";

export interface SandboxLimits {
  memoryMb: number;
  /** RLIMIT_CPU per process, seconds. */
  cpuSeconds: number;
  /** RLIMIT_FSIZE, megabytes. */
  maxFileMb: number;
  /** RLIMIT_NOFILE. */
  openFiles: number;
  /** Processes and threads in the whole session (pids cgroup). */
  processes: number;
  /** CPU cores (Docker NanoCpus); a share of the machine, not a time budget. */
  cpus: number;
  network: boolean;
  /** Shell strings (`sh -c …`) and interactive terminals; argv commands only when false. */
  shell: boolean;
}

export const PRESET_NAMES = ["default", "strict"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESETS: Readonly<Record<PresetName, Readonly<SandboxLimits>>> = {
  default: { memoryMb: 4096, cpuSeconds: 1800, maxFileMb: 500, openFiles: 2048, processes: 100, cpus: 2, network: true, shell: true },
  strict: { memoryMb: 1024, cpuSeconds: 300, maxFileMb: 50, openFiles: 512, processes: 25, cpus: 1, network: false, shell: false },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export const ZLimitOverrides = z
  .object({
    memoryMb: z.number().int().min(64),
    cpuSeconds: z.number().int().min(1),
    maxFileMb: z.number().int().min(1),
    openFiles: z.number().int().min(64),
    processes: z.number().int().min(8),
    cpus: z.number().min(0.1),
    network: z.boolean(),
    shell: z.boolean(),
  })
  .partial()
  .strict();

export type PresetTable = Readonly<Record<PresetName, Readonly<SandboxLimits>>>;

/** Operators may change the presets' numbers (ATRIUM_SANDBOX_PRESETS, JSON); the names stay fixed. */
export const ZPresetChanges = z.object({ default: ZLimitOverrides.optional(), strict: ZLimitOverrides.optional() }).strict();
export type PresetChanges = z.infer<typeof ZPresetChanges>;

export function presetTable(changes: PresetChanges = {}): PresetTable {
  return { default: { ...PRESETS.default, ...changes.default }, strict: { ...PRESETS.strict, ...changes.strict } };
}
export type LimitOverrides = z.infer<typeof ZLimitOverrides>;

const NUMERIC = ["memoryMb", "cpuSeconds", "maxFileMb", "openFiles", "processes", "cpus"] as const;
const SWITCHES = ["network", "shell"] as const;

/** The preset's limits with `overrides` applied; throws LIMIT_EXCEEDED when one asks for more than the preset allows. */
export function resolveLimits(presetName: string, overrides: LimitOverrides = {}, presets: PresetTable = PRESETS): SandboxLimits {
  if (!isPresetName(presetName)) {
    throw new AppError("INVALID_INPUT", {
      message: `Unknown sandbox preset "${presetName}". Use one of: ${PRESET_NAMES.join(", ")}.`,
      reason: "unknown_preset",
    });
  }
  const preset = presets[presetName];
  const parsed = ZLimitOverrides.safeParse(overrides);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", {
      message: `Invalid limit overrides: ${parsed.error.issues.map((i) => `${i.path.join(".") || "overrides"}: ${i.message}`).join("; ")}.`,
      reason: "invalid_overrides",
    });
  }
  const limits: SandboxLimits = { ...preset };
  const tooHigh: string[] = [];
  for (const key of NUMERIC) {
    const value = parsed.data[key];
    if (value === undefined) continue;
    if (value > preset[key]) tooHigh.push(`${key} ${value} (at most ${preset[key]})`);
    else limits[key] = value;
  }
  for (const key of SWITCHES) {
    const value = parsed.data[key];
    if (value === undefined) continue;
    if (value && !preset[key]) tooHigh.push(`${key} on (the preset turns it off)`);
    else limits[key] = value;
  }
  if (tooHigh.length > 0) {
    throw new AppError("LIMIT_EXCEEDED", {
      message: `The "${presetName}" preset does not allow ${tooHigh.join(", ")}. Ask for less, or use a preset that allows more.`,
      reason: "override_above_preset",
      details: { preset: presetName },
    });
  }
  return limits;
}

/** Reads limits stored on a session row (Json), falling back to the preset when the row is older or damaged. */
export function limitsFromJson(presetName: string, value: unknown, presets: PresetTable = PRESETS): SandboxLimits {
  const base = isPresetName(presetName) ? presets[presetName] : presets.strict;
  const parsed = ZLimitOverrides.safeParse(value);
  return parsed.success ? { ...base, ...parsed.data } : { ...base };
}

/** The limits an owner may raise above a preset, per workspace, up to the admin's ceilings. */
export const RAISABLE_LIMITS = ["memoryMb", "cpus", "processes"] as const;
export type RaisableLimit = (typeof RAISABLE_LIMITS)[number];

export const ZRaisableLimits = z
  .object({
    memoryMb: z.number().int().min(64).max(4 * 1024 * 1024),
    cpus: z.number().min(0.1).max(1024),
    processes: z.number().int().min(8).max(1_000_000),
  })
  .partial()
  .strict();
export type RaisableLimits = z.infer<typeof ZRaisableLimits>;
export type LimitCeilings = Record<RaisableLimit, number>;

/**
 * The presets as a workspace's sessions see them: the owner's per-workspace numbers replace the
 * presets' (both presets: the owner chose them for this workspace), each cut to the ceiling in
 * force now (an admin lowering a ceiling applies to the next session). Pure.
 */
export function withWorkspaceLimits(presets: PresetTable, raised: unknown, ceilings: LimitCeilings): PresetTable {
  const parsed = ZRaisableLimits.safeParse(raised ?? {});
  if (!parsed.success) return presets;
  const apply = (p: Readonly<SandboxLimits>): SandboxLimits => {
    const out: SandboxLimits = { ...p };
    for (const key of RAISABLE_LIMITS) {
      const value = parsed.data[key];
      if (value !== undefined) out[key] = Math.min(value, ceilings[key]);
    }
    return out;
  };
  return { default: apply(presets.default), strict: apply(presets.strict) };
}
