// The ready probe (GET /api/health/ready) for load balancers and Kubernetes: ready means this
// process may take new work now: not draining, the database answers, and every migration this code
// ships is applied (a replica of a newer version must not serve before its schema exists).
import { readdir } from "node:fs/promises";
import path from "node:path";
import { db } from "~/server/db/client";
import { drainingSince } from "~/server/lifecycle/draining";
import { bootedRuntime } from "~/server/runtime";
import { withTimeout } from "~/server/with-timeout";

export type NotReadyReason = "draining" | "database_unavailable" | "migrations_pending";

export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason; message: string; pending?: string[] };

/** The part of a Prisma client the probe needs: a raw query (so a test can point it at any database). */
export interface ReadinessDb {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}

export interface ReadinessOptions {
  database?: ReadinessDb;
  /** Migration names this code needs; default: what boot read (runtime), else prisma/migrations. */
  expectedMigrations?: readonly string[];
  draining?: boolean;
  timeoutMs?: number;
}


async function expected(): Promise<readonly string[]> {
  const booted = bootedRuntime()?.migrations;
  if (booted) return booted;
  // Not booted through server.ts (e.g. `next dev` alone): the migrations beside the app.
  const entries = await readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

export async function checkReadiness(options: ReadinessOptions = {}): Promise<Readiness> {
  if (options.draining ?? drainingSince() !== null) {
    return { ready: false, reason: "draining", message: "This server is shutting down; send new requests to another replica." };
  }
  const database = options.database ?? db();
  const timeoutMs = options.timeoutMs ?? 2000;
  let applied: Set<string>;
  try {
    // A database without the bookkeeping table (never migrated) is "migrations pending", not "unreachable".
    const [table] = await withTimeout(database.$queryRaw<{ t: string | null }[]>`SELECT to_regclass('"_prisma_migrations"')::text AS t`, timeoutMs);
    const rows = table?.t
      ? await withTimeout(
          database.$queryRaw<{ name: string }[]>`SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
          timeoutMs,
        )
      : [];
    applied = new Set(rows.map((r) => r.name));
  } catch (error) {
    return { ready: false, reason: "database_unavailable", message: `The database does not answer: ${error instanceof Error ? error.message : String(error)}` };
  }
  const pending = (options.expectedMigrations ?? (await expected())).filter((name) => !applied.has(name));
  if (pending.length > 0) {
    return { ready: false, reason: "migrations_pending", message: `${pending.length} database migration(s) are not applied yet; start one server of this version to apply them.`, pending };
  }
  return { ready: true };
}
