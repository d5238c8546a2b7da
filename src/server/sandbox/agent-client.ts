// The server side of the exec agent (agent/atrium-agent.c): one attached stdio connection per
// container carries every command as framed messages, so an exec is one write and a few reads
// instead of a Docker exec (create + start + inspect, ~60 ms of runc work each).
//
// Protocol (the C file's header is the reference; keep both in step, AGENT_PROTOCOL_VERSION):
//   frame = u32 len | u8 type | u32 id | payload, big-endian, len = 5 + payload length.
//   requests: START(1) CANCEL(2) PAUSE(3) RESUME(4) PING(5); responses: STARTED(0x81) STDOUT(0x82)
//   STDERR(0x83) EXIT(0x84: i32 code, i32 signal, u8 flags, u32 ms) ERROR(0x85: text) PONG(0x86: u32 version).
//
// Re-attach: connections live in memory only. After a server restart (or a dropped attach) the
// next exec attaches again; the container's stdin stays open across attaches (`OpenStdin`, not
// `StdinOnce`), and a PING whose random id we look for in the byte stream re-synchronises the
// framing even when we join in the middle of an old command's output. Commands started by the
// previous connection keep running to their own timeout; their frames are ignored (unknown ids).
// One server per container: two attached servers would interleave their requests on stdin.
import { randomInt } from "node:crypto";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { AppError } from "~/server/errors";
import { ChunkQueue } from "./chunk-queue";
import type { ExecChunk, ExecExit, ExecOptions, ExecResult, ExecStream } from "./driver";
import { CappedBuffer, DockerDemuxer } from "./output";
import { logger } from "~/server/observability/logger";

export const AGENT_PROTOCOL_VERSION = 1;
/** Where the driver mounts the binary inside containers. */
export const AGENT_PATH = "/.atrium/agent";
/** Containers started with the agent as their command carry this label (the exec path to use). */
export const AGENT_LABEL = "atrium.agent";

const REQ = { start: 1, cancel: 2, pause: 3, resume: 4, ping: 5 } as const;
const RES = { started: 0x81, stdout: 0x82, stderr: 0x83, exit: 0x84, error: 0x85, pong: 0x86 } as const;
const FLAG = { timedOut: 1, cancelled: 2, truncated: 4, oom: 8 } as const;
const MAX_FRAME = 64 * 1024 * 1024;
const PING_TIMEOUT_MS = 5_000;
/** If the agent misses its own deadline by this much (it is wedged or gone), give up on the command. */
const WATCHDOG_GRACE_MS = 10_000;

export type AgentExit = ExecExit & { truncated: boolean };

export interface AgentRunOptions extends Omit<ExecOptions, "maxOutputBytes"> {
  /** Per stream; 0 = unlimited (streaming). Bytes past it are dropped inside the container. */
  maxOutputBytes: number;
  onData(stream: "stdout" | "stderr", data: Buffer): void;
  /** Receives a function that pauses (true) or resumes (false) this command's output. */
  onFlow?(setPaused: (paused: boolean) => void): void;
}

interface Pending {
  onData(stream: "stdout" | "stderr", data: Buffer): void;
  onExit(exit: { code: number; signal: number; flags: number; durationMs: number }): void;
  onError(error: Error): void;
}

