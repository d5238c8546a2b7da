// The per-key request budget, one for every door (tRPC calls, REST and MCP requests, socket.io
// handshakes and events, the streaming HTTP routes): rate-limiter-flexible's RateLimiterPostgres,
// a fixed one-minute window per key counted in PostgreSQL (table "KeyRateLimit", one atomic upsert
// per request through the Prisma client's pool), so a key has one budget across every process.
// Once a key is over, this process refuses it from memory until its window ends (no database write
// for refused requests); while PostgreSQL is unreachable each process counts in memory instead.
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import type { ActorApiKey } from "./types";

export interface KeyBudget {
  /** Requests per minute this key may make. */
  limit: number;
  /** Requests it may make right now. */
  remaining: number;
  /** Seconds until its window starts over. */
  resetSeconds: number;
}

const WINDOW_SECONDS = 60;
export const KEY_RATE_LIMIT_TABLE = "KeyRateLimit";

/** The instance's default and maximum, from ATRIUM_KEY_RATE_LIMIT. */
export function instanceKeyRateLimit(): number {
  return env().ATRIUM_KEY_RATE_LIMIT;
}

/** A key's own limit never exceeds the instance's, even if the instance's was lowered since. */
export function effectiveLimit(key: Pick<ActorApiKey, "rateLimitPerMinute">): number {
  const instance = instanceKeyRateLimit();
  return Math.max(1, Math.min(key.rateLimitPerMinute ?? instance, instance));
}

interface QueryResult {
  rows: { points: number; expire: number | null }[];
  rowCount: number;
}

/**
 * The library's `client` store over the Prisma client's own pool (one pool per process, no second
 * one). It sends `{ text, values }`; its upsert and select return `points` and `expire` (a bigint
 * column, which Prisma hands back as BigInt and the library does arithmetic on).
 */
const prismaStore = {
  async query(q: { text: string; values?: unknown[] }): Promise<QueryResult> {
    const rows = await db().$queryRawUnsafe<{ points: number | bigint; expire: number | bigint | null }[]>(q.text, ...(q.values ?? []));
    return {
      rows: rows.map((r) => ({ points: Number(r.points), expire: r.expire === null ? null : Number(r.expire) })),
      rowCount: rows.length,
    };
  },
};

const KEY_PREFIX = "key";
// One limiter per distinct limit (the library fixes `points` per limiter); they share the table and
// the key prefix, so a key whose limit changes keeps its count for the window.
const limiters = new Map<number, RateLimiterPostgres>();

function limiterFor(limit: number): RateLimiterPostgres {
  let limiter = limiters.get(limit);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: prismaStore,
      storeType: "client",
      tableName: KEY_RATE_LIMIT_TABLE,
      // The table comes from prisma/migrations (the schema-drift test guards it), never from the library.
      tableCreated: true,
      keyPrefix: KEY_PREFIX,
      points: limit,
      duration: WINDOW_SECONDS,
      // Over the limit, stop asking the database until the window ends.
      inMemoryBlockOnConsumed: limit + 1,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: KEY_PREFIX, points: limit, duration: WINDOW_SECONDS }),
    });
    limiters.set(limit, limiter);
  }
  return limiter;
}

function budgetOf(limit: number, res: RateLimiterRes | null): KeyBudget {
  if (!res) return { limit, remaining: limit, resetSeconds: 0 };
  return { limit, remaining: Math.max(0, limit - res.consumedPoints), resetSeconds: Math.max(0, Math.ceil(res.msBeforeNext / 1000)) };
}

/**
 * Counts one request for `key`; throws RATE_LIMITED (429 with Retry-After; details carry the
 * RateLimit-* values) when its budget for this window is spent.
 */
export async function chargeKey(key: Pick<ActorApiKey, "id" | "prefix" | "rateLimitPerMinute">): Promise<KeyBudget> {
  const limit = effectiveLimit(key);
  try {
    return budgetOf(limit, await limiterFor(limit).consume(key.id));
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when over, with an Error when the stores failed.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("RATE_LIMITED", {
      message: `The API key ${key.prefix}… made more than its ${limit} requests per minute. Wait ${retryAfterSeconds} s and try again, or spread the requests out.`,
      reason: "api_key_rate_limited",
      retryAfterSeconds,
      details: { limit, remaining: 0, resetSeconds: retryAfterSeconds },
    });
  }
}

/** The key's budget now, without charging it (for RateLimit-* headers). */
export async function peekKey(key: Pick<ActorApiKey, "id" | "rateLimitPerMinute">): Promise<KeyBudget> {
  const limit = effectiveLimit(key);
  return budgetOf(limit, await limiterFor(limit).get(key.id));
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
