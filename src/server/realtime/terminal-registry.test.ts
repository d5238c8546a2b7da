// The output path of a live terminal without Docker: a PassThrough stands in for the TTY and fake
// sockets report whatever backlog the test sets, so pause/resume is checked at any volume.
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { Tty } from "~/server/sandbox/driver";
import { COALESCE_BYTES, HIGH_WATER, LiveTerminal, type RealtimeSocket, SCROLLBACK_BYTES, TerminalRegistry, WATCHER_MAX } from "./terminal-registry";

function fakeTty() {
  const stream = new PassThrough();
  let exit!: (code: number) => void;
  const tty: Tty = { stream, resize: () => Promise.resolve(), close: () => Promise.resolve(exit(0)), exit: new Promise<number>((r) => (exit = r)) };
  return { tty, stream, exit: (code: number) => exit(code) };
}

function fakeSocket(id: string) {
  const sock = {
    id,
    connected: true,
    backlog: 0,
    received: 0,
    events: [] as { event: string; payload: Record<string, unknown> }[],
    conn: { writeBuffer: [] as unknown[], transport: { socket: { bufferedAmount: 0 } } },
    emit(event: string, payload: Record<string, unknown>) {
      if (event === "terminal:output") sock.received += (payload.data as Buffer).length;
      else sock.events.push({ event, payload });
      return true;
    },
  };
  return Object.assign(sock, {
    setBacklog(bytes: number) {
      sock.conn.transport.socket.bufferedAmount = bytes;
    },
    asSocket: () => sock as unknown as RealtimeSocket,
  });
}

/** Writes `total` bytes into the fake TTY, honouring its backpressure like a shell on a pty would. */
async function produce(stream: PassThrough, total: number, chunk = 16 * 1024, stop = () => false): Promise<number> {
  let written = 0;
  const block = Buffer.alloc(chunk, "y");
  while (written < total && !stop()) {
    const ok = stream.write(block);
    written += chunk;
    if (!ok) await new Promise((r) => stream.once("drain", r));
  }
  return written;
}

describe("LiveTerminal output path", () => {
  it("pauses the TTY while the owner's socket is over the high-water mark, resumes when it drains", async () => {
    const { tty, stream } = fakeTty();
    const registry = new TerminalRegistry();
    const term = registry.add({ sessionId: "s", workspaceId: "w", ownerUserId: "u", openerApiKeyId: null, tty });
    const owner = fakeSocket("owner");
    term.attach(owner.asSocket(), false);
    owner.setBacklog(HIGH_WATER + 1);

    const producing = produce(stream, 50 * 1024 * 1024);
    while (!term.isPaused) await sleep(1);
    await sleep(30);
    // Held back: the stuck client got about one coalesced chunk, and the TTY stream buffers only
    // its own small high-water mark, not the 50 MB the command wants to print.
    expect(owner.received).toBeLessThanOrEqual(2 * COALESCE_BYTES);
    expect(stream.readableLength + stream.writableLength).toBeLessThan(256 * 1024);

    owner.setBacklog(0);
    await producing;
    stream.end();
    while (owner.received < 50 * 1024 * 1024) await sleep(1);
    expect(owner.received).toBe(50 * 1024 * 1024);
    expect(term.ring.size).toBe(SCROLLBACK_BYTES);
  });

  it("never lets a lagging watcher stall the owner: it skips output and is told how much", async () => {
    const { tty, stream } = fakeTty();
    const term = new LiveTerminal({ sessionId: "s", workspaceId: "w", ownerUserId: "u", openerApiKeyId: null, tty }, () => undefined);
    const owner = fakeSocket("owner");
    const watcher = fakeSocket("watcher");
    term.attach(owner.asSocket(), false);
    term.attach(watcher.asSocket(), true);
    watcher.setBacklog(WATCHER_MAX + 1);
    await produce(stream, 4 * 1024 * 1024);
    await sleep(30);
    expect(term.isPaused).toBe(false);
    expect(owner.received).toBe(4 * 1024 * 1024);
    expect(watcher.received).toBe(0);

    watcher.setBacklog(0);
    stream.write("tail");
    while (watcher.received === 0) await sleep(1);
    expect(watcher.events).toContainEqual({ event: "terminal:lagged", payload: { terminalId: term.id, droppedBytes: 4 * 1024 * 1024 } });
    expect(watcher.received).toBe(4);
  });

  it("replays scrollback on attach and tells attached sockets when the shell exits", async () => {
    const { tty, stream, exit } = fakeTty();
    const registry = new TerminalRegistry();
    const term = registry.add({ sessionId: "s", workspaceId: "w", ownerUserId: "u", openerApiKeyId: null, tty });
    stream.write("first line\r\n");
    await sleep(20);
    const late = fakeSocket("late");
    expect(term.attach(late.asSocket(), false).toString()).toBe("first line\r\n");
    expect(registry.countForUser("u")).toBe(1);
    exit(3);
    await sleep(0);
    expect(late.events).toContainEqual({ event: "terminal:exited", payload: { terminalId: term.id, exitCode: 3 } });
    expect(registry.get(term.id)).toBeUndefined();
  });
});
