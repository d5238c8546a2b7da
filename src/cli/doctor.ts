// `atrium doctor`: checks what Atrium needs, one ✔/✖ line each, in the order a person would fix
// them, printing each as soon as it is known. It only looks and writes nothing: not the data dir,
// not the checkout (README's `npm run atrium -- doctor` installs nothing either), not a database.
import { constants } from "node:fs";
import { access, readFile, realpath, stat, statfs } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import pkg from "../../package.json" with { type: "json" };
import { type Env, env, EnvError } from "~/env";
import type { Core } from "~/server/boot";
import { readMigrations } from "~/server/db/migrate";
import { docker } from "~/server/docker/client";
import { runtime } from "~/server/runtime";
import { EmbeddedNotRunningError } from "~/server/db/embedded";
import { PRIVATE_DATA_FOLDERS } from "~/server/data-dir";
import { checkSandboxFirewall } from "~/server/sandbox/firewall";
import { sandboxConfigFromEnv } from "~/server/sandbox/service";
import type { DoctorArgs } from "./args";
import { openCore } from "./core";
import { checkAgentBinary, checkAgentInImage } from "./doctor-agent";
import { redactUrl } from "./format";
import { type AppliedMigrationRow, type CheckResult, formatCheck, migrationChecks, migrationStatus, nodeCheck, verdict } from "./doctor-report";
import type { Io } from "./io";
import { withTimeout } from "~/server/with-timeout";

const DOCKER_FIX = "install Docker (apt-get install docker.io) and start dockerd, or set DOCKER_HOST";
const IMAGES_FIX = "build them with `npm run images`";

export async function doctor(args: DoctorArgs, io: Io): Promise<number> {
  const checks: CheckResult[] = [];
  const report = (check: CheckResult) => {
    checks.push(check);
    io.out(formatCheck(check));
  };

  const config = checkConfig();
  report(config.check);
  // Without a valid configuration there is no data directory, database or Docker host to check.
  if (config.env) {
    const e = config.env;
    report(await checkDataDir(e.dataDir));
    const privacy = await checkDataDirPrivacy(e.dataDir);
    if (privacy) report(privacy);
    (await checkDatabase(io, e)).forEach(report);
    const engine = await checkDocker(e);
    report(engine.check);
    // Only images Atrium builds (atrium/…) carry the recipe label; a registry image is the operator's.
    const runtimeImage = await checkImage("runtime image", e.ATRIUM_RUNTIME_IMAGE, engine.reachable, { recipe: e.ATRIUM_RUNTIME_IMAGE.startsWith("atrium/") });
    report(runtimeImage.check);
    report((await checkImage("test image", e.ATRIUM_TEST_IMAGE, engine.reachable)).check);
    if (e.ATRIUM_SANDBOX_DRIVER === "docker") {
      const agent = await checkAgentBinary(e.ATRIUM_AGENT_BINARY);
      report(agent.check);
      if (agent.binary && runtimeImage.exists) {
        const user = sandboxConfigFromEnv().fallbackUser;
        report(await checkAgentInImage(docker(), e.ATRIUM_RUNTIME_IMAGE, agent.binary, user.uid, user.gid));
      }
    }
    if (e.ATRIUM_SANDBOX_DRIVER === "docker") report(await checkFirewall());
  }
  report(nodeCheck(process.version, (pkg as { engines?: { node?: string } }).engines?.node));

  const { summary, exitCode } = verdict(checks, args.strict);
  io.out("");
  io.out(summary);
  return exitCode;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();

function checkConfig(): { env?: Env; check: CheckResult } {
  const label = "configuration";
  try {
    const e = env();
    const database = e.DATABASE_URL ? `DATABASE_URL ${redactUrl(e.DATABASE_URL)}` : `embedded PostgreSQL (port ${e.ATRIUM_EMBEDDED_PG_PORT})`;
    return { env: e, check: { label, ok: true, required: true, detail: `valid (database: ${database})` } };
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return {
      check: {
        label,
        ok: false,
        required: true,
        detail: "invalid",
        notes: error.problems,
        fix: 'fix these environment variables (see README.md, "Configuration"); the other checks need them',
      },
    };
  }
}

async function checkDataDir(dir: string): Promise<CheckResult> {
  const label = "data directory";
  const fix = `make it writable by this user (chown/chmod), or set ATRIUM_DATA_DIR to a directory that is`;
  try {
    if (!(await stat(dir)).isDirectory()) return { label, ok: false, required: true, detail: `${dir} is not a directory`, fix };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return { label, ok: false, required: true, detail: `${dir}: ${message(error)}`, fix };
    let parent = path.dirname(dir);
    while (parent !== path.dirname(parent)) {
      try {
        await stat(parent);
        break;
      } catch {
        parent = path.dirname(parent);
      }
    }
    try {
      await access(parent, constants.W_OK);
      return { label, ok: true, required: true, detail: `${dir} does not exist yet; Atrium creates it` };
    } catch {
      return { label, ok: false, required: true, detail: `${dir} does not exist and ${parent} is not writable`, fix };
    }
  }
  // access() trusts mode bits and the mount table says read-only: doctor writes no probe file.
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return { label, ok: false, required: true, detail: `${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? message(error)})`, fix };
  }
  const mount = await mountOf(dir);
  if (mount?.readOnly) return { label, ok: false, required: true, detail: `${dir} is on a read-only mount (${mount.point})`, fix };
  const free = await statfs(dir).then((s) => s.bavail * s.bsize, () => null);
  if (free !== null && free < 100e6) return { label, ok: false, required: true, detail: `${dir}: only ${Math.round(free / 1e6)} MB free`, fix: "free some disk space, or set ATRIUM_DATA_DIR to a larger disk" };
  return { label, ok: true, required: true, detail: `${dir} is writable` };
}

