// The per-key request budget, one for every door (tRPC calls, REST and MCP requests, socket.io
// handshakes and events, the streaming HTTP routes). A token bucket per key, in this process's
// memory: charging a request costs no database write. With several processes each keeps its own
// buckets, so a key spread over N processes gets at most N times its budget (see README).
import { env } from "~/env";
import { AppError } from "~/server/errors";
import type { ActorApiKey } from "./types";

export interface KeyBudget {
  /** Requests per minute this key may make (the bucket's size). */
  limit: number;
  /** Requests it may make right now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const WINDOW_MS = 60_000;
/** Past this many buckets, full ones (which equal no bucket at all) are dropped. */
const SWEEP_AT = 10_000;
const buckets = new Map<string, Bucket>();

/** The instance's default and maximum, from ATRIUM_KEY_RATE_LIMIT. */
export function instanceKeyRateLimit(): number {
  return env().ATRIUM_KEY_RATE_LIMIT;
}

/** A key's own limit never exceeds the instance's, even if the instance's was lowered since. */
export function effectiveLimit(key: Pick<ActorApiKey, "rateLimitPerMinute">): number {
  const instance = instanceKeyRateLimit();
  return Math.max(1, Math.min(key.rateLimitPerMinute ?? instance, instance));
}

function refill(bucket: Bucket | undefined, limit: number, now: number): Bucket {
  if (!bucket) return { tokens: limit, at: now };
  const tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / WINDOW_MS) * limit);
  return { tokens, at: now };
}

function budgetOf(bucket: Bucket, limit: number): KeyBudget {
  return {
    limit,
    remaining: Math.max(0, Math.floor(bucket.tokens)),
    resetSeconds: Math.max(0, Math.ceil(((limit - bucket.tokens) * WINDOW_MS) / limit / 1000)),
  };
}

function sweep(now: number): void {
  for (const [id, bucket] of buckets) {
    // A bucket that has had a whole window to refill is full whatever its limit: forget it.
    if (now - bucket.at >= WINDOW_MS) buckets.delete(id);
  }
}

/**
 * Counts one request for `key`; throws RATE_LIMITED (429 with Retry-After; details carry the
 * RateLimit-* values) when its bucket is empty. A refused request costs nothing.
 */
export function chargeKey(key: Pick<ActorApiKey, "id" | "prefix" | "rateLimitPerMinute">, now = Date.now()): KeyBudget {
  const limit = effectiveLimit(key);
  const bucket = refill(buckets.get(key.id), limit, now);
  if (bucket.tokens < 1) {
    buckets.set(key.id, bucket);
    const retryAfterSeconds = Math.max(1, Math.ceil(((1 - bucket.tokens) * WINDOW_MS) / limit / 1000));
    const budget = budgetOf(bucket, limit);
    throw new AppError("RATE_LIMITED", {
      message: `The API key ${key.prefix}… made more than its ${limit} requests per minute. Wait ${retryAfterSeconds} s and try again, or spread the requests out.`,
      reason: "api_key_rate_limited",
      retryAfterSeconds,
      details: { limit, remaining: 0, resetSeconds: budget.resetSeconds },
    });
  }
  bucket.tokens -= 1;
  buckets.set(key.id, bucket);
  if (buckets.size > SWEEP_AT) sweep(now);
  return budgetOf(bucket, limit);
}

/** The key's budget now, without charging it (for RateLimit-* headers). */
export function peekKey(key: Pick<ActorApiKey, "id" | "rateLimitPerMinute">, now = Date.now()): KeyBudget {
  const limit = effectiveLimit(key);
  return budgetOf(refill(buckets.get(key.id), limit, now), limit);
}

/** RateLimit-* headers (IETF draft names) for a budget; Retry-After is the error path's. */
export function rateLimitHeaders(budget: KeyBudget): Record<string, string> {
  return {
    "ratelimit-limit": String(budget.limit),
    "ratelimit-remaining": String(budget.remaining),
    "ratelimit-reset": String(budget.resetSeconds),
  };
}

/** The budget a RATE_LIMITED error carries, for headers on the refusal. */
export function budgetOfError(error: unknown): KeyBudget | null {
  if (!(error instanceof AppError) || error.reason !== "api_key_rate_limited") return null;
  const d = error.details as Partial<KeyBudget> | undefined;
  if (typeof d?.limit !== "number" || typeof d.resetSeconds !== "number") return null;
  return { limit: d.limit, remaining: 0, resetSeconds: d.resetSeconds };
}
