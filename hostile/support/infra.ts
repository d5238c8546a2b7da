// The hostile suite's OWN PostgreSQL and OWN Docker engine, so the fault cases can really stop them
// without touching the machine's shared PostgreSQL (127.0.0.1:5432) or the system dockerd that
// other people and CI jobs are using. Both live under one temporary directory.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "~/server/db/embedded";
import { freePort, sleep } from "../../bench/support/server";

const run = promisify(execFile);

/** An embedded PostgreSQL on a fixed port that can be stopped and started again (same data). */
export class OwnPostgres {
  port = 0;
  private db: EmbeddedDatabase | null = null;
  constructor(readonly dir: string) {}

  async start(): Promise<void> {
    this.port ||= await freePort();
    this.db = await startEmbeddedPostgres({ dir: this.dir, port: this.port, database: "postgres" });
  }

  /** A URL for the `postgres` database (createDatabase makes fresh ones beside it). */
  get url(): string {
    if (!this.db) throw new Error("PostgreSQL is not running");
    return this.db.url;
  }

  async stop(): Promise<void> {
    await this.db?.stop();
    this.db = null;
  }
}

/** A private dockerd: own socket, data root, exec root and network namespace; no bridge, no iptables (sandboxes use network none). */
export class OwnDockerd {
  readonly socket: string;
  readonly host: string;
  private child: ChildProcess | null = null;

  constructor(readonly dir: string) {
    this.socket = path.join(dir, "docker.sock");
    this.host = `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const log = createWriteStream(path.join(this.dir, "dockerd.log"), { flags: "a" });
    const args = [
      "--host", this.host,
      "--data-root", path.join(this.dir, "data"),
      "--exec-root", path.join(this.dir, "exec"),
      "--pidfile", path.join(this.dir, "docker.pid"),
      "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false",
    ];
    // Its own network namespace (`unshare --net`): with --bridge=none, dockerd deletes the host's
    // `docker0` at start-up, which would cut the system engine's containers off; inside its own
    // namespace it can only delete its own. Its own process group, so a kill reaches dockerd and the
    // containerd it supervises together.
    this.child = await spawnDockerd(["unshare", "--net"], args, this.dir, log, (a) => this.docker(a));
  }

  docker(args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run("docker", ["-H", this.host, ...args], { maxBuffer: 64 << 20 });
  }

  /** Copies an image from the system engine (no registry needed). */
  async loadImage(image: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const save = spawn("docker", ["save", image], { stdio: ["ignore", "pipe", "inherit"] });
      const load = spawn("docker", ["-H", this.host, "load"], { stdio: ["pipe", "ignore", "inherit"] });
      save.stdout.pipe(load.stdin);
      load.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`docker load exited ${code}`))));
      save.once("error", reject);
    });
  }

  /** Container ids on this engine, optionally only Atrium's of one instance. */
  async containers(instanceId?: string): Promise<string[]> {
    const filter = instanceId ? ["--filter", `label=atrium.instance=${instanceId}`] : [];
    const { stdout } = await this.docker(["ps", "-aq", ...filter]);
    return stdout.split("\n").filter(Boolean);
  }

  /** SIGKILL dockerd and containerd: the engine vanishes as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
    this.child = null;
    await waitForContainerd(this.dir);
  }

  /** Stops the engine cleanly and removes every container it ran and its directories. */
  async dispose(): Promise<void> {
    if (this.child) {
      const ids = await this.containers().catch(() => []);
      if (ids.length > 0) await this.docker(["rm", "-f", ...ids]).catch(() => undefined);
      const child = this.child;
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
      this.child = null;
    }
    // Mounts left by a crash (overlay, shm) must go before the tree can.
    await run("sh", ["-c", `grep -o ' ${this.dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Starts `dockerd ARGS` under `launcher` (e.g. `unshare --net`, `nsenter --net=…`) in its own
 * process group, its output appended to `log`, and waits until `docker` (a client for it) answers.
 */
export async function spawnDockerd(
  launcher: string[],
  args: string[],
  dir: string,
  log: NodeJS.WritableStream,
  docker: (args: string[]) => Promise<unknown>,
): Promise<ChildProcess> {
  const child = spawn(launcher[0]!, [...launcher.slice(1), "dockerd", ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`dockerd exited (${child.exitCode}); see ${dir}/dockerd.log`);
    if (await docker(["version", "--format", "{{.Server.Version}}"]).then(() => true, () => false)) return child;
    await sleep(500);
  }
  throw new Error(`dockerd did not answer; see ${dir}/dockerd.log`);
}

/** containerd, started by a dockerd whose exec root is `<dir>/exec`, may outlive it for a moment: wait (5 s at most). */
export async function waitForContainerd(dir: string): Promise<void> {
  const pid = Number((await readFile(path.join(dir, "exec", "containerd", "containerd.pid"), "utf8").catch(() => "")).trim());
  for (let i = 0; pid > 0 && i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
}