/** The mount holding `dir` (longest mount point above it), from /proc/self/mountinfo; null elsewhere. */
async function mountOf(dir: string): Promise<{ point: string; readOnly: boolean } | null> {
  const table = await readFile("/proc/self/mountinfo", "utf8").catch(() => null);
  if (table === null) return null;
  const target = await realpath(dir).catch(() => dir);
  let best: { point: string; readOnly: boolean } | null = null;
  for (const line of table.split("\n")) {
    // id parent major:minor root mount-point options ...
    const fields = line.split(" ");
    const point = fields[4]?.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    if (!point || !(target === point || target.startsWith(point === "/" ? "/" : `${point}/`))) continue;
    if (!best || point.length >= best.point.length) best = { point, readOnly: (fields[5] ?? "").split(",").includes("ro") };
  }
  return best;
}

/** Whether other host accounts can read tenants' bytes (Atrium closes this at every start-up; see data-dir.ts). */
async function checkDataDirPrivacy(dir: string): Promise<CheckResult | null> {
  const folders = [dir, ...PRIVATE_DATA_FOLDERS.map((name) => path.join(dir, name))];
  const open: string[] = [];
  for (const folder of folders) {
    const info = await stat(folder).catch(() => null);
    if (!info) continue;
    // Traversal (x) alone is allowed on the data dir itself, for the embedded PostgreSQL's user.
    if ((info.mode & (folder === dir ? 0o066 : 0o077)) !== 0) open.push(`${folder} (${(info.mode & 0o777).toString(8)})`);
  }
  if (open.length === 0) return null;
  return {
    label: "data privacy",
    ok: false,
    required: false,
    detail: `other accounts on this host can read: ${open.join(", ")}`,
    fix: "start Atrium once (it sets these to 0700 at start-up), or chmod 700 them",
  };
}

