// The Docker driver: one long-lived container per session, locked down as listed in
// `containerConfig`. Labels carry the session and workspace ids so `list()` can rebuild the picture
// after a crash. When the exec agent is built (agent-build.ts), it is the container's command and
// runs every exec (agent-client.ts); otherwise the main process only idles and every command is a
// Docker exec. Terminals always use Docker exec (TTY).
import { existsSync } from "node:fs";
import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { docker as defaultDocker } from "~/server/docker/client";
import { AppError } from "~/server/errors";
import type { SandboxConfig } from "./config";
import { AGENT_LABEL, AGENT_PATH, type AgentConnection, AgentPool } from "./agent-client";
import { env } from "~/env";
import { agentBinaryPath } from "./agent-build";
import { forgetContainer, killTreeOrRestart, newMarker, envList, runInContainer } from "./docker-exec";
import {
  type ExecChunk,
  type ExecExit,
  type ExecOptions,
  type ExecResult,
  type ExecStream,
  LABELS,
  type ManagedSandbox,
  type NoExecOutcome,
  type SandboxDriver,
  type SandboxHandle,
  type SandboxSpec,
  type SandboxStats,
  type Tty,
  type TtyOptions,
} from "./driver";
import { ChunkQueue } from "./chunk-queue";
import { noExecUnavailable, runNoExecHelper } from "./noexec/helper";
import { firewallState } from "./firewall";
import { ensureSandboxNetwork } from "./network";
import { CappedBuffer } from "./output";
import { logger } from "~/server/observability/logger";

const MB = 1024 * 1024;
/** The biggest value busybox and coreutils `sleep` both take: the container's idle main process. */
const IDLE_CMD = ["sleep", "2147483647"];
const DEFAULT_TTY = ["/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi"];
export const HOME_DIR = "/home/atrium";
export const WORKSPACE_DIR = "/workspace";

/** Engine errors carry an HTTP status; anything without one means the engine did not answer. */
function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : undefined;
}

function engineError(error: unknown, doing: string): AppError {
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === undefined) {
    return new AppError("UNAVAILABLE", {
      message: `The Docker engine did not answer while ${doing}. Start Docker (or check DOCKER_HOST), or ask an administrator to enable the local driver.`,
      reason: "docker_unavailable",
      cause: error,
    });
  }
  return new AppError(status === 404 ? "NOT_FOUND" : "UNAVAILABLE", { message: `Docker refused ${doing}: ${detail}`, reason: "docker_error", cause: error });
}

/**
 * The source bound over protected files: an empty regular file, read-only. Not /dev/null: the
 * kernel lets a process write to a device node even on a read-only mount, so a write would
 * "succeed" into nothing instead of failing clearly.
 */
export function emptyFilePath(config: SandboxConfig): string {
  return path.join(config.dataDir, "sandbox-empty-file");
}

async function ensureEmptyFile(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, "", { flag: "a", mode: 0o444 });
  if ((await stat(file)).size !== 0) await writeFile(file, ""); // someone wrote into it: empty it again
  await chmod(file, 0o444);
}

/** Answers the exec agent's host path for the next container, or null while there is none. */
export type AgentBinaryLookup = () => string | null;

/**
 * Looks for the agent binary at every container creation (one stat, next to a container start that
 * takes hundreds of milliseconds), so an agent built after the server started (README's order:
 * `npm start`, then `npm run images`) serves the next session without a restart. Containers made
 * before keep the layout they were made with: their label says which exec path they use.
 */
export function agentBinaryLookup(binary: string): AgentBinaryLookup {
  let present: boolean | null = null;
  return () => {
    const now = existsSync(binary);
    if (now !== present) {
      if (now && present === false) logger("sandbox").warn(`exec agent found at ${binary}: new sessions use it`);
      if (!now) logger("sandbox").warn(`no exec agent at ${binary} (build it with \`npm run agent\`): commands run as Docker execs, which is slower, until it is built`);
      present = now;
    }
    return now ? binary : null;
  };
}

/** The configured agent (ATRIUM_AGENT_BINARY or .atrium/bin/atrium-agent), looked up per container. */
export function defaultAgentBinary(): AgentBinaryLookup {
  return agentBinaryLookup(agentBinaryPath(env().ATRIUM_AGENT_BINARY));
}

