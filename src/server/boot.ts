// Start-up shared by server.ts, the CLI and e2e: pick the database (embedded or DATABASE_URL),
// decide the auth secret, apply migrations, create the bootstrap admin.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { env, INSTANCE_ID_PATTERN } from "~/env";
import { ensureBootstrapAdmin } from "~/server/auth/users";
import { secureDataDir } from "~/server/data-dir";
import { disconnectDb } from "~/server/db/client";
import { type EmbeddedDatabase, peekEmbeddedPostgres, startEmbeddedPostgres } from "~/server/db/embedded";
import { migrate, readMigrations } from "~/server/db/migrate";
import { appVersion, setRuntime } from "~/server/runtime";
import { lineLogger } from "~/server/observability/logger";

export interface Core {
  databaseUrl: string;
  embedded: EmbeddedDatabase | null;
  stop(): Promise<void>;
}

export interface BootOptions {
  log?: (line: string) => void;
  /** Skip migrations and the bootstrap admin (`atrium db migrate` migrates itself). */
  readOnly?: boolean;
  /**
   * `atrium doctor`: write nothing at all (implies readOnly): no data dir, no generated secret or
   * instance id, and the embedded PostgreSQL only if a running Atrium already serves it.
   */
  lookOnly?: boolean;
}

export async function bootCore(options: BootOptions = {}): Promise<Core> {
  const log = options.log ?? lineLogger("atrium");
  const e = env();
  // Workspaces, archives and snapshots are nobody else's business on this host (0700, also on existing installs).
  const readOnly = options.readOnly || options.lookOnly;
  // `atrium db migrate` (readOnly) creates what is missing and changes no modes; doctor (lookOnly) writes nothing.
  if (!readOnly) await secureDataDir(e.dataDir, { embeddedPostgres: !e.DATABASE_URL });
  else if (!options.lookOnly) await mkdir(e.dataDir, { recursive: true, mode: 0o711 });

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = e.DATABASE_URL;
  if (!databaseUrl) {
    const embeddedOptions = {
      dir: path.join(e.dataDir, "pg"),
      port: e.ATRIUM_EMBEDDED_PG_PORT,
      log: (chunk: string) => {
        // Only problems; "terminating connection due to administrator command" is a normal stop.
        for (const line of chunk.split("\n")) {
          if (/ERROR|FATAL|PANIC/.test(line) && !/administrator command/.test(line)) log(`postgres: ${line.trim()}`);
        }
      },
    };
    if (options.lookOnly) embedded = await peekEmbeddedPostgres(embeddedOptions);
    else {
      log(`no DATABASE_URL: starting the embedded PostgreSQL (data in ${embeddedOptions.dir})`);
      // As root, PostgreSQL runs as the postgres user: secureDataDir left the data dir traversable (0711) for it.
      embedded = await startEmbeddedPostgres(embeddedOptions);
    }
    databaseUrl = embedded.url;
  }

  const persist = !options.lookOnly;
  const authSecret =
    e.ATRIUM_AUTH_SECRET ??
    (await readOrCreate(path.join(e.dataDir, "auth-secret"), (v) => v.length >= 32, () => randomBytes(48).toString("base64url"), 0o600, persist));
  // Reconcile removes every container with this label that has no live session in OUR database;
  // a label shared by two installations on one Docker host would make each kill the other's.
  const instanceId =
    e.ATRIUM_INSTANCE_ID ?? (await readOrCreate(path.join(e.dataDir, "instance-id"), (v) => INSTANCE_ID_PATTERN.test(v), () => `atrium-${randomBytes(6).toString("hex")}`, 0o644, persist));
  setRuntime({
    databaseUrl,
    authSecret,
    instanceId,
    version: appVersion(),
    migrations: (await readMigrations()).map((m) => m.name),
    ...(embedded ? { embeddedDatabase: { port: embedded.port, dataDir: embedded.dataDir } } : {}),
  });

  const stop = async () => {
    await disconnectDb();
    await embedded?.stop();
  };

  if (!readOnly) {
    try {
      const result = await migrate(databaseUrl);
      if (result.applied.length > 0) log(`applied migrations: ${result.applied.join(", ")}`);
      for (const name of result.modified) log(`warning: migration ${name} changed after it was applied`);
      const admin = await ensureBootstrapAdmin();
      if (admin) log(`created the administrator ${admin.email} (ATRIUM_ADMIN_EMAIL)`);
    } catch (error) {
      await stop().catch(() => undefined);
      throw explainDatabaseError(error, databaseUrl, embedded !== null);
    }
  }
  return { databaseUrl, embedded, stop };
}

/** Turns low-level connection errors into a sentence that says what to check. */
export function explainDatabaseError(error: unknown, databaseUrl: string, embedded: boolean): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (embedded || !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|password authentication|does not exist|timeout/i.test(message)) {
    return error instanceof Error ? error : new Error(message);
  }
  const u = new URL(databaseUrl);
  return new Error(
    `Cannot use the database ${u.hostname}:${u.port || 5432}${u.pathname} from DATABASE_URL (${message}). ` +
      `Check that PostgreSQL runs there and that the user, password and database are right, or unset DATABASE_URL to use the embedded database.`,
    { cause: error },
  );
}

/** The trimmed content of `file` when it passes `valid`; otherwise a new value from `make`, written there when `persist`. */
async function readOrCreate(file: string, valid: (value: string) => boolean, make: () => string, mode: number, persist: boolean): Promise<string> {
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (valid(existing)) return existing;
  } catch {
    // first start: create it below
  }
  const value = make();
  if (!persist) return value;
  await writeFile(file, value + "\n", { mode });
  return value;
}
