// A private network world for the sandbox network test, built from named network namespaces so
// that no packet reaches the machine's real interfaces, docker0 or any address outside it:
//
//   [host ns "<name>"]  own dockerd (iptables on) · 10.250.0.1 on lo (the host's address)
//        │ veth 198.51.100.1/24 (the host's "public" address, the sandboxes' way out)
//   [outside ns "<name>-out"]  198.51.100.2 (the internet) · 169.254.169.254 (metadata) · 10.99.0.5 (a LAN service)
//
// Listeners on 0.0.0.0:8080 in both namespaces answer with the address they were reached on.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { CommandRunner } from "~/server/sandbox/firewall";
import { spawnDockerd, waitForContainerd } from "../../hostile/support/infra";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const ADDR = {
  host: "10.250.0.1",
  hostPublic: "198.51.100.1",
  outside: "198.51.100.2",
  metadata: "169.254.169.254",
  lan: "10.99.0.5",
  port: 8080,
} as const;

const LISTENER = `require("node:http").createServer((q, s) => s.end("reached " + q.socket.localAddress.replace(/^::ffff:/, ""))).listen(${ADDR.port}, "0.0.0.0")`;

async function ip(args: string[]): Promise<void> {
  await run("ip", args);
}

export class NetnsWorld {
  readonly ns: string;
  readonly outside: string;
  readonly socket: string;
  private readonly children: ChildProcess[] = [];
  private dockerd: ChildProcess | null = null;

  constructor(readonly dir: string, tag: string) {
    this.ns = `atrium-${tag}`;
    this.outside = `atrium-${tag}-out`;
    this.socket = path.join(dir, "docker.sock");
  }

  /** Runs a command inside the "host" namespace (nsenter: only the network namespace changes) (the firewall's iptables, `ip link`). */
  readonly runner: CommandRunner = (command, args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile("nsenter", [`--net=/run/netns/${this.ns}`, command, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(" ")}: ${(stderr || error.message).trim()}`, { cause: error }));
        else resolve({ stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    });

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await ip(["netns", "add", this.ns]);
    await ip(["netns", "add", this.outside]);
    for (const ns of [this.ns, this.outside]) await ip(["-n", ns, "link", "set", "lo", "up"]);
    // (No dummy interfaces in this kernel: an address on lo is as much "the host's own" for routing.)
    await ip(["-n", this.ns, "addr", "add", `${ADDR.host}/32`, "dev", "lo"]);
    await ip(["-n", this.ns, "link", "add", "wan0", "type", "veth", "peer", "name", "wan1", "netns", this.outside]);
    await ip(["-n", this.ns, "addr", "add", `${ADDR.hostPublic}/24`, "dev", "wan0"]);
    await ip(["-n", this.ns, "link", "set", "wan0", "up"]);
    await ip(["-n", this.outside, "addr", "add", `${ADDR.outside}/24`, "dev", "wan1"]);
    await ip(["-n", this.outside, "link", "set", "wan1", "up"]);
    for (const address of [ADDR.metadata, ADDR.lan]) {
      await ip(["-n", this.outside, "addr", "add", `${address}/32`, "dev", "lo"]);
      await ip(["-n", this.ns, "route", "add", `${address}/32`, "via", ADDR.outside]);
    }
    await ip(["-n", this.ns, "route", "add", "default", "via", ADDR.outside]);
    for (const ns of [this.ns, this.outside]) {
      const child = spawn("nsenter", [`--net=/run/netns/${ns}`, process.execPath, "-e", LISTENER], { stdio: "ignore" });
      this.children.push(child);
    }
    await this.startDockerd();
    // The listeners answer inside their namespaces (a control: what the sandboxes must not reach is really there).
    for (let i = 0; i < 50; i++) {
      if ((await this.fetchFromHost(ADDR.metadata)) && (await this.fetchFromHost(ADDR.host))) return;
      await sleep(100);
    }
    throw new Error("the test listeners did not come up");
  }

  /** What the "host" namespace itself gets from `address`:8080 (null when nothing answers). */
  async fetchFromHost(address: string): Promise<string | null> {
    return this.runner("curl", ["-sS", "--noproxy", "*", "--max-time", "2", `http://${address}:${ADDR.port}/`]).then(
      (r) => r.stdout,
      () => null,
    );
  }

  private async startDockerd(): Promise<void> {
    const log = createWriteStream(path.join(this.dir, "dockerd.log"), { flags: "a" });
    // iptables ON (the real configuration: NAT out, icc enforcement, DOCKER-USER); no default bridge.
    const args = [
      "--host", `unix://${this.socket}`,
      "--data-root", path.join(this.dir, "data"),
      "--exec-root", path.join(this.dir, "exec"),
      "--pidfile", path.join(this.dir, "docker.pid"),
      "--bridge=none", "--ip6tables=false",
    ];
    // nsenter, not `ip netns exec`: that also remounts /sys, hiding the cgroup mounts dockerd needs.
    this.dockerd = await spawnDockerd(["nsenter", `--net=/run/netns/${this.ns}`], args, this.dir, log, (a) => this.docker(a));
  }

  docker(args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run("docker", ["-H", `unix://${this.socket}`, ...args], { maxBuffer: 64 << 20 });
  }

  async loadImage(image: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const save = spawn("docker", ["save", image], { stdio: ["ignore", "pipe", "inherit"] });
      const load = spawn("docker", ["-H", `unix://${this.socket}`, "load"], { stdio: ["pipe", "ignore", "inherit"] });
      save.stdout.pipe(load.stdin);
      load.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`docker load exited ${code}`))));
      save.once("error", reject);
    });
  }

  async dispose(): Promise<void> {
    const dockerd = this.dockerd;
    if (dockerd?.pid && dockerd.exitCode === null) {
      const ids = (await this.docker(["ps", "-aq"]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
      if (ids.length > 0) await this.docker(["rm", "-f", ...ids]).catch(() => undefined);
      const exited = new Promise<void>((resolve) => dockerd.once("exit", () => resolve()));
      process.kill(-dockerd.pid, "SIGTERM");
      const timer = setTimeout(() => dockerd.pid && process.kill(-dockerd.pid, "SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await waitForContainerd(this.dir);
    for (const child of this.children) child.kill("SIGKILL");
    for (const ns of [this.ns, this.outside]) await ip(["netns", "delete", ns]).catch(() => undefined);
    await run("sh", ["-c", `grep -o ' ${this.dir}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