/** `agentBinary`: the host path of the static exec agent; null keeps the idle-process + Docker exec layout. */
export function containerConfig(spec: SandboxSpec, config: SandboxConfig, hostCpus: number, agentBinary: string | null = null): Docker.ContainerCreateOptions {
  const { limits, user } = spec;
  const mounts: Docker.MountSettings[] = [
    spec.workspaceVolume
      ? // NoCopy: the image's own /workspace must not be copied up into the session's overlay.
        { Type: "volume", Source: spec.workspaceVolume, Target: WORKSPACE_DIR, ReadOnly: spec.readOnly, VolumeOptions: { NoCopy: true, Labels: {}, DriverConfig: { Name: "local", Options: {} } } }
      : { Type: "bind", Source: spec.workspaceDir, Target: WORKSPACE_DIR, ReadOnly: spec.readOnly },
  ];
  // Shared folders: names are [a-z0-9_-] (shared-folders/service.ts), paths re-checked at each start.
  for (const shared of spec.sharedMounts ?? []) mounts.push({ Type: "bind", Source: shared.hostPath, Target: `/shared/${shared.name}`, ReadOnly: shared.readOnly });
  // The agent runs as the container's command (under docker-init) and takes requests on its stdin.
  if (agentBinary) mounts.push({ Type: "bind", Source: agentBinary, Target: AGENT_PATH, ReadOnly: true });
  for (const mask of spec.masks) {
    const Target = `${WORKSPACE_DIR}/${mask.relative}`;
    // An empty read-only file or directory over each protected entry: it exists, reads as empty, cannot be written.
    mounts.push(
      mask.kind === "file"
        ? { Type: "bind", Source: emptyFilePath(config), Target, ReadOnly: true }
        : { Type: "tmpfs", Source: "", Target, ReadOnly: true, TmpfsOptions: { SizeBytes: 4096, Mode: 0o555 } },
    );
  }
  return {
    name: `atrium-${spec.sessionId}`,
    Image: spec.image,
    Entrypoint: [],
    Cmd: agentBinary ? [AGENT_PATH] : IDLE_CMD,
    // The agent's request channel; stdin stays open across attaches so a restarted server re-attaches.
    ...(agentBinary ? { OpenStdin: true, StdinOnce: false, Tty: false } : {}),
    User: `${user.uid}:${user.gid}`,
    WorkingDir: WORKSPACE_DIR,
    Hostname: "sandbox",
    // Only what Atrium sets (plus the image's own ENV): nothing from the server's environment.
    // The sandbox uid has no /etc/passwd entry in the images: HOME and USER come from here.
    Env: [`HOME=${HOME_DIR}`, "USER=atrium", "LOGNAME=atrium", "TMPDIR=/tmp", "LANG=C.UTF-8", "TERM=xterm-256color"],
    Labels: { [LABELS.managed]: "1", [LABELS.instance]: config.instanceId, [LABELS.session]: spec.sessionId, [LABELS.workspace]: spec.workspaceId, ...(agentBinary ? { [AGENT_LABEL]: "1" } : {}) },
    HostConfig: {
      // docker-init as PID 1 reaps orphans: killed trees would otherwise leave zombies holding pids.
      Init: true,
      Mounts: mounts,
      Tmpfs: {
        "/tmp": `rw,exec,nosuid,nodev,size=${config.tmpSizeBytes},mode=1777`,
        [HOME_DIR]: `rw,exec,nosuid,nodev,size=${config.homeSizeBytes},uid=${user.uid},gid=${user.gid},mode=0700`,
      },
      ReadonlyRootfs: true,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      PidsLimit: limits.processes,
      Memory: limits.memoryMb * MB,
      MemorySwap: limits.memoryMb * MB,
      NanoCpus: Math.round(Math.min(limits.cpus, hostCpus) * 1e9),
      Ulimits: [
        { Name: "nofile", Soft: limits.openFiles, Hard: limits.openFiles },
        { Name: "fsize", Soft: limits.maxFileMb * MB, Hard: limits.maxFileMb * MB },
        { Name: "cpu", Soft: limits.cpuSeconds, Hard: limits.cpuSeconds },
      ],
      // Atrium's own network (inter-container traffic off, firewalled: see network.ts), never Docker's default bridge.
      NetworkMode: limits.network ? config.network.name : "none",
      RestartPolicy: { Name: "no" },
      LogConfig: { Type: "none", Config: {} },
    },
  };
}

export class DockerDriver implements SandboxDriver {
  readonly name = "docker" as const;
  readonly isolated = true;
  private hostCpus: number | null = null;
  private readonly agents = new AgentPool();

  constructor(
    private readonly config: SandboxConfig,
    private readonly client: () => Docker = defaultDocker,
    /** Host path of the exec agent for new containers (or how to find it); null: Docker exec per command. */
    agentBinary: string | null | AgentBinaryLookup = defaultAgentBinary(),
  ) {
    this.agentBinary = typeof agentBinary === "function" ? agentBinary : () => agentBinary;
  }

  private readonly agentBinary: AgentBinaryLookup;

  private container(handle: SandboxHandle): Docker.Container {
    return this.client().getContainer(handle.id);
  }

