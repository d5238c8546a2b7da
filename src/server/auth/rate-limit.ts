// Fixed-window counters in Postgres, so limits hold across processes and restarts. There is no
// "peek": reading a count and adding to it later lets concurrent callers all pass (count and
// decide in one statement instead, as hit() and sign-in-throttle.ts do).
import { db } from "~/server/db/client";

export interface Window {
  max: number;
  windowSeconds: number;
}

export interface Count {
  count: number;
  retryAfterSeconds: number;
}

/** Adds one to `key` and returns the count in the current window. */
export async function hit(key: string, window: Window): Promise<Count> {
  const rows = await db().$queryRaw<{ count: number; expiresAt: Date }[]>`
    INSERT INTO "RateLimit" ("key", "count", "windowStartAt", "expiresAt")
    VALUES (${key}, 1, now(), now() + make_interval(secs => ${window.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStartAt" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN now() ELSE "RateLimit"."windowStartAt" END,
      "expiresAt" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN EXCLUDED."expiresAt" ELSE "RateLimit"."expiresAt" END
    RETURNING "count", "expiresAt"`;
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned no row");
  if (Math.random() < 0.01) void sweepExpired();
  return { count: row.count, retryAfterSeconds: secondsUntil(row.expiresAt) };
}

export async function reset(key: string): Promise<void> {
  await db().rateLimit.deleteMany({ where: { key } });
}

async function sweepExpired(): Promise<void> {
  await db().rateLimit.deleteMany({ where: { expiresAt: { lt: new Date() } } }).catch(() => undefined);
}

function secondsUntil(date: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 1000));
}
