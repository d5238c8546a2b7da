-- Per-key request budgets move from each process's memory to PostgreSQL, in the table layout of
-- rate-limiter-flexible's RateLimiterPostgres (key, points, expire in epoch ms), so one key's
-- budget holds across every process.
CREATE TABLE "KeyRateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "KeyRateLimit_pkey" PRIMARY KEY ("key")
);