  private async cpus(): Promise<number> {
    if (this.hostCpus === null) {
      const info = (await this.client().info()) as { NCPU?: number };
      this.hostCpus = info.NCPU ?? 1;
    }
    return this.hostCpus;
  }

  /** Made once per driver (per process); forgotten after a failure so the next session retries. */
  private network: Promise<void> | null = null;

  private async ensureNetwork(): Promise<void> {
    const net = this.config.network;
    if (net.firewall === "required" && firewallState().state !== "active") {
      throw new AppError("UNAVAILABLE", {
        message: `Sessions with network access are turned off until the sandbox firewall is in place (ATRIUM_SANDBOX_FIREWALL=required): ${firewallState().detail}. Start a session with the strict preset (no network), or ask an administrator to run \`atrium doctor\`.`,
        reason: "sandbox_firewall_missing",
      });
    }
    this.network ??= ensureSandboxNetwork(this.client(), net).catch((error: unknown) => {
      this.network = null;
      if (error instanceof AppError) throw error;
      throw engineError(error, `creating the sandbox network ${net.name}`);
    });
    return this.network;
  }

  async create(spec: SandboxSpec, retried = false): Promise<SandboxHandle> {
    if (spec.masks.some((m) => m.kind === "file")) await ensureEmptyFile(emptyFilePath(this.config));
    if (spec.limits.network) await this.ensureNetwork();
    try {
      const container = await this.client().createContainer(containerConfig(spec, this.config, await this.cpus(), this.agentBinary()));
      return { driver: "docker", id: container.id };
    } catch (error) {
      // Someone removed the sandbox network since this process made it: make it again, once.
      if (!retried && statusOf(error) === 404 && spec.limits.network && /network/i.test(error instanceof Error ? error.message : "")) {
        this.network = null;
        return this.create(spec, true);
      }
      if (statusOf(error) === 404) {
        throw new AppError("UNAVAILABLE", {
          message: `The image "${spec.image}" is not on this Docker host. Build it with \`npm run images\` or pull it, then try again.`,
          reason: "image_missing",
          cause: error,
        });
      }
      throw engineError(error, "creating the sandbox container");
    }
  }

  async start(handle: SandboxHandle): Promise<void> {
    try {
      await this.container(handle).start();
    } catch (error) {
      if (statusOf(error) === 304) return; // already running
      throw engineError(error, "starting the sandbox container");
    }
  }

  async stop(handle: SandboxHandle): Promise<void> {
    try {
      // The idle main process has nothing to save, so no grace period.
      await this.container(handle).stop({ t: 0 });
    } catch (error) {
      const status = statusOf(error);
      if (status === 304 || status === 404) return;
      throw engineError(error, "stopping the sandbox container");
    }
  }

  async destroy(handle: SandboxHandle): Promise<void> {
    forgetContainer(handle.id);
    this.agents.forget(handle.id);
    try {
      await this.container(handle).remove({ force: true, v: true });
    } catch (error) {
      const status = statusOf(error);
      // 404: gone already; 409: removal already in progress.
      if (status === 404 || status === 409) return;
      throw engineError(error, "removing the sandbox container");
    }
  }

  async inspect(handle: SandboxHandle): Promise<{ running: boolean } | null> {
    try {
      const info = await this.container(handle).inspect();
      return { running: info.State.Running };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw engineError(error, "inspecting the sandbox container");
    }
  }

  async mountNoExec(handle: SandboxHandle, folders: readonly string[]): Promise<NoExecOutcome[]> {
    let pid: number;
    try {
      pid = (await this.container(handle).inspect()).State.Pid;
    } catch (error) {
      throw engineError(error, "inspecting the sandbox container");
    }
    if (!pid) throw noExecUnavailable("the sandbox container is not running");
    return runNoExecHelper(pid, folders);
  }

  async exec(handle: SandboxHandle, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const agent = await this.agent(handle);
    if (agent) return agent.run(argv, options).catch((error: unknown) => this.agentFailure(handle, error));
    const stdout = new CappedBuffer(options.maxOutputBytes);
    const stderr = new CappedBuffer(options.maxOutputBytes);
    const outcome = await this.run(handle, argv, options, (stream, data) => (stream === "stdout" ? stdout : stderr).push(data));
    return { ...outcome, stdout: stdout.text(), stderr: stderr.text(), truncated: stdout.truncated || stderr.truncated };
  }

