// Key-value state per workspace for agents (the agent-workspace design's `state`): small JSON values
// an agent keeps between runs ("last processed commit", "plan step"), apart from `metadata`, which
// labels the workspace for people and filters. Capped per value, per workspace and in keys, so it
// stays state and not a document store; every change carries a version for compare-and-set.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError, type AppErrorOptions } from "~/server/errors";
import { advisoryLock } from "./locks";
import type { JsonValue } from "./metadata";

export const STATE_LIMITS = {
  /** Bytes of one value as JSON text. */
  valueMaxBytes: 64 * 1024,
  /** Bytes of all values of one workspace, as JSON text. */
  workspaceMaxBytes: 1024 * 1024,
  /** Keys per workspace. */
  maxKeys: 1000,
  keyMaxChars: 128,
} as const;

export const ZStateKey = z
  .string()
  .min(1)
  .max(STATE_LIMITS.keyMaxChars)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "A state key is letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit.")
  .describe(`A state key: letters, digits, . _ : - (at most ${STATE_LIMITS.keyMaxChars} characters).`);

const ZVersion = z.number().int().min(0).max(2_147_483_647);

export const ZStateSetInput = z.object({
  key: ZStateKey,
  value: z.json().describe("Any JSON value."),
  ifVersion: ZVersion.optional().describe("Compare-and-set: write only if the key is at this version (0: only if it does not exist yet)."),
});
export const ZStateKeyInput = z.object({ key: ZStateKey });
export const ZStateDeleteInput = z.object({ key: ZStateKey, ifVersion: ZVersion.optional().describe("Delete only if the key is at this version.") });
export const ZStateListInput = z.object({ prefix: z.string().max(STATE_LIMITS.keyMaxChars).optional().describe("Only keys starting with this.") });

export interface StateEntry {
  key: string;
  value: JsonValue;
  version: number;
  sizeBytes: number;
  updatedById: string;
  updatedAt: Date;
}

type ActorContext = RequestContext & { actor: Actor };

const select = { key: true, value: true, version: true, sizeBytes: true, updatedById: true, updatedAt: true } satisfies Prisma.WorkspaceStateSelect;
const toEntry = (row: Prisma.WorkspaceStateGetPayload<{ select: typeof select }>): StateEntry => ({ ...row, value: row.value as JsonValue });

function notFound(key: string): AppError {
  return new AppError("NOT_FOUND", { message: `No state is stored under "${key}". List the keys with state_list (GET …/state).`, reason: "state_not_found" });
}

function versionConflict(key: string, expected: number, actual: number): AppError {
  return new AppError("CONFLICT", {
    message: `"${key}" is at version ${actual}, not ${expected}: someone changed it since you read it. Read it again and retry.`,
    reason: "version_conflict",
    details: { key, expected, actual },
  });
}

async function refuse(ctx: ActorContext, workspaceId: string, key: string, reason: "state_value_too_large" | "state_workspace_too_large" | "state_key_count_exceeded", options: AppErrorOptions): Promise<never> {
  await audit.denied(ctx, { action: "state.set", reason, target: key, permission: "write", workspaceId, details: options.details });
  throw new AppError("LIMIT_EXCEEDED", { ...options, reason });
}

export async function listState(workspaceId: string, raw: z.input<typeof ZStateListInput> = {}): Promise<{ items: StateEntry[]; totalBytes: number; limits: typeof STATE_LIMITS }> {
  const input = ZStateListInput.parse(raw);
  const rows = await db().workspaceState.findMany({
    where: { workspaceId, ...(input.prefix ? { key: { startsWith: input.prefix } } : {}) },
    select,
    orderBy: { key: "asc" },
    take: STATE_LIMITS.maxKeys,
  });
  const total = await db().workspaceState.aggregate({ where: { workspaceId }, _sum: { sizeBytes: true } });
  return { items: rows.map(toEntry), totalBytes: total._sum.sizeBytes ?? 0, limits: STATE_LIMITS };
}

export async function getState(workspaceId: string, key: string): Promise<StateEntry> {
  const row = await db().workspaceState.findUnique({ where: { workspaceId_key: { workspaceId, key: ZStateKey.parse(key) } }, select });
  if (!row) throw notFound(key);
  return toEntry(row);
}

