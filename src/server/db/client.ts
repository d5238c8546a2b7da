// The process-wide Prisma client. Next's bundled route handlers and the custom server share one
// process but not one module graph, so the client lives on globalThis and is created once.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { runtime } from "~/server/runtime";

export type Db = PrismaClient;

const KEY = Symbol.for("atrium.db");
type Holder = { [KEY]?: { url: string; client: PrismaClient; pool: pg.Pool } };

function createPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
}

/** `pool`: the adapter uses (and ends, on disconnect) this pool, so its counts can be watched. */
export function createDb(databaseUrl: string, pool: pg.Pool = createPool(databaseUrl)): PrismaClient {
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

/** The shared client's pool right now (null before the first query): for the metrics scrape. */
export function dbPoolStats(): { total: number; idle: number; waiting: number } | null {
  const pool = (globalThis as Holder)[KEY]?.pool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** The shared client for the database this process booted against. */
export function db(): PrismaClient {
  const holder = globalThis as Holder;
  const url = runtime().databaseUrl;
  const current = holder[KEY];
  if (current && current.url === url) return current.client;
  const pool = createPool(url);
  const client = createDb(url, pool);
  holder[KEY] = { url, client, pool };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const holder = globalThis as Holder;
  const current = holder[KEY];
  holder[KEY] = undefined;
  await current?.client.$disconnect();
}
