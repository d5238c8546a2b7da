// Helpers for integration tests: real users, real session cookies (next-auth JWTs) and real keys,
// turned into tRPC callers through the same createContext the HTTP route uses.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { createApiKey, type CreateApiKeyInput } from "~/server/auth/api-keys";
import { currentSessionVersion } from "~/server/auth/sign-out";
import type { Actor, ActorUser } from "~/server/auth/types";
import { createUser } from "~/server/auth/users";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { runtime } from "~/server/runtime";

export const STRONG_PASSWORD = "quiet-harbor-7-lanterns";

export function uniqueEmail(tag = "user"): string {
  return `${tag}-${randomBytes(5).toString("hex")}@example.test`;
}

export async function makeUser(options: { admin?: boolean; email?: string } = {}): Promise<ActorUser> {
  return createUser(
    { actor: null, ip: null, channel: "CLI" },
    { email: options.email ?? uniqueEmail(options.admin ? "admin" : "user"), password: STRONG_PASSWORD, admin: options.admin ?? false },
    "provision",
  );
}

export async function sessionCookie(userId: string): Promise<string> {
  // As next-auth's jwt callback does: the account's current session version (sign-out bumps it).
  const token = await encode({ token: { sub: userId, sv: await currentSessionVersion(userId) }, secret: runtime().authSecret });
  return `next-auth.session-token=${token}`;
}

export async function makeKey(user: ActorUser, input: Partial<CreateApiKeyInput> = {}): Promise<string> {
  const actor: Actor = { user, apiKey: null };
  const { key } = await createApiKey({ actor, ip: null, channel: "UI" }, { name: "test key", scopes: ["read"], ...input });
  return key;
}

export interface CallerOptions {
  cookie?: string | null;
  authorization?: string | null;
  ip?: string | null;
}

export async function callerWith(options: CallerOptions) {
  const ctx = await createContext({
    authorization: options.authorization ?? null,
    cookie: options.cookie ?? null,
    ip: options.ip ?? "203.0.113.7",
    channel: options.authorization ? "API" : "UI",
  });
  return createCaller(ctx);
}

export async function callerAs(user: ActorUser) {
  return callerWith({ cookie: await sessionCookie(user.id) });
}

export async function callerWithKey(key: string) {
  return callerWith({ authorization: `Bearer ${key}` });
}

/** The typed error a tRPC call failed with, for assertions on code and reason. */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; appCode?: string; reason?: string; message: string; retryAfterSeconds?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; message: string; cause?: unknown };
    const app = isAppError(error) ? error : isAppError(e.cause) ? e.cause : undefined;
    return { code: e.code ?? "UNKNOWN", appCode: app?.code, reason: app?.reason, message: e.message, retryAfterSeconds: app?.retryAfterSeconds };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export async function lastAudit(where: { actorUserId?: string; apiKeyId?: string; reason?: string; action?: string }) {
  return db().auditEvent.findFirst({ where, orderBy: { at: "desc" } });
}
