// The ready probe against real PostgreSQL: the run's migrated database, a fresh unmigrated one, and
// a PostgreSQL of the test's own that it stops ("database down" never touches the shared server).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "~/server/db/client";
import { readMigrations } from "~/server/db/migrate";
import { beginDraining, resetDraining } from "~/server/lifecycle/draining";
import { createTestDatabase } from "~/test/database";
import { OwnPostgres } from "../../../hostile/support/infra";
import { checkReadiness } from "./readiness";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
});

describe("checkReadiness", () => {
  it("is ready on a migrated database, and says which migrations are missing otherwise", async () => {
    expect(await checkReadiness()).toEqual({ ready: true });
    const names = (await readMigrations()).map((m) => m.name);
    expect(await checkReadiness({ expectedMigrations: [...names, "99990101000000_from_a_newer_version"] })).toMatchObject({
      ready: false,
      reason: "migrations_pending",
      pending: ["99990101000000_from_a_newer_version"],
    });
    // A database nobody migrated yet: every migration is pending (not "unreachable").
    const empty = await createTestDatabase({ migrate: false });
    cleanups.push(() => empty.drop());
    const client = createDb(empty.url);
    cleanups.push(() => client.$disconnect());
    const fresh = await checkReadiness({ database: client });
    expect(fresh).toMatchObject({ ready: false, reason: "migrations_pending" });
    expect(fresh.ready === false && fresh.pending).toEqual(names);
  });

  it("is not ready while draining, whatever the database says", async () => {
    beginDraining();
    try {
      expect(await checkReadiness()).toMatchObject({ ready: false, reason: "draining" });
    } finally {
      resetDraining();
    }
    expect(await checkReadiness()).toEqual({ ready: true });
  });

  it("is not ready, within its timeout, when the database is down", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-ready-pg-"));
    const own = new OwnPostgres(dir);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    cleanups.push(() => own.stop());
    await own.start();
    const client = createDb(own.url);
    cleanups.push(() => client.$disconnect());
    // Migrated enough for the probe: the bookkeeping table with every migration recorded.
    await client.$executeRawUnsafe(`CREATE TABLE "_prisma_migrations" ("migration_name" text, "finished_at" timestamptz, "rolled_back_at" timestamptz)`);
    await client.$executeRawUnsafe(`INSERT INTO "_prisma_migrations" SELECT 'only', now(), NULL`);
    expect(await checkReadiness({ database: client, expectedMigrations: ["only"] })).toEqual({ ready: true });
    await own.stop();
    const down = await checkReadiness({ database: client, expectedMigrations: ["only"], timeoutMs: 3000 });
    expect(down).toMatchObject({ ready: false, reason: "database_unavailable" });
  }, 120_000);
});
