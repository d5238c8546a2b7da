// This process's live terminals (id → session, owner, TTY, scrollback ring, attached sockets) and
// the output path from a TTY to its sockets: coalescing, scrollback and flow control.
//
// Backpressure. Output is read from the TTY's Docker stream in flowing mode and coalesced (the
// first chunk after a quiet spell goes out at once, so echo stays instant; under a flood, up to
// 64 KiB or 10 ms per `terminal:output`). Each flush goes to the ring (always the last 256 KiB) and
// to every attached socket. After a flush we measure each socket's backlog: bytes engine.io still
// holds in its write buffer plus what the WebSocket has not handed to the kernel (`bufferedAmount`).
// When a READ-WRITE socket (the owner's) is over HIGH_WATER, the Docker stream is paused: Node stops
// reading, TCP pushes back to dockerd and the shell blocks on its pty write. A 5 ms check resumes it
// once every read-write socket is under LOW_WATER. Read-only watchers never pause the owner's
// terminal: a watcher over WATCHER_MAX skips output (counted) and gets `terminal:lagged` when it
// catches up, so it can re-attach for a clean scrollback. With no socket attached the stream keeps
// flowing into the ring only. So per terminal the server holds at most ring + one coalesced chunk
// + ~HIGH_WATER per socket, whatever the command prints, and one flooding terminal only ever
// delays the sockets it is attached to.
import { randomBytes } from "node:crypto";
import type { AuditChannel } from "~/generated/prisma/enums";
import type { Socket } from "socket.io";
import type { z } from "zod";
import { type AppErrorBody, invalidInput, toErrorBody } from "~/server/errors";
import type { Tty } from "~/server/sandbox/driver";
import type { ActorContext } from "~/server/sandbox/sessions";
import type { Ack, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData, TerminalEndReason } from "./events";
import { RingBuffer } from "./ring-buffer";

export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const SCROLLBACK_BYTES = 256 * 1024;
export const COALESCE_BYTES = 64 * 1024;
export const COALESCE_MS = 10;
export const HIGH_WATER = 512 * 1024;
export const LOW_WATER = 128 * 1024;
export const WATCHER_MAX = 1024 * 1024;
const RESUME_CHECK_MS = 5;

/** Bytes queued for this socket and not yet handed to the kernel (engine.io buffer + WebSocket buffer). */
export function socketBacklog(socket: RealtimeSocket): number {
  // engine.io keeps these private; read defensively so a transport without them counts as 0.
  const conn = socket.conn as unknown as { writeBuffer?: { data?: unknown }[]; transport?: { socket?: { bufferedAmount?: unknown } } };
  let bytes = 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === "string") bytes += data.length;
    else if (data instanceof Uint8Array) bytes += data.byteLength;
    else if (data instanceof ArrayBuffer) bytes += data.byteLength;
  }
  const buffered = conn.transport?.socket?.bufferedAmount;
  if (typeof buffered === "number") bytes += buffered;
  return bytes;
}

interface Attachment {
  socket: RealtimeSocket;
  readOnly: boolean;
  /** Output a lagging watcher skipped since it last got any. */
  dropped: number;
}

export interface TerminalInit {
  sessionId: string;
  workspaceId: string;
  ownerUserId: string;
  /** The API key it was opened with (null: a signed-in person); revoking that key closes it. */
  openerApiKeyId: string | null;
  tty: Tty;
}

export class LiveTerminal {
  readonly id = randomBytes(16).toString("base64url");
  readonly sessionId: string;
  readonly workspaceId: string;
  readonly ownerUserId: string;
  readonly openerApiKeyId: string | null;
  readonly ring = new RingBuffer(SCROLLBACK_BYTES);
  readonly openedAt = new Date();
  shared = false;
  exitCode: number | null = null;
  /** Last time input kept the session's idle clock fresh. */
  lastTouchAt = 0;
  /** Why the server is ending this shell, told to attached sockets when it exits. */
  private endReason: TerminalEndReason | null = null;

