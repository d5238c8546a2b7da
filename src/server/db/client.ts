// The process-wide Prisma client. Next's bundled route handlers and the custom server share one
// process but not one module graph, so the client lives on globalThis and is created once.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { runtime } from "~/server/runtime";

export type Db = PrismaClient;

const KEY = Symbol.for("atrium.db");
type Holder = { [KEY]?: { url: string; client: PrismaClient } };

export function createDb(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
  return new PrismaClient({ adapter });
}

/** The shared client for the database this process booted against. */
export function db(): PrismaClient {
  const holder = globalThis as Holder;
  const url = runtime().databaseUrl;
  const current = holder[KEY];
  if (current && current.url === url) return current.client;
  const client = createDb(url);
  holder[KEY] = { url, client };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const holder = globalThis as Holder;
  const current = holder[KEY];
  holder[KEY] = undefined;
  await current?.client.$disconnect();
}
