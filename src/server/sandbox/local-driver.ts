// The local driver: commands as plain child processes in the workspace directory, with rlimits
// (util-linux `prlimit` when present, else `ulimit` in sh). It does NOT isolate: processes see
// the whole server, its network and its files as Atrium's own user sees them. Opt-in only
// (ATRIUM_SANDBOX_DRIVER=local), for machines without Docker; `isolated: false` lets the UI say so.
// No memory or pids cgroup either: only per-process rlimits (address space, processes per uid).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { AppError } from "~/server/errors";
import { ChunkQueue } from "./chunk-queue";
import type {
  ExecChunk,
  ExecExit,
  ExecOptions,
  ExecResult,
  ExecStream,
  ManagedSandbox,
  SandboxDriver,
  SandboxHandle,
  SandboxSpec,
  SandboxStats,
  Tty,
  TtyOptions,
} from "./driver";
import { CappedBuffer } from "./output";
import type { SandboxLimits } from "./presets";

const MB = 1024 * 1024;
const PRLIMIT = ["/usr/bin/prlimit", "/bin/prlimit"].find((p) => existsSync(p)) ?? null;

interface LocalSandbox {
  spec: SandboxSpec;
  running: boolean;
  children: Set<ChildProcess>;
}

/** argv wrapped so the command starts with the preset's rlimits. */
export function withRlimits(limits: SandboxLimits, argv: readonly string[]): string[] {
  if (PRLIMIT) {
    return [
      PRLIMIT,
      `--nofile=${limits.openFiles}`,
      `--fsize=${limits.maxFileMb * MB}`,
      `--cpu=${limits.cpuSeconds}`,
      `--as=${limits.memoryMb * MB}`,
      "--",
      ...argv,
    ];
  }
  // `ulimit -f` counts 512-byte blocks in POSIX sh (dash, busybox); -v counts KiB.
  const script = `ulimit -n ${limits.openFiles} -f ${limits.maxFileMb * 2048} -t ${limits.cpuSeconds} -v ${limits.memoryMb * 1024} && exec "$@"`;
  return ["/bin/sh", "-c", script, "atrium-limits", ...argv];
}

/** Maps /workspace paths (what callers use for every driver) to the host directory. */
function hostCwd(spec: SandboxSpec, cwd: string | undefined): string {
  const inside = cwd ?? "/workspace";
  const relative = path.posix.relative("/workspace", inside);
  return path.join(spec.workspaceDir, relative);
}

export class LocalDriver implements SandboxDriver {
  readonly name = "local" as const;
  readonly isolated = false;
  private readonly sandboxes = new Map<string, LocalSandbox>();

  private get(handle: SandboxHandle): LocalSandbox {
    const box = this.sandboxes.get(handle.id);
    if (!box?.running) {
      throw new AppError("CONFLICT", { message: "This local session is not running (the server may have restarted). Start a new session.", reason: "session_not_running" });
    }
    return box;
  }

  create(spec: SandboxSpec): Promise<SandboxHandle> {
    this.sandboxes.set(spec.sessionId, { spec, running: false, children: new Set() });
    return Promise.resolve({ driver: "local", id: spec.sessionId });
  }

  start(handle: SandboxHandle): Promise<void> {
    const box = this.sandboxes.get(handle.id);
    if (!box) return Promise.reject(new AppError("NOT_FOUND", { message: "This local session no longer exists. Start a new one.", reason: "sandbox_missing" }));
    box.running = true;
    return Promise.resolve();
  }

  stop(handle: SandboxHandle): Promise<void> {
    const box = this.sandboxes.get(handle.id);
    if (box) {
      box.running = false;
      for (const child of box.children) killGroup(child);
    }
    return Promise.resolve();
  }

  async destroy(handle: SandboxHandle): Promise<void> {
    await this.stop(handle);
    this.sandboxes.delete(handle.id);
  }

  inspect(handle: SandboxHandle): Promise<{ running: boolean } | null> {
    const box = this.sandboxes.get(handle.id);
    return Promise.resolve(box ? { running: box.running } : null);
  }

