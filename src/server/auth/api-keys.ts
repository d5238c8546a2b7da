// API keys for agents: `atr_` + 40 base62 characters, shown once, stored as sha256 with a visible
// prefix. Resolving a key gives the same Actor a session would, narrowed by scopes and workspaces.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { ApiKeyScope } from "~/generated/prisma/enums";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { revokeAccess } from "./revocation";
import { instanceKeyRateLimit } from "./key-rate-limit";
import { toActorUser } from "./users";
import { type Actor, isAdmin, type RequestContext, type Scope, SCOPES } from "./types";
import type { Reason } from "~/server/audit/reasons";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 40;
const PREFIX_LENGTH = 12; // "atr_" + 8
export const API_KEY_PATTERN = /^atr_[0-9A-Za-z]{40}$/;
const MAX_KEYS_PER_USER = 100;
const LAST_USED_RESOLUTION_MS = 60_000;

export const ZCreateApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name, such as the agent that will use it.").max(100),
  scopes: z.array(z.enum(SCOPES)).min(1, "Choose at least one scope.").transform((s) => [...new Set(s)]),
  /** Days until the key stops working; omit for a key that does not expire. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  workspaceIds: z.array(z.string().min(1).max(64)).max(100).default([]).transform((ids) => [...new Set(ids)]),
  requireReadBeforeWrite: z.boolean().default(false),
  /** Requests per minute on every door; omit for the instance default (and at most the instance's limit). */
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional(),
});
export type CreateApiKeyInput = z.input<typeof ZCreateApiKeyInput>;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  workspaceIds: string[];
  requireReadBeforeWrite: boolean;
  /** null: the instance default. */
  rateLimitPerMinute: number | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  status: "active" | "expired" | "revoked";
}

