// The per-key budget in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres): the limit in a
// burst then RATE_LIMITED with Retry-After, one budget across processes, refusals that write
// nothing, the instance's default and cap, RateLimit-* values.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { chargeKey, KEY_RATE_LIMIT_TABLE, peekKey, rateLimitHeaders } from "./key-rate-limit";

const key = (rateLimitPerMinute: number | null) => ({ id: randomUUID(), prefix: "atr_int00000", rateLimitPerMinute });

async function refusal(charge: Promise<unknown>): Promise<{ code?: string; retryAfterSeconds?: number; details?: Record<string, unknown> }> {
  try {
    await charge;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, retryAfterSeconds: error.retryAfterSeconds, details: error.details };
    throw error;
  }
  throw new Error("expected RATE_LIMITED");
}

async function pointsInDatabase(id: string): Promise<number | null> {
  const rows = await db().$queryRawUnsafe<{ points: number }[]>(`SELECT points FROM "${KEY_RATE_LIMIT_TABLE}" WHERE key = $1`, `key:${id}`);
  return rows[0]?.points ?? null;
}

describe("chargeKey", () => {
  it("allows the limit in a burst, then refuses with Retry-After until the window ends", async () => {
    const k = key(3);
    const first = await chargeKey(k);
    expect(first).toMatchObject({ limit: 3, remaining: 2 });
    expect(first.resetSeconds).toBeGreaterThan(55);
    expect(first.resetSeconds).toBeLessThanOrEqual(60);
    await chargeKey(k);
    expect((await chargeKey(k)).remaining).toBe(0);
    const refused = await refusal(chargeKey(k));
    expect(refused.code).toBe("RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.details).toMatchObject({ limit: 3, remaining: 0 });
    expect(await peekKey(k)).toMatchObject({ limit: 3, remaining: 0 });
  });

  it("counts in PostgreSQL, so another process sees the same budget", async () => {
    const k = key(4);
    await chargeKey(k);
    await chargeKey(k);
    expect(await pointsInDatabase(k.id)).toBe(2);
    // A second copy of the module has its own memory, as another process has; only the table is shared.
    vi.resetModules();
    const other = await import("./key-rate-limit");
    expect(await other.peekKey(k)).toMatchObject({ remaining: 2 });
    await other.chargeKey(k);
    await other.chargeKey(k);
    expect((await refusal(other.chargeKey(k))).code).toBe("RATE_LIMITED");
    expect((await refusal(chargeKey(k))).code).toBe("RATE_LIMITED");
  });

  it("refuses an over-budget key from memory, without writing for each refusal", async () => {
    const k = key(2);
    await chargeKey(k);
    await chargeKey(k);
    await refusal(chargeKey(k));
    const after = await pointsInDatabase(k.id);
    for (let i = 0; i < 20; i++) await refusal(chargeKey(k));
    expect(await pointsInDatabase(k.id)).toBe(after);
  });

  it("concurrent requests never get more than the limit between them", async () => {
    const k = key(10);
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => chargeKey(k)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  });

  it("uses the instance default (600) for keys without their own limit, and never more", async () => {
    expect((await chargeKey(key(null))).limit).toBe(600);
    expect((await chargeKey(key(5_000))).limit).toBe(600);
    expect(await peekKey(key(7))).toEqual({ limit: 7, remaining: 7, resetSeconds: 0 });
  });

  it("gives RateLimit-* headers", () => {
    expect(rateLimitHeaders({ limit: 10, remaining: 4, resetSeconds: 36 })).toEqual({ "ratelimit-limit": "10", "ratelimit-remaining": "4", "ratelimit-reset": "36" });
  });
});