  private spawn(box: LocalSandbox, argv: readonly string[], options: { cwd?: string; env?: Record<string, string> }): ChildProcess {
    const [file, ...args] = withRlimits(box.spec.limits, argv);
    // detached: the child leads a new process group, so a timeout can kill the whole tree.
    // Not the server's environment: only what a command needs.
    const childEnv: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: box.spec.workspaceDir, LANG: "C.UTF-8", ...options.env };
    const child = spawn(file!, args, {
      cwd: hostCwd(box.spec, options.cwd),
      // Next's global types make NODE_ENV a required key of ProcessEnv; a child must not inherit one.
      env: childEnv as unknown as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    box.children.add(child);
    child.once("close", () => box.children.delete(child));
    return child;
  }

  private run(handle: SandboxHandle, argv: readonly string[], options: Omit<ExecOptions, "maxOutputBytes">, onData: (stream: "stdout" | "stderr", data: Buffer) => void, onChild?: (child: ChildProcess) => void): Promise<ExecExit> {
    const box = this.get(handle);
    const started = performance.now();
    const child = this.spawn(box, argv, options);
    onChild?.(child);
    let stopping: "timeout" | "cancel" | null = null;
    const stop = (why: "timeout" | "cancel") => {
      stopping ??= why;
      killGroup(child);
    };
    const timer = setTimeout(() => stop("timeout"), options.timeoutMs);
    const onAbort = () => stop("cancel");
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout!.on("data", (d: Buffer) => onData("stdout", d));
    child.stderr!.on("data", (d: Buffer) => onData("stderr", d));
    child.stdin!.on("error", () => undefined);
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    else child.stdin!.end();
    return new Promise((resolve, reject) => {
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(new AppError("INVALID_INPUT", { message: `Could not start "${argv[0]}": ${error.message}. Check the program name.`, reason: "spawn_failed", cause: error }));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        resolve({
          exitCode: code ?? (signal ? 128 + (signalNumber(signal) ?? 9) : 1),
          timedOut: stopping === "timeout",
          cancelled: stopping === "cancel",
          durationMs: Math.round(performance.now() - started),
          oomKilled: false,
        });
      });
    });
  }

  async exec(handle: SandboxHandle, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const stdout = new CappedBuffer(options.maxOutputBytes);
    const stderr = new CappedBuffer(options.maxOutputBytes);
    const exit = await this.run(handle, argv, options, (s, d) => (s === "stdout" ? stdout : stderr).push(d));
    return { ...exit, stdout: stdout.text(), stderr: stderr.text(), truncated: stdout.truncated || stderr.truncated };
  }

  execStream(handle: SandboxHandle, argv: readonly string[], options: Omit<ExecOptions, "maxOutputBytes">): Promise<ExecStream> {
    const queue = new ChunkQueue<ExecChunk>();
    const cancel = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    const exit = this.run(handle, argv, { ...options, signal }, (stream, data) => queue.push({ stream, data }, data.length), (child) =>
      queue.onPressure((full) => {
        for (const s of [child.stdout, child.stderr]) {
          if (full) s?.pause();
          else s?.resume();
        }
      }),
    ).finally(() => queue.end());
    exit.catch(() => undefined);
    return Promise.resolve({ exit, cancel: () => cancel.abort(), [Symbol.asyncIterator]: () => queue.iterator() });
  }

  openTty(_handle: SandboxHandle, _options: TtyOptions): Promise<Tty> {
    // A real TTY needs a pty (node-pty, a native module); not worth a dependency for a non-isolating fallback.
    return Promise.reject(new AppError("UNAVAILABLE", { message: "Terminals need the Docker driver. Use exec, or ask an administrator to enable Docker.", reason: "tty_unsupported" }));
  }

  stats(_handle: SandboxHandle): Promise<SandboxStats> {
    return Promise.resolve({ cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: null, pids: null });
  }

  list(): Promise<ManagedSandbox[]> {
    return Promise.resolve(
      [...this.sandboxes.values()].map((b) => ({ handle: { driver: "local" as const, id: b.spec.sessionId }, sessionId: b.spec.sessionId, workspaceId: b.spec.workspaceId, running: b.running })),
    );
  }

}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return { SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGXCPU: 24, SIGXFSZ: 25, SIGSEGV: 11, SIGABRT: 6 }[signal as string];
}