const toScope = (s: ApiKeyScope) => s.toLowerCase() as Scope;
const fromScope = (s: Scope) => s.toUpperCase() as ApiKeyScope;

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateKey(): string {
  // Rejection sampling keeps every character uniform over the 62-letter alphabet.
  let out = "atr_";
  while (out.length < 4 + SECRET_LENGTH) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < 4 + SECRET_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Field by field, never a spread of the row: the stored hash (and the owner's id) stay inside. */
function view(k: {
  id: string; name: string; prefix: string; scopes: ApiKeyScope[]; workspaceIds: string[]; requireReadBeforeWrite: boolean;
  rateLimitPerMinute: number | null; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null; createdAt: Date;
}): ApiKeyView {
  const status = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= new Date() ? "expired" : "active";
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes.map(toScope),
    workspaceIds: k.workspaceIds,
    requireReadBeforeWrite: k.requireReadBeforeWrite,
    rateLimitPerMinute: k.rateLimitPerMinute,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
    createdAt: k.createdAt,
    status,
  };
}

type ParsedCreateInput = z.output<typeof ZCreateApiKeyInput>;
interface KeyFields {
  scopes: Scope[];
  workspaceIds: string[];
  requireReadBeforeWrite: boolean;
  rateLimitPerMinute: number | null;
  expiresAt: Date | null;
}

async function refuse(ctx: RequestContext & { actor: Actor }, reason: Reason, message: string, details?: Record<string, unknown>): Promise<never> {
  await audit.denied(ctx, { action: "apiKeys.create", reason, permission: "admin", details });
  throw new AppError("FORBIDDEN", { message, reason });
}

/**
 * What the new key may hold. A key mints keys only within itself: at most its scopes and its
 * workspaces (a pinned key's child is pinned to a subset), read-before-write kept on, an expiry and
 * a rate limit no looser than its own. Widening scopes or pins is refused (audited); the rest is
 * tightened to the creator's, which the returned key shows.
 */
async function narrowedFields(ctx: RequestContext & { actor: Actor }, input: ParsedCreateInput): Promise<KeyFields> {
  const instanceLimit = instanceKeyRateLimit();
  if (input.rateLimitPerMinute !== undefined && input.rateLimitPerMinute > instanceLimit) {
    throw new AppError("INVALID_INPUT", {
      message: `This instance allows at most ${instanceLimit} requests per minute per key. Choose ${instanceLimit} or fewer, or leave it out for the default.`,
      reason: "rate_limit_too_high",
    });
  }
  const requested: KeyFields = {
    scopes: input.scopes,
    workspaceIds: input.workspaceIds,
    requireReadBeforeWrite: input.requireReadBeforeWrite,
    rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
  };
  const parent = ctx.actor.apiKey;
  if (!parent) return requested;

  const wider = input.scopes.filter((s) => !parent.scopes.includes(s));
  if (wider.length > 0) {
    await refuse(ctx, "scope_escalation", `This key cannot grant scopes it does not hold: ${wider.join(", ")}. Choose from ${parent.scopes.join(", ")}.`, { wider });
  }
  if (parent.workspaceIds.length > 0) {
    const outside = input.workspaceIds.filter((id) => !parent.workspaceIds.includes(id));
    if (input.workspaceIds.length === 0 || outside.length > 0) {
      await refuse(
        ctx,
        "workspace_escalation",
        `This key is limited to ${parent.workspaceIds.length === 1 ? "one workspace" : `${parent.workspaceIds.length} workspaces`}, so a key it creates must be too: set workspaceIds to some of ${parent.workspaceIds.join(", ")}.`,
        { outside, requestedAll: input.workspaceIds.length === 0 },
      );
    }
  }
  const parentLimit = parent.rateLimitPerMinute;
  return {
    ...requested,
    requireReadBeforeWrite: requested.requireReadBeforeWrite || parent.requireReadBeforeWrite,
    rateLimitPerMinute: parentLimit === null ? requested.rateLimitPerMinute : Math.min(requested.rateLimitPerMinute ?? parentLimit, parentLimit),
    expiresAt: parent.expiresAt === null ? requested.expiresAt : requested.expiresAt === null || requested.expiresAt > parent.expiresAt ? parent.expiresAt : requested.expiresAt,
  };
}

export async function createApiKey(
  ctx: RequestContext & { actor: Actor },
  raw: CreateApiKeyInput,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const input = ZCreateApiKeyInput.parse(raw);
  // The account's role decides who may hold `admin` at all; narrowing below decides what a key may pass on.
  if (input.scopes.includes("admin") && ctx.actor.user.role !== "ADMIN") {
    await audit.denied(ctx, { action: "apiKeys.create", reason: "admin_scope_requires_admin", permission: "admin" });
    throw new AppError("FORBIDDEN", {
      message: "Only instance administrators can create keys with the admin scope. Choose read, write or exec.",
      reason: "admin_scope_requires_admin",
    });
  }
  const fields = await narrowedFields(ctx, input);
  const count = await db().apiKey.count({ where: { userId: ctx.actor.user.id, revokedAt: null } });
  if (count >= MAX_KEYS_PER_USER) {
    throw new AppError("LIMIT_EXCEEDED", { message: `You have ${count} active keys, the most allowed. Revoke keys you no longer use.`, reason: "too_many_keys" });
  }
  const key = generateKey();
  const row = await db().apiKey.create({
    data: {
      userId: ctx.actor.user.id,
      name: input.name,
      prefix: key.slice(0, PREFIX_LENGTH),
      secretHash: hashKey(key),
      scopes: fields.scopes.map(fromScope),
      workspaceIds: fields.workspaceIds,
      requireReadBeforeWrite: fields.requireReadBeforeWrite,
      rateLimitPerMinute: fields.rateLimitPerMinute,
      expiresAt: fields.expiresAt,
    },
  });
  await audit.record(ctx, { type: "api_key_created", apiKeyId: row.id, name: row.name, scopes: fields.scopes });
  return { key, apiKey: view(row) };
}

/** The caller's keys; a pinned key sees only keys pinned within its own workspaces. */
export async function listApiKeys(actor: Actor): Promise<ApiKeyView[]> {
  const rows = await db().apiKey.findMany({ where: { userId: actor.user.id }, orderBy: { createdAt: "desc" } });
  return rows.filter((k) => withinPins(actor, k.workspaceIds)).map(view);
}

/** Whether a key pinned to `workspaceIds` lies within the caller's pins (always, for an unpinned caller). */
function withinPins(actor: Actor, workspaceIds: string[]): boolean {
  const pins = actor.apiKey?.workspaceIds ?? [];
  return pins.length === 0 || (workspaceIds.length > 0 && workspaceIds.every((id) => pins.includes(id)));
}

export async function revokeApiKey(ctx: RequestContext & { actor: Actor }, id: string): Promise<ApiKeyView> {
  const row = await db().apiKey.findUnique({ where: { id } });
  // Another account's key needs an administrator; a pinned key reaches only keys within its pins.
  if (!row || (row.userId !== ctx.actor.user.id && !isAdmin(ctx.actor)) || !withinPins(ctx.actor, row.workspaceIds)) {
    throw new AppError("NOT_FOUND", { message: "No such API key. It may have been deleted; refresh the list.", reason: "api_key_not_found" });
  }
  if (row.revokedAt) return view(row);
  const updated = await db().apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await audit.record(ctx, { type: "api_key_revoked", apiKeyId: id });
  // Open sockets on this key close, and what it started stops, now rather than on its next request.
  await revokeAccess({ reason: "api_key_revoked", userId: row.userId, apiKeyId: id });
  return view(updated);
}

/** Turns a presented key into an Actor, or throws UNAUTHORIZED with the precise reason. */
export async function resolveApiKey(presented: string): Promise<Actor> {
  if (!API_KEY_PATTERN.test(presented)) {
    throw new AppError("UNAUTHORIZED", {
      message: "That API key is malformed. Keys look like atr_ followed by 40 letters and digits; copy it again from the API keys page.",
      reason: "api_key_malformed",
    });
  }
  const secretHash = hashKey(presented);
  const row = await db().apiKey.findUnique({ where: { secretHash }, include: { user: true } });
  if (!row || !timingSafeEqual(Buffer.from(row.secretHash), Buffer.from(secretHash))) {
    throw new AppError("UNAUTHORIZED", { message: "That API key is not valid. Create a new key on the API keys page.", reason: "api_key_invalid" });
  }
  if (row.revokedAt) {
    throw new AppError("UNAUTHORIZED", { message: `The API key ${row.prefix}… was revoked. Create a new key.`, reason: "api_key_revoked", details: { apiKeyId: row.id } });
  }
  if (row.expiresAt && row.expiresAt <= new Date()) {
    throw new AppError("UNAUTHORIZED", { message: `The API key ${row.prefix}… expired on ${row.expiresAt.toISOString()}. Create a new key.`, reason: "api_key_expired", details: { apiKeyId: row.id } });
  }
  if (row.user.disabledAt) {
    throw new AppError("UNAUTHORIZED", { message: "The account that owns this API key is disabled.", reason: "user_disabled" });
  }
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    void db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return {
    user: toActorUser(row.user),
    apiKey: {
      id: row.id,
      prefix: row.prefix,
      scopes: row.scopes.map(toScope),
      workspaceIds: row.workspaceIds,
      requireReadBeforeWrite: row.requireReadBeforeWrite,
      rateLimitPerMinute: row.rateLimitPerMinute,
      expiresAt: row.expiresAt,
    },
  };
}
