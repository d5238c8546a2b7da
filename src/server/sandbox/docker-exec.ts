// One command in a running container through the Engine's exec API (`Cmd: string[]`, never a
// shell string). Owns the timeout/cancel path (kill the whole tree, see kill-tree.ts), stdin,
// Docker's stream framing, and telling an OOM kill apart from other SIGKILLs.
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { SIGKILL_EXIT } from "./driver";
import { killTreeArgv, MARKER_VAR } from "./kill-tree";
import { DockerDemuxer } from "./output";
import { logger } from "~/server/observability/logger";

export interface RunOptions {
  argv: readonly string[];
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  onData(stream: "stdout" | "stderr", data: Buffer): void;
  /** Called with the socket once attached, so a streaming reader can pause it (backpressure). */
  onSocket?(socket: Duplex): void;
}

export interface RunOutcome {
  exitCode: number;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  oomKilled: boolean;
}

/** How long to wait for the stream to close after the tree was killed before dropping it. */
const AFTER_KILL_GRACE_MS = 2_000;

/** Per container: the cgroup's oom_kill count last seen, to attribute a new OOM kill to the command that just died. */
const oomSeen = new Map<string, number>();

export function envList(env: Record<string, string> | undefined, marker: string): string[] {
  const list = Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`);
  list.push(`${MARKER_VAR}=${marker}`);
  return list;
}

export function newMarker(): string {
  return randomBytes(12).toString("hex");
}

/** Runs the kill script for `marker`; false when it could not run or left processes behind. */
export async function killTree(container: Docker.Container, marker: string): Promise<boolean> {
  try {
    const result = await quickExec(container, killTreeArgv(marker), 10_000);
    return result.exitCode === 0;
  } catch {
    return false;
  }
}

/**
 * Ends every process of one command. When the kill script cannot do it (no pid left for it under
 * a fork bomb), restarting the container is the one thing that always works; it also ends the
 * session's other commands, which is why it is the fallback and not the rule.
 */
export async function killTreeOrRestart(container: Docker.Container, marker: string): Promise<void> {
  if (await killTree(container, marker)) return;
  logger("sandbox").warn(`could not kill command ${marker} in ${container.id.slice(0, 12)}; restarting the container`);
  await container.restart({ t: 0 }).catch((error: unknown) => logger("sandbox").error({ err: error }, "container restart failed"));
}

/** A short internal command (no marker, no kill on timeout): kill script, OOM probe. */
export async function quickExec(container: Docker.Container, argv: readonly string[], timeoutMs: number): Promise<{ exitCode: number | null; stdout: string }> {
  const exec = await container.exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true, Tty: false });
  const socket = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const demux = new DockerDemuxer((stream, data) => {
    if (stream === "stdout") out.push(data);
  });
  socket.on("data", (chunk: Buffer) => demux.write(chunk));
  await waitClosed(socket, timeoutMs);
  const info = await exec.inspect();
  return { exitCode: info.ExitCode, stdout: Buffer.concat(out).toString("utf8") };
}

function waitClosed(socket: Duplex, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once("close", done);
    socket.once("end", done);
    socket.once("error", done);
  });
}

/** Exit code from the engine; right after the stream closes it can lag a moment behind. */
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let i = 0; i < 20; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 10 * (i + 1)));
  }
  return null;
}

/** The cgroup's count of OOM kills (v1 memory.oom_control or v2 memory.events), or null if unreadable. */
async function oomKillCount(container: Docker.Container): Promise<number | null> {
  try {
    const { stdout } = await quickExec(container, ["cat", "/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"], 5_000);
    const match = /^oom_kill (\d+)$/m.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function newOomKill(container: Docker.Container): Promise<boolean> {
  const count = await oomKillCount(container);
  if (count === null) return false;
  const before = oomSeen.get(container.id) ?? 0;
  oomSeen.set(container.id, count);
  return count > before;
}

export function forgetContainer(id: string): void {
  oomSeen.delete(id);
}

export async function runInContainer(container: Docker.Container, options: RunOptions): Promise<RunOutcome> {
  const marker = newMarker();
  const hasStdin = options.stdin !== undefined;
  const exec = await container.exec({
    Cmd: [...options.argv],
    AttachStdin: hasStdin,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    WorkingDir: options.cwd ?? "/workspace",
    Env: envList(options.env, marker),
  });
  const started = performance.now();
  const socket = await exec.start({ hijack: true, stdin: hasStdin });
  options.onSocket?.(socket);
  const demux = new DockerDemuxer((stream, data) => options.onData(stream, data));
  socket.on("data", (chunk: Buffer) => demux.write(chunk));
  // A peer that stops reading stdin (the command exits early) must not surface as an unhandled error.
  socket.on("error", () => undefined);
  if (hasStdin) socket.end(options.stdin);

  let stopping: "timeout" | "cancel" | null = null;
  const closed = new Promise<void>((resolve) => {
    socket.once("close", () => resolve());
  });
  const stop = (why: "timeout" | "cancel") => {
    if (stopping) return;
    stopping = why;
    void killTreeOrRestart(container, marker).then(async () => {
      // Something that escaped the kill may still hold the pipe open: stop waiting for it.
      if (!(await waitClosed(socket, AFTER_KILL_GRACE_MS))) socket.destroy();
    });
  };
  const timer = setTimeout(() => stop("timeout"), options.timeoutMs);
  const onAbort = () => stop("cancel");
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await closed;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  const durationMs = Math.round(performance.now() - started);
  const code = await exitCodeOf(exec).catch(() => null);
  const exitCode = code ?? SIGKILL_EXIT;
  const oomKilled = stopping === null && exitCode === SIGKILL_EXIT && (await newOomKill(container));
  return { exitCode, timedOut: stopping === "timeout", cancelled: stopping === "cancel", durationMs, oomKilled };
}
