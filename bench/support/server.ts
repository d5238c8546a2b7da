// A REAL Atrium server for the benches and the hostile suite: the production build (built once with
// `node scripts/start.mjs --build-only`), a fresh database, a temporary data directory, a bootstrap
// administrator and an admin API key minted with the CLI. Then plain HTTP (REST /api/v1, tRPC) and
// socket.io clients talk to it exactly as agents and browsers do.
//
// Why not `node scripts/start.mjs` for every start: start.mjs rebuilds when any source file changed
// since the last build, and the hostile suite restarts the server several times (SIGKILL, then
// start again). So the build is checked once (`start.mjs --build-only`, a no-op when it is current)
// and each start runs what start.mjs runs after that check (server.ts through tsx, production
// mode), so every restart serves the same build.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "~/server/realtime/events";

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SOCKET_PATH = "/api/socket";
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let built: Promise<void> | null = null;

/** Builds the web app once per process if the build is missing or stale (a no-op in CI after e2e). */
export function ensureBuild(log: (line: string) => void = (l) => console.error(l)): Promise<void> {
  built ??= (async () => {
    if (process.env.ATRIUM_BENCH_SKIP_BUILD === "1") return;
    log(`[server] checking the production build (${process.env.ATRIUM_NEXT_DIST_DIR || ".next"}); the first build takes minutes`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs"), "--build-only"], { cwd: ROOT, env: process.env, stdio: ["ignore", "ignore", "inherit"] });
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the build failed (exit ${code})`))));
    });
  })();
  return built;
}

/** A fresh database on a PostgreSQL server (a URL naming any database there, e.g. .../postgres). */
export async function createDatabase(serverUrl: string, prefix = "atrium_bench"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined) };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  ms: number;
  headers: Headers;
}

export interface StartOptions {
  /** Short name used in temp paths and logs. */
  name: string;
  /** PostgreSQL server URL on which a fresh database is created (default: DATABASE_URL or 127.0.0.1:5432). */
  postgresUrl?: string;
  /** `unix:///…` of the Docker engine the server should use (default: the system one). */
  dockerHost?: string;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** Echo the server's output to stderr (it always goes to <dataDir>.log). */
  echo?: boolean;
}

/** One Atrium server process and its throwaway state; `start()` again after `kill()` reuses both. */
export class Atrium {
  readonly adminEmail = "admin@bench.atrium.test";
  readonly adminPassword = randomBytes(12).toString("base64url");
  readonly instanceId = `bench-${Date.now().toString(36)}-${process.pid}`;
  port = 0;
  dataDir = "";
  databaseUrl = "";
  adminKey = "";
  child: ChildProcess | null = null;
  private dropDatabase: () => Promise<void> = () => Promise.resolve();
  private logFile = "";

  constructor(readonly options: StartOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PORT: String(this.port),
      HOST: "127.0.0.1",
      ATRIUM_PUBLIC_URL: this.url,
      ATRIUM_DATA_DIR: this.dataDir,
      DATABASE_URL: this.databaseUrl,
      ATRIUM_ADMIN_EMAIL: this.adminEmail,
      ATRIUM_ADMIN_PASSWORD: this.adminPassword,
      ATRIUM_INSTANCE_ID: this.instanceId,
      // Benches time the sandbox, not an image pull or a 500 MB rootfs.
      ATRIUM_RUNTIME_IMAGE: process.env.ATRIUM_BENCH_IMAGE ?? "atrium/test:busybox",
      ATRIUM_AGENT_BINARY: process.env.ATRIUM_AGENT_BINARY ?? path.join(ROOT, ".atrium", "bin", "atrium-agent"),
      ...(this.options.dockerHost ? { DOCKER_HOST: this.options.dockerHost } : {}),
      ...this.options.env,
    };
  }

  /** First start: data dir, database, build, server, admin key. */
  async init(): Promise<this> {
    this.dataDir = await mkdtemp(path.join(tmpdir(), `atrium-${this.options.name}-`));
    this.logFile = `${this.dataDir}.log`;
    const serverUrl = this.options.postgresUrl ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const database = await createDatabase(serverUrl);
    this.databaseUrl = database.url;
    this.dropDatabase = () => database.drop();
    this.port = await freePort();
    await ensureBuild();
    await this.start();
    const { stdout } = await run(process.execPath, [path.join(ROOT, "bin", "atrium.mjs"), "apikey", "create", "--user", this.adminEmail, "--scopes", "read,write,exec,admin", "--name", "bench admin"], {
      cwd: ROOT,
      env: this.env(),
    });
    this.adminKey = stdout.trim();
    if (!this.adminKey.startsWith("atr_")) throw new Error(`the CLI printed no key: ${stdout}`);
    return this;
  }

  /** Starts the server process and waits until /api/health answers (any status: the DB may be down on purpose). */
  async start(timeoutMs = 120_000): Promise<void> {
    const out = createWriteStream(this.logFile, { flags: "a" });
    // What scripts/start.mjs runs after its build check: server.ts through tsx, in production mode.
    const env: NodeJS.ProcessEnv = { ...this.env(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server.ts")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.pipe(out, { end: false });
      if (this.options.echo) stream?.on("data", (d: Buffer) => process.stderr.write(d));
    }
    child.once("exit", () => out.end());
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited during start-up (${child.exitCode ?? child.signalCode}); log:\n${await this.logTail()}`);
      const ok = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status === 200 || r.status === 503,
        () => false,
      );
      if (ok) return;
      await sleep(250);
    }
    throw new Error(`the server did not answer /api/health within ${timeoutMs} ms; log:\n${await this.logTail()}`);
  }

  async logTail(lines = 40): Promise<string> {
    const text = await readFile(this.logFile, "utf8").catch(() => "");
    return text.split("\n").slice(-lines).join("\n");
  }

  async log(): Promise<string> {
    return readFile(this.logFile, "utf8").catch(() => "");
  }

  private exited(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once("exit", () => resolve()));
  }

  /** SIGKILL: no shutdown code runs (the crash the hostile suite is about). */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited();
  }

  /** SIGTERM and wait for the clean stop. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGTERM");
    const forced = setTimeout(() => this.child?.kill("SIGKILL"), 25_000);
    await this.exited();
    clearTimeout(forced);
  }

  /** Stops the server and removes its database and data directory. */
  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    // Sessions outlive a server stop by design (they are reconciled at the next start); this
    // instance will not start again, so its containers go with its database.
    const host = this.options.dockerHost ? ["-H", this.options.dockerHost] : [];
    const ids = await run("docker", [...host, "ps", "-aq", "--filter", `label=atrium.instance=${this.instanceId}`]).then((r) => r.stdout.split("\n").filter(Boolean), () => []);
    if (ids.length > 0) await run("docker", [...host, "rm", "-f", ...ids]).catch(() => undefined);
    await this.dropDatabase().catch((e: unknown) => console.error(`[server] could not drop the database: ${String(e)}`));
    if (process.env.ATRIUM_BENCH_KEEP !== "1") {
      await rm(this.dataDir, { recursive: true, force: true }).catch(() => undefined);
      await rm(this.logFile, { force: true }).catch(() => undefined);
    }
  }

  /** Resident memory of the server process in bytes (VmRSS), 0 when it is not running. */
  async rss(): Promise<number> {
    const status = await readFile(`/proc/${this.pid}/status`, "utf8").catch(() => "");
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  }

  /** A REST call to /api/v1 (JSON in and out). */
  async rest<T = unknown>(method: string, route: string, body?: unknown, options: { key?: string; headers?: Record<string, string>; raw?: BodyInit; timeoutMs?: number } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.key ?? this.adminKey}`, ...options.headers };
    let payload: BodyInit | undefined = options.raw;
    if (body !== undefined) {
      headers["content-type"] ??= "application/json";
      payload = JSON.stringify(body);
    }
    return this.http<T>(method, `/api/v1${route}`, payload, headers, options.timeoutMs);
  }

  /** A tRPC call over HTTP (superjson envelope), returning the unwrapped data or the error body. */
  async trpc<T = unknown>(kind: "query" | "mutation", procedure: string, input: unknown, key = this.adminKey): Promise<Reply<T>> {
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const reply =
      kind === "query"
        ? await this.http<{ result?: { data: { json: T } } }>("GET", `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, undefined, headers)
        : await this.http<{ result?: { data: { json: T } } }>("POST", `/api/trpc/${procedure}`, JSON.stringify({ json: input }), headers);
    const body = (reply.body as { result?: { data: { json: T } } } | null)?.result?.data.json ?? (reply.body as T);
    return { ...reply, body };
  }

  async http<T>(method: string, pathAndQuery: string, body: BodyInit | undefined, headers: Record<string, string>, timeoutMs = 120_000): Promise<Reply<T>> {
    const t0 = performance.now();
    const res = await fetch(`${this.url}${pathAndQuery}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), ...(body instanceof ReadableStream ? { duplex: "half" } : {}) });
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed as T, text, ms, headers: res.headers };
  }

  /** A REST call that must succeed (2xx); throws with the server's answer otherwise. */
  async ok<T = unknown>(method: string, route: string, body?: unknown, key?: string): Promise<T> {
    const r = await this.rest<T>(method, route, body, { key });
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${route} → ${r.status}: ${r.text.slice(0, 400)}`);
    return r.body;
  }

  /** A new (non-admin) account and an API key of its own, made with the admin CLI as an operator would. */
  async user(email: string, scopes = "read,write,exec"): Promise<string> {
    const cli = (args: string[]) => run(process.execPath, [path.join(ROOT, "bin", "atrium.mjs"), ...args], { cwd: ROOT, env: this.env() });
    // The `=` form: a random password may start with "-", which the CLI rightly refuses as a value.
    await cli(["user", "create", "--email", email, `--password=${randomBytes(12).toString("base64url")}`]);
    const { stdout } = await cli(["apikey", "create", "--user", email, "--scopes", scopes, "--name", "bench"]);
    const key = stdout.trim();
    if (!key.startsWith("atr_")) throw new Error(`the CLI printed no key: ${stdout}`);
    return key;
  }

  /** Another API key of the admin (REST budgets are per key, so load generators get one each). */
  async mintKey(name: string, scopes: string[] = ["read", "write", "exec"]): Promise<string> {
    const r = await this.trpc<{ key: string }>("mutation", "apiKeys.create", { name, scopes });
    if (r.status !== 200 || typeof r.body.key !== "string") throw new Error(`apiKeys.create → ${r.status}: ${r.text.slice(0, 300)}`);
    return r.body.key;
  }

  async workspace(name: string): Promise<string> {
    const ws = await this.ok<{ id: string }>("POST", "/workspaces", { name });
    return ws.id;
  }

  /** A socket.io client authenticated with an API key, connected. */
  async socket(key = this.adminKey): Promise<ClientSocket> {
    const socket: ClientSocket = connect(this.url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true, auth: { token: key } });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  }
}

export async function startAtrium(options: StartOptions): Promise<Atrium> {
  const server = new Atrium(options);
  try {
    return await server.init();
  } catch (error) {
    await server.dispose();
    throw error;
  }
}

/** Runs `cleanup` on Ctrl+C / SIGTERM too, so an interrupted bench leaves no server or database behind. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

export function bytesOf(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(String(data));
}
