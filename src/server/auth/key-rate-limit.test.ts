// The per-key token bucket: a full budget to start, one token per request, refilled evenly over a
// minute, RateLimit-* values that say how much is left and when it is whole again.
import { describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { chargeKey, peekKey, rateLimitHeaders } from "./key-rate-limit";

let n = 0;
const key = (rateLimitPerMinute: number | null) => ({ id: `unit-${process.pid}-${n++}`, prefix: "atr_unit0000", rateLimitPerMinute });

function refusal(charge: () => unknown): { retryAfterSeconds?: number; details?: Record<string, unknown> } {
  try {
    charge();
  } catch (error) {
    if (isAppError(error)) return { retryAfterSeconds: error.retryAfterSeconds, details: error.details };
    throw error;
  }
  throw new Error("expected RATE_LIMITED");
}

describe("chargeKey", () => {
  it("allows the limit in a burst, then refuses with Retry-After until a token refills", () => {
    const k = key(3);
    const t = 1_000_000;
    expect(chargeKey(k, t)).toEqual({ limit: 3, remaining: 2, resetSeconds: 20 });
    chargeKey(k, t);
    expect(chargeKey(k, t).remaining).toBe(0);
    const refused = refusal(() => chargeKey(k, t));
    expect(refused.retryAfterSeconds).toBe(20);
    expect(refused.details).toMatchObject({ limit: 3, remaining: 0 });
    // A refused request costs nothing: 20 s later exactly one token is back.
    expect(chargeKey(k, t + 20_000).remaining).toBe(0);
    expect(peekKey(k, t + 80_000)).toEqual({ limit: 3, remaining: 3, resetSeconds: 0 });
  });

  it("uses the instance default (600) for keys without their own limit, and never more", () => {
    expect(chargeKey(key(null)).limit).toBe(600);
    expect(chargeKey(key(5_000)).limit).toBe(600);
  });

  it("gives RateLimit-* headers", () => {
    expect(rateLimitHeaders({ limit: 10, remaining: 4, resetSeconds: 36 })).toEqual({ "ratelimit-limit": "10", "ratelimit-remaining": "4", "ratelimit-reset": "36" });
  });
});