  async execStream(handle: SandboxHandle, argv: readonly string[], options: Omit<ExecOptions, "maxOutputBytes">): Promise<ExecStream> {
    const agent = await this.agent(handle);
    if (agent) return agent.stream(argv, options);
    const queue = new ChunkQueue<ExecChunk>();
    const cancel = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    const exit: Promise<ExecExit> = this.run(handle, argv, { ...options, signal }, (stream, data) => queue.push({ stream, data }, data.length), (socket) =>
      queue.onPressure((full) => (full ? socket.pause() : socket.resume())),
    ).finally(() => queue.end());
    // The caller reads `exit`; a rejection is theirs to see, not an unhandled one here.
    exit.catch(() => undefined);
    return { exit, cancel: () => cancel.abort(), [Symbol.asyncIterator]: () => queue.iterator() };
  }

  /** The container's exec agent connection; null when it runs without one (Docker exec then). */
  private async agent(handle: SandboxHandle): Promise<AgentConnection | null> {
    try {
      return await this.agents.get(this.container(handle));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw engineError(error, "connecting to the sandbox's exec agent");
    }
  }

  /** A command whose agent connection dropped: say whether the container is gone or just the link. */
  private async agentFailure(handle: SandboxHandle, error: unknown): Promise<never> {
    if (error instanceof AppError) throw error;
    if ((await this.inspect(handle).catch(() => null))?.running !== true) {
      throw new AppError("CONFLICT", { message: "The session's container is not running. Start the session again.", reason: "session_not_running", cause: error });
    }
    throw new AppError("UNAVAILABLE", { message: `The sandbox's exec agent failed: ${error instanceof Error ? error.message : String(error)}`, reason: "agent_unavailable", cause: error });
  }

  private async run(
    handle: SandboxHandle,
    argv: readonly string[],
    options: Omit<ExecOptions, "maxOutputBytes">,
    onData: (stream: "stdout" | "stderr", data: Buffer) => void,
    onSocket?: (socket: Duplex) => void,
  ): Promise<ExecExit> {
    try {
      return await runInContainer(this.container(handle), { argv, ...options, onData, onSocket });
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new AppError("CONFLICT", { message: "The session's container is not running. Start the session again.", reason: "session_not_running", cause: error });
      }
      throw engineError(error, "running the command");
    }
  }

  async openTty(handle: SandboxHandle, options: TtyOptions): Promise<Tty> {
    const container = this.container(handle);
    const marker = newMarker();
    try {
      const exec = await container.exec({
        Cmd: options.argv ? [...options.argv] : DEFAULT_TTY,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        WorkingDir: options.cwd ?? WORKSPACE_DIR,
        Env: envList({ TERM: "xterm-256color", ...options.env }, marker),
      });
      const socket = await exec.start({ hijack: true, stdin: true, Tty: true });
      socket.on("error", () => undefined);
      const resize = async (cols: number, rows: number) => {
        await exec.resize({ h: rows, w: cols }).catch(() => undefined);
      };
      await resize(options.cols, options.rows);
      const exit = new Promise<number>((resolve) => {
        socket.once("close", () => {
          exec.inspect().then(
            (info) => resolve(info.ExitCode ?? 0),
            () => resolve(0),
          );
        });
      });
      return {
        stream: socket,
        resize,
        exit,
        close: async () => {
          await killTreeOrRestart(container, marker);
          socket.destroy();
        },
      };
    } catch (error) {
      throw engineError(error, "opening a terminal");
    }
  }

  async stats(handle: SandboxHandle): Promise<SandboxStats> {
    try {
      const s = await this.container(handle).stats({ stream: false });
      const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
      const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
      const online = s.cpu_stats.online_cpus ?? 1;
      const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
      // The page cache is reclaimable; people expect "memory used" without it (as `docker stats` shows).
      // cgroup v1 calls it total_inactive_file, v2 inactive_file.
      const memStats = s.memory_stats.stats as Record<string, number | undefined> | undefined;
      const cache = memStats?.total_inactive_file ?? memStats?.inactive_file ?? 0;
      const limit = s.memory_stats.limit;
      return {
        cpuPercent: Math.round(cpuPercent * 10) / 10,
        memoryBytes: Math.max(0, (s.memory_stats.usage ?? 0) - cache),
        memoryLimitBytes: typeof limit === "number" && limit > 0 ? limit : null,
        pids: s.pids_stats?.current ?? null,
      };
    } catch (error) {
      throw engineError(error, "reading container stats");
    }
  }

  async list(): Promise<ManagedSandbox[]> {
    try {
      const containers = await this.client().listContainers({ all: true, filters: { label: [`${LABELS.managed}=1`, `${LABELS.instance}=${this.config.instanceId}`] } });
      return containers.map((c) => ({
        handle: { driver: "docker" as const, id: c.Id },
        sessionId: c.Labels[LABELS.session] ?? null,
        workspaceId: c.Labels[LABELS.workspace] ?? null,
        running: c.State === "running",
      }));
    } catch (error) {
      throw engineError(error, "listing sandbox containers");
    }
  }
}