async function checkDatabase(io: Io, e: Env): Promise<CheckResult[]> {
  const label = "database";
  const fix = e.DATABASE_URL
    ? "check that PostgreSQL runs there and that DATABASE_URL's user, password and database are right, or unset DATABASE_URL to use the embedded database"
    : "if another program uses the port, set ATRIUM_EMBEDDED_PG_PORT to a free one; or set DATABASE_URL to use your own PostgreSQL";
  const logged: string[] = [];
  let core: Core;
  try {
    core = await openCore(io, { lookOnly: true, log: (line) => logged.push(line) });
  } catch (error) {
    if (error instanceof EmbeddedNotRunningError) {
      // Starting (or creating) the cluster would write into the data dir: that is the server's job.
      const detail =
        error.state === "absent"
          ? `embedded PostgreSQL: no cluster in ${error.dataDir} yet; Atrium creates it at first start`
          : `embedded PostgreSQL in ${error.dataDir}: not running (it runs while Atrium does); connection and migrations not checked`;
      return [{ label, ok: true, required: true, detail }];
    }
    const notes = logged.filter((l) => l.startsWith("postgres:"));
    return [{ label, ok: false, required: true, detail: `cannot start: ${message(error)}`, notes, fix }];
  }
  const client = new pg.Client({ connectionString: core.databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    const started = performance.now();
    await client.connect();
    const { rows } = await client.query<{ version: string; bookkeeping: string | null }>(
      `SELECT current_setting('server_version') AS version, to_regclass('_prisma_migrations')::text AS bookkeeping`,
    );
    const ms = Math.round(performance.now() - started);
    const embedded = runtime().embeddedDatabase;
    const where = embedded
      ? `embedded on 127.0.0.1:${embedded.port}${core.embedded ? "" : ", shared with the running Atrium"} (data in ${embedded.dataDir})`
      : `at ${redactUrl(core.databaseUrl)}`;
    const info = rows[0];
    const checks: CheckResult[] = [{ label, ok: true, required: true, detail: `PostgreSQL ${info?.version ?? "?"} ${where}, answered in ${ms} ms` }];
    const applied = info?.bookkeeping
      ? (await client.query<AppliedMigrationRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`)).rows
      : null;
    checks.push(...migrationChecks(migrationStatus(await readMigrations(), applied)));
    return checks;
  } catch (error) {
    return [{ label, ok: false, required: true, detail: `not reachable ${e.DATABASE_URL ? `at ${redactUrl(core.databaseUrl)}` : "(embedded)"}: ${message(error)}`, fix }];
  } finally {
    await client.end().catch(() => undefined);
    await core.stop().catch(() => undefined);
  }
}


async function checkDocker(e: Env): Promise<{ reachable: boolean; check: CheckResult }> {
  const label = "docker";
  const where = e.DOCKER_HOST ?? "unix:///var/run/docker.sock";
  try {
    const v = await withTimeout(docker().version(), 3000);
    return { reachable: true, check: { label, ok: true, required: false, detail: `Docker Engine ${v.Version} (API ${v.ApiVersion}) at ${where}` } };
  } catch (error) {
    return { reachable: false, check: { label, ok: false, required: false, detail: `not reachable at ${where}: ${message(error)}`, fix: DOCKER_FIX } };
  }
}

/** Looks at the iptables rules Atrium installs at start-up (iptables -S / -C: nothing is changed). */
async function checkFirewall(): Promise<CheckResult> {
  const label = "firewall";
  const net = sandboxConfigFromEnv().network;
  if (net.firewall === "off") {
    return { label, ok: false, required: false, detail: "ATRIUM_SANDBOX_FIREWALL=off: default-preset sandboxes can reach this host's services, metadata addresses and private networks", fix: "unset ATRIUM_SANDBOX_FIREWALL (or set it to auto) and restart Atrium as root" };
  }
  const result = await checkSandboxFirewall(net);
  if (result.ok) return { label, ok: true, required: net.firewall === "required", detail: `${result.detail}; bridge ${net.bridge}` };
  return {
    label,
    ok: false,
    required: net.firewall === "required",
    detail: `not in place (${result.detail}): default-preset sandboxes can reach this host's services, metadata addresses and private networks`,
    fix: "start Atrium as root in the Docker host's network namespace (it installs the rules at start-up), or install them yourself as README \"Sandbox network\" shows; run doctor as root to see them",
  };
}

async function checkImage(label: string, name: string, dockerReachable: boolean, options: { recipe?: boolean } = {}): Promise<{ check: CheckResult; exists: boolean }> {
  if (!dockerReachable) {
    return { exists: false, check: { label, ok: false, required: false, detail: `${name} not checked: Docker is not reachable`, fix: "start Docker, then build the images with `npm run images` if they are missing" } };
  }
  try {
    const info = await withTimeout(docker().getImage(name).inspect(), 5000);
    const detail = `${name} (${Math.round(info.Size / 1e6)} MB, created ${info.Created.slice(0, 10)})`;
    // scripts/build-images.mjs labels what it builds with its recipe; an unlabelled runtime image
    // predates the batteries-included one (no pip, venv, gcc, make, curl...).
    if (options.recipe && !info.Config.Labels?.["atrium.recipe"]) {
      return {
        exists: true,
        check: { label, ok: false, required: false, detail: `${detail} was built by an older scripts/build-images.mjs: no pip, venv, gcc, make or curl`, fix: "rebuild it with `npm run images` (it replaces images from an older recipe)" },
      };
    }
    return { exists: true, check: { label, ok: true, required: false, detail } };
  } catch (error) {
    const missing = (error as { statusCode?: number }).statusCode === 404;
    return { exists: false, check: { label, ok: false, required: false, detail: missing ? `${name} is missing` : `${name}: ${message(error)}`, fix: IMAGES_FIX } };
  }
}
