// Fresh, migrated databases for tests: a new database on DATABASE_URL's server when it is set
// (CI uses the machine's PostgreSQL), else an embedded PostgreSQL in a temporary directory.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { env } from "~/env";
import { startEmbeddedPostgres } from "~/server/db/embedded";
import { migrate } from "~/server/db/migrate";

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `atrium_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const serverUrl = env().DATABASE_URL;
  let url: string;
  let stopServer: () => Promise<void> = () => Promise.resolve();
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-testpg-"));
    const port = await freePort();
    const embedded = await startEmbeddedPostgres({ dir, port, database: name });
    url = embedded.url;
    stopServer = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  if (options.migrate !== false) await migrate(url);
  return {
    url,
    async drop() {
      if (serverUrl) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
        await admin.end();
      }
      await stopServer();
    },
  };
}
