// Hand-written on purpose: rate-limiter-flexible counts one key at a time; this policy decides three
// counters and a growing delay in ONE transaction (the key budget, key-rate-limit.ts, uses the library).
// How many password checks a sign-in may have, decided BEFORE the password is checked, in one
// transaction whose conditional upserts count and decide in the same statement (so twenty
// concurrent tries cannot all read "4 so far" and all go through). The policy:
// - per (account, address): ATRIUM_SIGNIN_MAX_PER_ACCOUNT failures are free; after that each next
//   try must wait 2^k seconds after the previous one (k = failures past the free ones), up to
//   ATRIUM_SIGNIN_MAX_DELAY_SECONDS. Quiet for a window, the pair starts over.
// - per address: ATRIUM_SIGNIN_MAX_PER_IP failures in a window, across accounts, then nothing
//   from that address until the window ends.
// - per account, from all addresses: past ATRIUM_SIGNIN_ACCOUNT_CEILING failures in a window,
//   every address gets only one free failure before its delays begin. A flood from elsewhere
//   thus slows every other address down but never locks the account: the owner's own address
//   has its own counter and still gets its first try at once.
// Each try is counted when it is let through; a right password gives the try back.
import type { Env } from "~/env";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/server/db/client";

export type ThrottleLimits = Pick<
  Env,
  "ATRIUM_SIGNIN_MAX_PER_ACCOUNT" | "ATRIUM_SIGNIN_MAX_PER_IP" | "ATRIUM_SIGNIN_WINDOW_SECONDS" | "ATRIUM_SIGNIN_ACCOUNT_CEILING" | "ATRIUM_SIGNIN_MAX_DELAY_SECONDS"
>;

export interface SignInKeys {
  pair: string;
  ip: string;
  account: string;
}

export function signInKeys(email: string, ip: string | null): SignInKeys {
  const address = ip ?? "unknown";
  return { pair: `signin:pair:${email}:${address}`, ip: `signin:ip:${address}`, account: `signin:account:${email}` };
}

export type Admission = { ok: true } | { ok: false; scope: "pair" | "ip"; retryAfterSeconds: number };

class Refused extends Error {
  constructor(readonly scope: "pair" | "ip") {
    super(`sign-in refused by the ${scope} limit`);
  }
}

/**
 * Lets one password check through, or says why not and for how long. The RateLimit row of a pair
 * uses `windowStartAt` as "last counted try" (the delay runs from it) and slides `expiresAt`.
 */
export async function admitSignIn(keys: SignInKeys, limits: ThrottleLimits): Promise<Admission> {
  const window = limits.ATRIUM_SIGNIN_WINDOW_SECONDS;
  try {
    await db().$transaction(async (tx) => {
      const account = await tx.$queryRaw<{ count: number }[]>`
        SELECT "count" FROM "RateLimit" WHERE "key" = ${keys.account} AND "expiresAt" > now()`;
      const free = (account[0]?.count ?? 0) >= limits.ATRIUM_SIGNIN_ACCOUNT_CEILING ? 1 : limits.ATRIUM_SIGNIN_MAX_PER_ACCOUNT;

      const ip = await tx.$queryRaw<{ count: number }[]>`
        INSERT INTO "RateLimit" ("key", "count", "windowStartAt", "expiresAt")
        VALUES (${keys.ip}, 1, now(), now() + make_interval(secs => ${window}))
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
          "windowStartAt" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN now() ELSE "RateLimit"."windowStartAt" END,
          "expiresAt" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN EXCLUDED."expiresAt" ELSE "RateLimit"."expiresAt" END
        WHERE "RateLimit"."expiresAt" <= now() OR "RateLimit"."count" < ${limits.ATRIUM_SIGNIN_MAX_PER_IP}
        RETURNING "count"`;
      if (ip.length === 0) throw new Refused("ip");

      const pair = await tx.$queryRaw<{ count: number }[]>`
        INSERT INTO "RateLimit" ("key", "count", "windowStartAt", "expiresAt")
        VALUES (${keys.pair}, 1, now(), now() + make_interval(secs => ${window}))
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
          "windowStartAt" = now(),
          "expiresAt" = now() + make_interval(secs => ${window})
        WHERE "RateLimit"."expiresAt" <= now()
           OR "RateLimit"."count" < ${free}
           OR "RateLimit"."windowStartAt" + make_interval(secs => ${delaySql(free, limits.ATRIUM_SIGNIN_MAX_DELAY_SECONDS)}) <= now()
        RETURNING "count"`;
      if (pair.length === 0) throw new Refused("pair");
    });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return { ok: false, scope: error.scope, retryAfterSeconds: await retryAfter(keys, error.scope, limits) };
  }
}

/** The delay before the next try of a pair that has `count` failures: 2^(count - free + 1) s, capped. */
export function pairDelaySeconds(count: number, free: number, maxDelaySeconds: number): number {
  if (count < free) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(30, count - free + 1));
}

// The same formula in SQL, on the row being updated (values stay parameters).
function delaySql(free: number, maxDelaySeconds: number): Prisma.Sql {
  return Prisma.sql`LEAST(${maxDelaySeconds}::float8, power(2::float8, LEAST(30, "RateLimit"."count" - ${free}::int + 1)::float8))`;
}

async function retryAfter(keys: SignInKeys, scope: "pair" | "ip", limits: ThrottleLimits): Promise<number> {
  const key = scope === "pair" ? keys.pair : keys.ip;
  const row = await db().rateLimit.findUnique({ where: { key } });
  if (!row) return 1;
  if (scope === "ip") return secondsUntil(row.expiresAt);
  const account = await db().rateLimit.findUnique({ where: { key: keys.account } });
  const live = account && account.expiresAt > new Date() ? account.count : 0;
  const free = live >= limits.ATRIUM_SIGNIN_ACCOUNT_CEILING ? 1 : limits.ATRIUM_SIGNIN_MAX_PER_ACCOUNT;
  const delay = pairDelaySeconds(row.count, free, limits.ATRIUM_SIGNIN_MAX_DELAY_SECONDS);
  return secondsUntil(new Date(row.windowStartAt.getTime() + delay * 1000));
}

/** After a wrong password: counts toward the account's ceiling (the pair and address counted it already). */
export async function recordFailure(keys: SignInKeys, limits: ThrottleLimits): Promise<void> {
  await db().$executeRaw`
    INSERT INTO "RateLimit" ("key", "count", "windowStartAt", "expiresAt")
    VALUES (${keys.account}, 1, now(), now() + make_interval(secs => ${limits.ATRIUM_SIGNIN_WINDOW_SECONDS}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStartAt" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN now() ELSE "RateLimit"."windowStartAt" END,
      "expiresAt" = CASE WHEN "RateLimit"."expiresAt" <= now() THEN EXCLUDED."expiresAt" ELSE "RateLimit"."expiresAt" END`;
}

/** After the right password: the pair starts over and the address gets its try back. */
export async function recordSuccess(keys: SignInKeys): Promise<void> {
  await db().$transaction([
    db().rateLimit.deleteMany({ where: { key: keys.pair } }),
    db().$executeRaw`UPDATE "RateLimit" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${keys.ip}`,
  ]);
}

function secondsUntil(date: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 1000));
}