  private readonly tty: Tty;
  private readonly attachments = new Map<string, Attachment>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private resumeTimer: NodeJS.Timeout | null = null;
  private paused = false;

  constructor(init: TerminalInit, onGone: (t: LiveTerminal) => void) {
    this.sessionId = init.sessionId;
    this.workspaceId = init.workspaceId;
    this.ownerUserId = init.ownerUserId;
    this.openerApiKeyId = init.openerApiKeyId;
    this.tty = init.tty;
    this.tty.stream.on("data", (chunk: Buffer) => this.onData(chunk));
    void this.tty.exit.then(
      (code) => this.finish(code, onGone),
      () => this.finish(-1, onGone),
    );
  }

  get attachedCount(): number {
    return this.attachments.size;
  }

  /** Whether the output is currently held back for a slow read-write socket. */
  get isPaused(): boolean {
    return this.paused;
  }

  isAttached(socket: RealtimeSocket): boolean {
    return this.attachments.has(socket.id);
  }

  /**
   * Adds (or re-adds) a socket and returns the scrollback it must show first. Synchronous, so no
   * output can fall between the snapshot and the first live `terminal:output`.
   */
  attach(socket: RealtimeSocket, readOnly: boolean): Buffer {
    this.flush();
    this.attachments.set(socket.id, { socket, readOnly, dropped: 0 });
    return this.ring.snapshot();
  }

  detach(socket: RealtimeSocket): void {
    this.attachments.delete(socket.id);
  }

  /** Detaches every read-only watcher (the owner stopped sharing); returns their sockets. */
  detachWatchers(): RealtimeSocket[] {
    const gone: RealtimeSocket[] = [];
    for (const [id, a] of this.attachments) {
      if (a.readOnly) {
        this.attachments.delete(id);
        gone.push(a.socket);
      }
    }
    return gone;
  }

  broadcast<E extends "terminal:shared" | "terminal:exited">(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    for (const a of this.attachments.values()) a.socket.emit(event, ...args);
  }

  /** Bytes written to the shell but not yet taken by Docker; callers refuse input past a cap. */
  get inputBacklog(): number {
    return this.tty.stream.writableLength;
  }

  write(data: string): void {
    this.tty.stream.write(data);
  }

  resize(cols: number, rows: number): Promise<void> {
    return this.tty.resize(cols, rows);
  }

  close(): Promise<void> {
    return this.tty.close();
  }

  /** The shell is about to end for `reason` (the first reason given wins). */
  markEnding(reason: TerminalEndReason): void {
    if (this.exitCode === null) this.endReason ??= reason;
  }

  private onData(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= COALESCE_BYTES) return this.flush();
    if (this.flushTimer) return;
    const quietFor = performance.now() - this.lastFlushAt;
    if (quietFor >= COALESCE_MS) return this.flush();
    this.flushTimer = setTimeout(() => this.flush(), COALESCE_MS - quietFor);
  }

  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.lastFlushAt = performance.now();
    this.ring.write(data);
    let pressure = false;
    for (const a of this.attachments.values()) {
      if (a.readOnly) {
        if (socketBacklog(a.socket) > WATCHER_MAX) {
          a.dropped += data.length;
          continue;
        }
        if (a.dropped > 0) {
          a.socket.emit("terminal:lagged", { terminalId: this.id, droppedBytes: a.dropped });
          a.dropped = 0;
        }
      }
      a.socket.emit("terminal:output", { terminalId: this.id, data });
      if (!a.readOnly && socketBacklog(a.socket) > HIGH_WATER) pressure = true;
    }
    if (pressure && !this.paused) {
      this.paused = true;
      this.tty.stream.pause();
      this.scheduleResumeCheck();
    }
  }

  private scheduleResumeCheck(): void {
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      if (this.exitCode !== null) return;
      const stillFull = [...this.attachments.values()].some((a) => !a.readOnly && a.socket.connected && socketBacklog(a.socket) > LOW_WATER);
      if (stillFull) return this.scheduleResumeCheck();
      this.paused = false;
      this.tty.stream.resume();
    }, RESUME_CHECK_MS);
  }

  private finish(code: number, onGone: (t: LiveTerminal) => void): void {
    if (this.exitCode !== null) return;
    this.flush();
    this.exitCode = code;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.broadcast("terminal:exited", this.endReason ? { terminalId: this.id, exitCode: code, reason: this.endReason } : { terminalId: this.id, exitCode: code });
    this.attachments.clear();
    onGone(this);
  }
}

