// One identity for every door: tRPC, REST, MCP and socket.io handshakes all call resolveIdentity
// with the request's Authorization header and cookies, and get the same Actor (or a typed error).
import { decode } from "next-auth/jwt";
import { AppError } from "~/server/errors";
import { runtime } from "~/server/runtime";
import { db } from "~/server/db/client";
import { resolveApiKey } from "./api-keys";
import { sessionVersionOf } from "./sign-out";
import { chargeKey } from "./key-rate-limit";
import type { Actor } from "./types";
import { toActorUser } from "./users";

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export interface PresentedCredentials {
  authorization?: string | null;
  cookie?: string | null;
}

export interface ResolveOptions {
  /**
   * Count this as one request against the key's budget (the default, so every door that resolves a
   * key is limited). Doors that charge per call instead (tRPC) or per request themselves pass false.
   */
  charge?: boolean;
}

/**
 * A bearer key wins over a cookie. A bad key is an error (never a silent fall-back to anonymous);
 * a missing, expired, signed-out or foreign session cookie simply means "not signed in". A key
 * over its budget is RATE_LIMITED.
 */
export async function resolveIdentity(presented: PresentedCredentials, options: ResolveOptions = {}): Promise<Actor | null> {
  const authorization = presented.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) {
      throw new AppError("UNAUTHORIZED", {
        message: "Send the API key as `Authorization: Bearer atr_…`.",
        reason: "api_key_malformed",
      });
    }
    const actor = await resolveApiKey(match[1]);
    if (options.charge !== false && actor.apiKey) await chargeKey(actor.apiKey);
    return actor;
  }
  const token = sessionToken(presented.cookie);
  if (!token) return null;
  const jwt = await decode({ token, secret: runtime().authSecret }).catch(() => null);
  if (!jwt?.sub) return null;
  const user = await db().user.findUnique({ where: { id: jwt.sub }, select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionVersion: true } });
  // A cookie from before the last sign-out (or disable) carries an older version: it is over.
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersionOf(jwt)) return null;
  return { user: toActorUser(user), apiKey: null };
}

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    const name = part.slice(0, Math.max(i, 0)).trim();
    if (i < 0 || !name) continue;
    const raw = part.slice(i + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

function sessionToken(cookieHeader: string | null | undefined): string | null {
  const cookies = parseCookies(cookieHeader);
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    // next-auth splits large tokens into name.0, name.1, …
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`) ?? "");
    if (chunks.length > 0) return chunks.join("");
  }
  return null;
}