/** Creates or replaces one value; sizes and the compare-and-set are decided under the workspace's state lock. */
export async function setState(ctx: ActorContext, workspaceId: string, raw: z.input<typeof ZStateSetInput>): Promise<StateEntry & { created: boolean }> {
  const input = ZStateSetInput.parse(raw);
  const value = input.value;
  const sizeBytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (sizeBytes > STATE_LIMITS.valueMaxBytes) {
    await refuse(ctx, workspaceId, input.key, "state_value_too_large", {
      message: `A state value is at most ${STATE_LIMITS.valueMaxBytes / 1024} KiB as JSON (this one is ${sizeBytes} bytes). Keep large data in a file.`,
      details: { limit: STATE_LIMITS.valueMaxBytes, size: sizeBytes },
    });
  }
  const outcome = await db().$transaction(async (tx) => {
    await advisoryLock(tx, `atrium:workspace-state:${workspaceId}`);
    const current = await tx.workspaceState.findUnique({ where: { workspaceId_key: { workspaceId, key: input.key } }, select: { version: true, sizeBytes: true } });
    if (input.ifVersion !== undefined && input.ifVersion !== (current?.version ?? 0)) return { conflict: current?.version ?? 0 } as const;
    const totals = await tx.workspaceState.aggregate({ where: { workspaceId }, _sum: { sizeBytes: true }, _count: true });
    const total = (totals._sum.sizeBytes ?? 0) - (current?.sizeBytes ?? 0) + sizeBytes;
    if (total > STATE_LIMITS.workspaceMaxBytes) return { tooLarge: total } as const;
    if (!current && totals._count >= STATE_LIMITS.maxKeys) return { tooMany: totals._count } as const;
    const data = { value: value as Prisma.InputJsonValue, sizeBytes, updatedById: ctx.actor.user.id };
    const row = current
      ? await tx.workspaceState.update({ where: { workspaceId_key: { workspaceId, key: input.key } }, data: { ...data, version: { increment: 1 } }, select })
      : await tx.workspaceState.create({ data: { workspaceId, key: input.key, ...data }, select });
    return { row, created: !current } as const;
  });
  if ("conflict" in outcome) throw versionConflict(input.key, input.ifVersion ?? 0, outcome.conflict ?? 0);
  if ("tooLarge" in outcome) {
    return refuse(ctx, workspaceId, input.key, "state_workspace_too_large", {
      message: `A workspace's state is at most ${STATE_LIMITS.workspaceMaxBytes / 1024} KiB in all; this write would make it ${outcome.tooLarge} bytes. Delete keys you no longer need.`,
      details: { limit: STATE_LIMITS.workspaceMaxBytes, size: outcome.tooLarge },
    });
  }
  if ("tooMany" in outcome) {
    return refuse(ctx, workspaceId, input.key, "state_key_count_exceeded", {
      message: `A workspace holds at most ${STATE_LIMITS.maxKeys} state keys. Delete keys you no longer need.`,
      details: { limit: STATE_LIMITS.maxKeys },
    });
  }
  const entry = toEntry(outcome.row);
  await audit.record(ctx, { type: "state_set", workspaceId, key: entry.key, version: entry.version, sizeBytes: entry.sizeBytes });
  return { ...entry, created: outcome.created };
}

export async function deleteState(ctx: ActorContext, workspaceId: string, raw: z.input<typeof ZStateDeleteInput>): Promise<{ key: string; deleted: true; version: number }> {
  const input = ZStateDeleteInput.parse(raw);
  const outcome = await db().$transaction(async (tx) => {
    await advisoryLock(tx, `atrium:workspace-state:${workspaceId}`);
    const current = await tx.workspaceState.findUnique({ where: { workspaceId_key: { workspaceId, key: input.key } }, select: { version: true } });
    if (!current) return { missing: true } as const;
    if (input.ifVersion !== undefined && input.ifVersion !== current.version) return { conflict: current.version } as const;
    await tx.workspaceState.delete({ where: { workspaceId_key: { workspaceId, key: input.key } } });
    return { version: current.version } as const;
  });
  if ("missing" in outcome) throw notFound(input.key);
  if ("conflict" in outcome) throw versionConflict(input.key, input.ifVersion ?? 0, outcome.conflict ?? 0);
  await audit.record(ctx, { type: "state_deleted", workspaceId, key: input.key, version: outcome.version });
  return { key: input.key, deleted: true, version: outcome.version };
}