export class TerminalRegistry {
  private readonly terminals = new Map<string, LiveTerminal>();

  add(init: TerminalInit): LiveTerminal {
    const term = new LiveTerminal(init, (t) => this.terminals.delete(t.id));
    this.terminals.set(term.id, term);
    return term;
  }

  get(id: string): LiveTerminal | undefined {
    return this.terminals.get(id);
  }

  /** Live terminals in a workspace, oldest first. */
  inWorkspace(workspaceId: string): LiveTerminal[] {
    return [...this.terminals.values()].filter((t) => t.workspaceId === workspaceId && t.exitCode === null);
  }

  /** Live terminals of one person (or of everyone), for the identity re-checks. */
  ownedBy(userId: string | null): LiveTerminal[] {
    return [...this.terminals.values()].filter((t) => t.exitCode === null && (userId === null || t.ownerUserId === userId));
  }

  /** Marks the live terminals of these sessions with why they are about to end. */
  markEnding(workspaceId: string, sessionIds: readonly string[], reason: TerminalEndReason): void {
    const sessions = new Set(sessionIds);
    for (const t of this.inWorkspace(workspaceId)) if (sessions.has(t.sessionId)) t.markEnding(reason);
  }

  /** Terminals this socket is attached to. */
  attachedTo(socket: RealtimeSocket): LiveTerminal[] {
    return [...this.terminals.values()].filter((t) => t.isAttached(socket));
  }

  countForUser(userId: string): number {
    let n = 0;
    for (const t of this.terminals.values()) if (t.ownerUserId === userId) n++;
    return n;
  }

  /** A socket went away: its terminals keep running (a reconnect may attach), it just stops receiving. */
  detachSocket(socket: RealtimeSocket): void {
    for (const t of this.terminals.values()) t.detach(socket);
  }

  get size(): number {
    return this.terminals.size;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.terminals.values()].map((t) => t.close().catch(() => undefined)));
  }
}

// ---- Socket plumbing shared by the terminal and exec handlers ----

/**
 * The caller's context for a socket event, audited on `channel`. `actor` is read at each use, not
 * copied: live-identity replaces it whenever it re-resolves the socket's credentials, and each
 * event must act as whoever holds now.
 */
export function socketCtx(socket: RealtimeSocket, channel: AuditChannel = "TERMINAL"): ActorContext {
  return {
    get actor() {
      return socket.data.actor;
    },
    ip: socket.data.ip,
    channel,
  };
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}

/** An acknowledgement's error: the one error path (toErrorBody), so sockets say what every door says. */
export function errorBody(error: unknown, where: string): AppErrorBody {
  return toErrorBody(error, "socket", where).body;
}

/** Runs `work` and answers the acknowledgement (if the client asked for one) with Ack<T>. */
export function respond<T>(ack: unknown, where: string, work: () => Promise<T>): void {
  work().then(
    (data) => {
      if (typeof ack === "function") (ack as (r: Ack<T>) => void)({ ok: true, data });
    },
    (error: unknown) => {
      const body = errorBody(error, where);
      if (typeof ack === "function") (ack as (r: Ack<T>) => void)({ ok: false, error: body });
    },
  );
}