function str(value: string | Buffer): Buffer[] {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return [len, bytes];
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

export function encodeFrame(type: number, id: number, payload: Buffer[] = []): Buffer {
  const size = payload.reduce((n, b) => n + b.length, 0);
  const head = Buffer.alloc(9);
  head.writeUInt32BE(5 + size, 0);
  head.writeUInt8(type, 4);
  head.writeUInt32BE(id >>> 0, 5);
  return Buffer.concat([head, ...payload], 9 + size);
}

export function encodeStart(id: number, argv: readonly string[], o: { cwd?: string; env?: Record<string, string>; stdin?: string | Buffer; timeoutMs: number; maxOutputBytes: number }): Buffer {
  const env = Object.entries(o.env ?? {});
  return encodeFrame(REQ.start, id, [
    u32(Math.max(0, Math.min(o.timeoutMs, 0xffffffff))),
    u32(Math.max(0, Math.min(o.maxOutputBytes, 0xffffffff))),
    ...str(o.cwd ?? ""),
    u32(argv.length),
    ...argv.flatMap((a) => str(a)),
    u32(env.length),
    ...env.flatMap(([k, v]) => str(`${k}=${v}`)),
    ...str(o.stdin ?? ""),
  ]);
}

/** The agent's code/signal pair in Docker's convention: 128 + signal for a signalled process. */
function exitCodeOf(code: number, signal: number): number {
  return signal > 0 ? 128 + signal : code;
}

export class AgentConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = randomInt(1, 0x7fffffff);
  private buffer: Buffer = Buffer.alloc(0);
  /** Until our PING's PONG is found, bytes may start mid-frame: scan instead of parse. */
  private syncId: number | null;
  private closedError: Error | null = null;
  private readonly ready: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;

  private constructor(
    private readonly socket: Duplex,
    readonly containerId: string,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    const demux = new DockerDemuxer((stream, data) => {
      if (stream === "stdout") this.receive(data);
      else logger("sandbox-agent").warn({ container: containerId.slice(0, 12) }, data.toString("utf8").trimEnd());
    });
    socket.on("data", (chunk: Buffer) => demux.write(chunk));
    socket.on("error", (error: Error) => this.close(error));
    socket.on("close", () => this.close(new Error("the agent connection closed")));
    socket.on("end", () => this.close(new Error("the agent connection ended")));
    this.syncId = this.id();
    socket.write(encodeFrame(REQ.ping, this.syncId));
  }

  /** Attaches to the container's stdio and waits for the agent's PONG. */
  static async attach(container: Docker.Container): Promise<AgentConnection> {
    const socket = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    const connection = new AgentConnection(socket, container.id);
    const timer = setTimeout(() => connection.close(new Error(`the agent did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    try {
      await connection.ready;
    } finally {
      clearTimeout(timer);
    }
    return connection;
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  private id(): number {
    this.nextId = this.nextId >= 0xfffffffe ? 1 : this.nextId + 1;
    return this.nextId;
  }

  close(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    this.rejectReady(error);
    for (const p of this.pending.values()) p.onError(error);
    this.pending.clear();
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    if (this.syncId !== null) {
      const marker = encodeFrame(RES.pong, this.syncId, [u32(AGENT_PROTOCOL_VERSION)]).subarray(0, 9);
      const at = this.buffer.indexOf(marker);
      if (at < 0) {
        // Keep only a tail that could still begin the marker.
        this.buffer = Buffer.from(this.buffer.subarray(Math.max(0, this.buffer.length - 8)));
        return;
      }
      this.buffer = this.buffer.subarray(at);
    }
    let offset = 0;
    while (this.buffer.length - offset >= 4) {
      const len = this.buffer.readUInt32BE(offset);
      if (len < 5 || len > MAX_FRAME) {
        this.close(new Error(`the agent sent a malformed frame (length ${len})`));
        return;
      }
      if (this.buffer.length - offset - 4 < len) break;
      const type = this.buffer.readUInt8(offset + 4);
      const id = this.buffer.readUInt32BE(offset + 5);
      this.dispatch(type, id, this.buffer.subarray(offset + 9, offset + 4 + len));
      offset += 4 + len;
      if (this.closedError) return;
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : Buffer.from(this.buffer.subarray(offset));
  }

  private dispatch(type: number, id: number, payload: Buffer): void {
    if (type === RES.pong && id === this.syncId) {
      this.syncId = null;
      const version = payload.length >= 4 ? payload.readUInt32BE(0) : 0;
      if (version !== AGENT_PROTOCOL_VERSION) {
        this.close(new Error(`the container's agent speaks protocol ${version}, this server ${AGENT_PROTOCOL_VERSION}`));
        return;
      }
      this.resolveReady();
      return;
    }
    if (type === RES.error && id === 0) {
      logger("sandbox-agent").warn({ container: this.containerId.slice(0, 12) }, payload.toString("utf8"));
      return;
    }
    const p = this.pending.get(id);
    if (!p) return; // a command of an earlier connection, or one we stopped waiting for
    switch (type) {
      case RES.stdout:
      case RES.stderr:
        p.onData(type === RES.stdout ? "stdout" : "stderr", Buffer.from(payload));
        break;
      case RES.exit:
        this.pending.delete(id);
        p.onExit({ code: payload.readInt32BE(0), signal: payload.readInt32BE(4), flags: payload.readUInt8(8), durationMs: payload.readUInt32BE(9) });
        break;
      case RES.error:
        this.pending.delete(id);
        p.onError(new AppError("UNAVAILABLE", { message: `The sandbox could not start the command: ${payload.toString("utf8")}`, reason: "exec_failed" }));
        break;
      default:
        break; // STARTED and anything newer: nothing to do
    }
  }

  private send(frame: Buffer): void {
    if (!this.closedError) this.socket.write(frame);
  }

  /** Runs one command; resolves at its exit. Rejects only when it could not run (or the agent went away). */
  execute(argv: readonly string[], options: AgentRunOptions): Promise<AgentExit> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (argv.length === 0) return Promise.reject(new AppError("INVALID_INPUT", { message: "Empty command.", reason: "empty_command" }));
    const id = this.id();
    const started = performance.now();
    return new Promise<AgentExit>((resolve, reject) => {
      let stopped: "cancel" | null = null;
      const onAbort = () => {
        stopped = "cancel";
        this.send(encodeFrame(REQ.cancel, id));
      };
      const watchdog = setTimeout(() => {
        this.pending.delete(id);
        this.send(encodeFrame(REQ.cancel, id));
        cleanup();
        resolve({ exitCode: 137, timedOut: true, cancelled: stopped === "cancel", durationMs: Math.round(performance.now() - started), oomKilled: false, truncated: false });
      }, options.timeoutMs + WATCHDOG_GRACE_MS);
      const cleanup = () => {
        clearTimeout(watchdog);
        options.signal?.removeEventListener("abort", onAbort);
      };
      this.pending.set(id, {
        onData: (stream, data) => options.onData(stream, data),
        onExit: ({ code, signal, flags }) => {
          cleanup();
          resolve({
            exitCode: exitCodeOf(code, signal),
            timedOut: (flags & FLAG.timedOut) !== 0,
            cancelled: (flags & FLAG.cancelled) !== 0,
            truncated: (flags & FLAG.truncated) !== 0,
            oomKilled: (flags & FLAG.oom) !== 0,
            durationMs: Math.round(performance.now() - started),
          });
        },
        onError: (error) => {
          cleanup();
          reject(error);
        },
      });
      options.onFlow?.((paused) => this.send(encodeFrame(paused ? REQ.pause : REQ.resume, id)));
      this.send(encodeStart(id, argv, options));
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Buffered exec with per-stream caps: the driver's `exec` result. */
  async run(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const stdout = new CappedBuffer(options.maxOutputBytes);
    const stderr = new CappedBuffer(options.maxOutputBytes);
    const exit = await this.execute(argv, { ...options, onData: (s, d) => (s === "stdout" ? stdout : stderr).push(d) });
    return { ...exit, stdout: stdout.text(), stderr: stderr.text(), truncated: exit.truncated || stdout.truncated || stderr.truncated };
  }

  /** Streaming exec: chunks as they come; a slow reader pauses this command's output only. */
  stream(argv: readonly string[], options: Omit<ExecOptions, "maxOutputBytes">): ExecStream {
    const queue = new ChunkQueue<ExecChunk>();
    const cancel = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    const exit: Promise<ExecExit> = this.execute(argv, {
      ...options,
      signal,
      maxOutputBytes: 0,
      onData: (stream, data) => queue.push({ stream, data }, data.length),
      onFlow: (setPaused) => queue.onPressure(setPaused),
    })
      .then(({ truncated: _truncated, ...rest }) => rest)
      .finally(() => queue.end());
    exit.catch(() => undefined);
    return { exit, cancel: () => cancel.abort(), [Symbol.asyncIterator]: () => queue.iterator() };
  }
}

/**
 * One connection per container, made on first use and again after it dropped. `get` answers null
 * for containers created without the agent (older containers, or no agent binary at the time):
 * those keep using Docker exec.
 */
export class AgentPool {
  private readonly connections = new Map<string, Promise<AgentConnection | null>>();

  get(container: Docker.Container): Promise<AgentConnection | null> {
    const cached = this.connections.get(container.id);
    if (cached) {
      return cached.then((c) => {
        if (c === null || !c.closed) return c;
        this.connections.delete(container.id);
        return this.get(container);
      });
    }
    const made = this.connect(container);
    this.connections.set(container.id, made);
    // A failed attach is not cached: the next call tries again.
    made.catch(() => this.connections.delete(container.id));
    return made;
  }

  private async connect(container: Docker.Container): Promise<AgentConnection | null> {
    const info = await container.inspect();
    if (info.Config.Labels?.[AGENT_LABEL] !== "1") return null;
    if (!info.State.Running) {
      throw new AppError("CONFLICT", { message: "The session's container is not running. Start the session again.", reason: "session_not_running" });
    }
    try {
      return await AgentConnection.attach(container);
    } catch (error) {
      // The agent died with the container in between (e.g. `kill -9 -1` from a command).
      const running = await container.inspect().then((i) => i.State.Running, () => false);
      if (!running) throw new AppError("CONFLICT", { message: "The session's container is not running. Start the session again.", reason: "session_not_running", cause: error });
      throw new AppError("UNAVAILABLE", { message: `The sandbox's exec agent does not answer: ${error instanceof Error ? error.message : String(error)}`, reason: "agent_unavailable", cause: error });
    }
  }

  forget(containerId: string): void {
    const c = this.connections.get(containerId);
    this.connections.delete(containerId);
    void c?.then((conn) => conn?.close(new Error("the sandbox was removed")), () => undefined);
  }
}
