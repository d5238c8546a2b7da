// API keys for agents: `atr_` + 40 base62 characters, shown once, stored as sha256 with a visible
// prefix. Resolving a key gives the same Actor a session would, narrowed by scopes and workspaces.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { ApiKeyScope } from "~/generated/prisma/enums";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { revokeAccess } from "./revocation";
import { toActorUser } from "./users";
import { type Actor, isAdmin, type RequestContext, type Scope, SCOPES } from "./types";

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
  workspaceIds: z.array(z.string().min(1)).max(100).default([]),
  requireReadBeforeWrite: z.boolean().default(false),
});
export type CreateApiKeyInput = z.input<typeof ZCreateApiKeyInput>;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  workspaceIds: string[];
  requireReadBeforeWrite: boolean;
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

function view(k: {
  id: string; name: string; prefix: string; scopes: ApiKeyScope[]; workspaceIds: string[]; requireReadBeforeWrite: boolean;
  expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null; createdAt: Date;
}): ApiKeyView {
  const status = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= new Date() ? "expired" : "active";
  return { ...k, scopes: k.scopes.map(toScope), status };
}

export async function createApiKey(
  ctx: RequestContext & { actor: Actor },
  raw: CreateApiKeyInput,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const input = ZCreateApiKeyInput.parse(raw);
  if (input.scopes.includes("admin") && !isAdmin(ctx.actor)) {
    await audit.denied(ctx, { action: "apiKeys.create", reason: "admin_scope_requires_admin", permission: "admin" });
    throw new AppError("FORBIDDEN", {
      message: "Only instance administrators can create keys with the admin scope. Choose read, write or exec.",
      reason: "admin_scope_requires_admin",
    });
  }
  // A key can only mint keys as narrow as itself.
  const parent = ctx.actor.apiKey;
  if (parent) {
    const wider = input.scopes.filter((s) => !parent.scopes.includes(s));
    if (wider.length > 0) {
      throw new AppError("FORBIDDEN", { message: `This key cannot grant scopes it does not hold: ${wider.join(", ")}.`, reason: "scope_escalation" });
    }
  }
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
      scopes: input.scopes.map(fromScope),
      workspaceIds: input.workspaceIds,
      requireReadBeforeWrite: input.requireReadBeforeWrite,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    },
  });
  await audit.record(ctx, { type: "api_key_created", apiKeyId: row.id, name: row.name, scopes: input.scopes });
  return { key, apiKey: view(row) };
}

export async function listApiKeys(userId: string): Promise<ApiKeyView[]> {
  const rows = await db().apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(view);
}

export async function revokeApiKey(ctx: RequestContext & { actor: Actor }, id: string): Promise<ApiKeyView> {
  const row = await db().apiKey.findUnique({ where: { id } });
  if (!row || (row.userId !== ctx.actor.user.id && !isAdmin(ctx.actor))) {
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
    },
  };
}
