// Fresh, migrated databases for tests: a new database on DATABASE_URL's server when it is set
// (CI uses the machine's PostgreSQL), else an embedded PostgreSQL in a temporary directory.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { env } from "~/env";
import { startEmbeddedPostgres } from "~/server/db/embedded";
import { migrate } from "~/server/db/migrate";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `atrium_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const serverUrl = env().DATABASE_URL;
  let url: string;
  let stopServer: () => Promise<void> = async () => undefined;
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
    const port = 20000 + Math.floor(Math.random() * 20000);
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
