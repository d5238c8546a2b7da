// Per-API-key request budget for /api/v1 (fixed windows in Postgres, shared by every process).
import { hit, type Window } from "~/server/auth/rate-limit";
import { AppError } from "~/server/errors";

export const DEFAULT_REST_RATE_LIMIT: Window = { max: 600, windowSeconds: 60 };
let current: Window = DEFAULT_REST_RATE_LIMIT;

/** Tests (and later an admin setting) change the budget; `null` restores the default. */
export function configureRestRateLimit(window: Window | null): void {
  current = window ?? DEFAULT_REST_RATE_LIMIT;
}

/** Counts one request for `apiKeyId`; throws RATE_LIMITED (429 with Retry-After) past the budget. */
export async function chargeApiKey(apiKeyId: string): Promise<void> {
  const { count, retryAfterSeconds } = await hit(`rest:key:${apiKeyId}`, current);
  if (count > current.max) {
    throw new AppError("RATE_LIMITED", {
      message: `This API key made more than ${current.max} requests in ${current.windowSeconds} seconds. Wait ${retryAfterSeconds} s and try again.`,
      reason: "api_key_rate_limited",
      retryAfterSeconds,
    });
  }
}
