// The e2e web server: a fresh database for this run, then the real production server
// (`node scripts/start.mjs`, which builds first if needed), then the database is dropped after
// the server has stopped.
//
// This runs as Playwright's webServer command instead of a globalSetup/globalTeardown pair because
// Playwright starts the webServer BEFORE globalSetup and stops it AFTER globalTeardown: the database
// must exist before the server boots, and can only be dropped once the server let go of it.
//
// With DATABASE_URL (a server URL such as postgresql://postgres@127.0.0.1:5432/postgres) it creates
// `atrium_e2e_<run>` there; without it, the server starts its embedded PostgreSQL on a free port
// inside ATRIUM_DATA_DIR. Playwright stops the whole process group with SIGTERM; the server handles
// that itself, so this wrapper only waits for it.
import { spawn } from "node:child_process";
import { readdir, rm, stat } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import Docker from "dockerode";
import pg from "pg";
import { dockerOptions } from "~/server/docker/client";

const root = path.resolve(import.meta.dirname, "..", "..");
const log = (line: string) => console.error(`[e2e] ${line}`);
const DAY_MS = 24 * 60 * 60 * 1000;

const runId = process.env.ATRIUM_E2E_RUN_ID;
const dataDirSetting = process.env.ATRIUM_DATA_DIR;
if (!runId || !dataDirSetting) {
  log("ATRIUM_E2E_RUN_ID and ATRIUM_DATA_DIR must be set (playwright.config.ts sets them).");
  process.exit(2);
}
const dataDir = path.resolve(root, dataDirSetting);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Run ids start with the time in base 36, so leftovers of killed runs can be told by age. */
function ageOf(name: string): number {
  const stamp = /^(?:atrium_e2e_)?([0-9a-z]+)[-_]/.exec(name)?.[1];
  const time = stamp ? parseInt(stamp, 36) : NaN;
  return Number.isFinite(time) ? Date.now() - time : 0;
}

async function pruneOldDataDirs(): Promise<void> {
  const parent = path.dirname(dataDir);
  const entries = await readdir(parent).catch((): string[] => []);
  for (const name of entries) {
    const full = path.join(parent, name);
    if (full === dataDir || ageOf(name) < DAY_MS) continue;
    const info = await stat(full).catch(() => null);
    if (info?.isDirectory()) await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}

const env: NodeJS.ProcessEnv = { ...process.env };
// Sandbox sessions outlive a server stop on purpose (they come back after a restart); a test run's
// do not, so its containers carry a label of their own and are removed with the run.
const INSTANCE_PREFIX = "e2e-";
env.ATRIUM_INSTANCE_ID = `${INSTANCE_PREFIX}${runId}`;

/** Removes this run's containers, and those of runs killed a day or more ago. */
async function removeContainers(): Promise<void> {
  const engine = new Docker(dockerOptions(process.env.DOCKER_HOST));
  const containers = await engine.listContainers({ all: true, filters: { label: ["atrium.managed=1"] } }).catch(() => []);
  let removed = 0;
  for (const c of containers) {
    const instance = c.Labels["atrium.instance"] ?? "";
    if (!instance.startsWith(INSTANCE_PREFIX)) continue;
    if (instance !== env.ATRIUM_INSTANCE_ID && ageOf(instance.slice(INSTANCE_PREFIX.length)) < DAY_MS) continue;
    await engine.getContainer(c.Id).remove({ force: true }).then(() => removed++, () => undefined);
  }
  if (removed > 0) log(`removed ${removed} sandbox container${removed === 1 ? "" : "s"}`);
  // Copy-on-write sessions' overlay volumes (src/server/sandbox/access.ts), now that their containers are gone.
  const volumes = (await engine.listVolumes({ filters: { label: ["atrium.managed=1"] } }).catch(() => null))?.Volumes ?? [];
  for (const v of volumes) {
    const instance = v.Labels?.["atrium.instance"] ?? "";
    if (!instance.startsWith(INSTANCE_PREFIX)) continue;
    if (instance !== env.ATRIUM_INSTANCE_ID && ageOf(instance.slice(INSTANCE_PREFIX.length)) < DAY_MS) continue;
    await engine.getVolume(v.Name).remove().catch(() => undefined);
  }
}
const serverUrl = process.env.DATABASE_URL?.trim();
let database: string | null = null;

await pruneOldDataDirs();
if (serverUrl) {
  database = `atrium_e2e_${runId.replace(/[^0-9a-z]/gi, "_").toLowerCase()}`;
  await withClient(serverUrl, async (client) => {
    // Leftovers of runs that were killed before they could clean up, a day or more ago.
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'atrium\\_e2e\\_%'");
    for (const { datname } of rows) {
      if (ageOf(datname) >= DAY_MS) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
    await client.query(`CREATE DATABASE "${database}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  env.DATABASE_URL = url.toString();
  log(`database ${database} on ${url.host}`);
} else {
  delete env.DATABASE_URL;
  env.ATRIUM_EMBEDDED_PG_PORT = String(await freePort());
  log(`embedded PostgreSQL on port ${env.ATRIUM_EMBEDDED_PG_PORT}, data in ${path.relative(root, dataDir)}`);
}

async function cleanUp(keepDataDir: boolean): Promise<void> {
  await removeContainers();
  if (database && serverUrl) {
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`))
      .then(() => log(`dropped ${database}`))
      .catch((error: unknown) => log(`could not drop ${database}: ${error instanceof Error ? error.message : String(error)}`));
  }
  if (keepDataDir) log(`kept ${path.relative(root, dataDir)} for a look`);
  else await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
}

// The server runs as a child with the same process group, so Playwright's SIGTERM reaches it.
const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: "inherit" });

let stopping = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  // The signal went to the whole process group, so the server has it too and is shutting down (a
  // second signal would make it skip its clean stop). Only when this process alone was signalled
  // is the server still running after its own 15 s shutdown limit: then pass the signal on.
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }, 20_000).unref();
};
process.on("SIGTERM", () => onSignal("SIGTERM"));
process.on("SIGINT", () => onSignal("SIGINT"));

child.on("exit", (code, signal) => {
  log(`the server ${stopping ? "stopped" : "exited on its own"} (${signal ?? `code ${code}`})`);
  // Stopped by us, any exit is a clean one (the server may exit 143 on SIGTERM); a server that
  // stopped on its own failed, and its data directory is worth a look.
  const failed = !stopping && code !== 0;
  void cleanUp(failed).finally(() => process.exit(failed ? (code ?? 1) : 0));
});
