// Terminal output throughput and keystroke echo latency through Atrium's realtime server, in
// interleaved rounds so machine noise hits every variant alike. One real session (Postgres row,
// Docker container) in a fresh database; a real socket.io client on a random port, authenticated
// with a session cookie, drives a terminal as the browser does. Baselines on the same container and
// file: the `docker exec` CLI without and with a TTY, and the driver's own TTY stream (Docker's
// hijacked exec, no socket.io) to show what the realtime layer adds. Not part of `npm test`.
//   npx tsx bench/terminal.bench.ts [--rounds 7] [--keys 200] [--mb 50] [--key-gap-ms 30] [--image atrium/test:busybox]
// Throughput is bytes delivered / seconds, from sending the command to seeing the end marker
// (MB = 10^6 bytes). A TTY turns each "\n" into "\r\n", so TTY variants deliver one byte per line
// more than the file holds. Echo latency: `terminal:input` of one character → that character in
// `terminal:output`; keys are spaced by --key-gap-ms (above the server's 10 ms output coalescing
// window, as human typing is) so each echo is a first chunk after a quiet spell.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import { env } from "~/env";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db, disconnectDb } from "~/server/db/client";
import { type Ack, type Binary, type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from "~/server/realtime/events";
import { createRealtime, type RealtimeServer } from "~/server/realtime/server";
import { appVersion, setRuntime } from "~/server/runtime";
import { sandboxConfig } from "~/server/sandbox/config";
import { WORKSPACE_DIR } from "~/server/sandbox/docker-driver";
import type { Tty } from "~/server/sandbox/driver";
import { configureSandbox, driverFor } from "~/server/sandbox/service";
import { createSession, handleOf, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { callerAs, makeUser, sessionCookie } from "~/test/actors";
import { createTestDatabase } from "~/test/database";
import { interleaved, machine, type Stats, stats, table } from "./harness";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "7" },
    keys: { type: "string", default: "200" },
    mb: { type: "string", default: "50" },
    "key-gap-ms": { type: "string", default: "30" },
    image: { type: "string", default: "atrium/test:busybox" },
  },
});
const ROUNDS = Number(values.rounds);
const KEYS_PER_ROUND = Math.ceil(Number(values.keys) / ROUNDS);
const KEY_GAP_MS = Number(values["key-gap-ms"]);
const IMAGE = values.image;
const MB = 1_000_000;
const LINE = 64; // bytes per line of the test file, "\n" included
const FILE_BYTES = Math.round((Number(values.mb) * MB) / LINE) * LINE;
const FILE_LINES = FILE_BYTES / LINE;
const FILE_NAME = "terminal-bench.txt";
const FILE_IN_CONTAINER = `${WORKSPACE_DIR}/${FILE_NAME}`;
const WAIT_MS = 180_000;
/** Typed characters: none of them appears in busybox's prompt or a container hostname (hex). */
const KEYCHARS = "GHJKLMNPQRSTUVWXYZ";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Counts a terminal's output bytes and keeps the text since the last `mark()` (its last 4 KiB) for matching. */
class Tap {
  bytes = 0;
  recent = "";
  private readonly waiters = new Set<() => void>();

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.recent = (this.recent + chunk.subarray(-4096).toString("latin1")).slice(-4096);
    for (const w of [...this.waiters]) w();
  }

  mark(): void {
    this.recent = "";
  }

  until(test: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; last output: ${JSON.stringify(this.recent.slice(-200))}`));
      }, WAIT_MS);
      const check = () => {
        if (!test()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves once no output arrived for `quietMs` (the prompt has been drawn). */
  async settle(quietMs = 150): Promise<void> {
    for (;;) {
      const before = this.bytes;
      await sleep(quietMs);
      if (this.bytes === before) return;
    }
  }
}

/** A shell's input side plus its output tap: Atrium's socket.io terminal or the driver's raw TTY. */
interface Term {
  tap: Tap;
  send(data: string): void;
}

let seq = 0;

/** Runs `command` in the shell and waits for a computed marker after it (the typed line itself never contains it). */
async function run(term: Term, command: string): Promise<number> {
  await term.tap.settle();
  const n = 1000 + seq++;
  const marker = `END-${n + 1}.`;
  term.tap.mark();
  const before = term.tap.bytes;
  term.send(`${command}; echo END-$((${n}+1)).\r`);
  await term.tap.until(() => term.tap.recent.includes(marker), `"${marker}" after ${command}`);
  return term.tap.bytes - before;
}

/** MB/s of `cat FILE` in the terminal; checks that all of it arrived. */
async function catThroughput(term: Term): Promise<number[]> {
  await term.tap.settle();
  const t0 = performance.now();
  const bytes = await run(term, `cat ${FILE_IN_CONTAINER}`);
  const seconds = (performance.now() - t0) / 1000;
  if (bytes < FILE_BYTES + FILE_LINES) throw new Error(`only ${bytes} bytes arrived; expected at least ${FILE_BYTES + FILE_LINES}`);
  return [bytes / MB / seconds];
}

/** Latencies (ms) of `count` keystrokes typed into a shell comment line, then Enter. */
async function echoLatencies(term: Term, count: number): Promise<number[]> {
  await term.tap.settle();
  term.tap.mark();
  term.send("#");
  await term.tap.until(() => term.tap.recent.includes("#"), "the echo of #");
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(KEY_GAP_MS);
    const ch = KEYCHARS[i % KEYCHARS.length]!;
    term.tap.mark();
    const t0 = performance.now();
    term.send(ch);
    await term.tap.until(() => term.tap.recent.includes(ch), `the echo of ${ch}`);
    out.push(performance.now() - t0);
  }
  term.send("\r");
  return out;
}

/** `docker exec [-t] CONTAINER cat FILE > /dev/null`, in MB/s of what the CLI delivered to stdout. */
async function dockerCat(containerId: string, tty: boolean, devNull: number): Promise<number[]> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("docker", ["exec", ...(tty ? ["-t"] : []), containerId, "cat", FILE_IN_CONTAINER], { stdio: ["ignore", devNull, "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`docker exec exited ${code}: ${stderr.trim()}`))));
  });
  const seconds = (performance.now() - t0) / 1000;
  return [(tty ? FILE_BYTES + FILE_LINES : FILE_BYTES) / MB / seconds];
}

/** A file of 64-byte text lines, written in 1 MB blocks. */
async function writeTextFile(file: string): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; lines.length * LINE < MB; i++) lines.push(`${String(i).padStart(7, "0")} the quick brown fox jumps over the lazy dog 0123456789a\n`);
  const block = Buffer.from(lines.join(""));
  if (lines.some((l) => l.length !== LINE)) throw new Error("test file lines must be LINE bytes");
  const handle = await open(file, "w", 0o644);
  try {
    for (let written = 0; written < FILE_BYTES; written += block.length) await handle.write(block, 0, Math.min(block.length, FILE_BYTES - written));
  } finally {
    await handle.close();
  }
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function bytesOf(data: Binary): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data instanceof ArrayBuffer ? data : data.buffer);
}

async function main(): Promise<void> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch((error: unknown) => console.error("[bench] cleanup step failed:", error));
  };
  const onSignal = () => void runCleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // env() is parsed on first use: point the data dir (workspaces, scratch) at a temporary one first.
    const dataDir = await mkdtemp(path.join(tmpdir(), "atrium-bench-term-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    process.env.ATRIUM_DATA_DIR = dataDir;
    if (env().dataDir !== dataDir) throw new Error("env() was read before the bench set ATRIUM_DATA_DIR");
    if (!(await requireDocker([IMAGE]))) throw new Error(`Docker or the image ${IMAGE} is missing`);

    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    setRuntime({ databaseUrl: database.url, authSecret: randomBytes(32).toString("hex"), version: appVersion() });
    cleanup.push(() => disconnectDb());
    configureSandbox(sandboxConfig({ runtimeImage: IMAGE, dataDir, instanceId: `bench-${randomBytes(4).toString("hex")}` }));

    // The instance's first account is an admin (as the test setup does); the bench types as a plain user.
    await makeUser({ admin: true });
    const user = await makeUser();
    const created = await (await callerAs(user)).workspaces.create({ name: "Terminal bench", template: "empty", metadata: {} });
    const { rootPath } = await db().workspace.findUniqueOrThrow({ where: { id: created.id } });
    await writeTextFile(path.join(rootPath, FILE_NAME));
    const ctx = { actor: { user, apiKey: null }, ip: null, channel: "UI" as const };
    const session = await createSession(ctx, await resolveWorkspaceAccess(ctx, created.id, "editor", "exec"), {});
    cleanup.push(() => stopSessionById(session.id, "bench_cleanup"));
    const handle = handleOf(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } }));
    if (!handle) throw new Error("the session has no container");

    const http: Server = createServer();
    const io: RealtimeServer = createRealtime(http);
    cleanup.push(() => new Promise((resolve) => http.close(resolve)));
    cleanup.push(() => io.close()); // closes its terminals too
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    const socket: ClientSocket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: await sessionCookie(user.id) } });
    cleanup.push(() => Promise.resolve(socket.close()));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const size = { cols: 200, rows: 50 };
    const opened = await socket.emitWithAck("terminal:open", { workspaceId: created.id, sessionId: session.id, ...size });
    if (!opened.ok) throw new Error(`terminal:open failed: ${JSON.stringify(opened.error)}`);
    const { terminalId } = opened.data;
    const refused: string[] = [];
    const atrium: Term = {
      tap: new Tap(),
      send: (data) => socket.emit("terminal:input", { terminalId, data }, (ack: Ack<null>) => void (ack.ok || refused.push(JSON.stringify(ack.error)))),
    };
    socket.on("terminal:output", (o) => {
      if (o.terminalId === terminalId) atrium.tap.push(bytesOf(o.data));
    });

    const tty: Tty = await driverFor(handle.driver).openTty(handle, size);
    cleanup.push(() => tty.close());
    const raw: Term = { tap: new Tap(), send: (data) => void tty.stream.write(data) };
    tty.stream.on("data", (chunk: Buffer) => raw.tap.push(chunk));

    const devNull = await open("/dev/null", "w");
    cleanup.push(() => devNull.close());

    for (const term of [atrium, raw]) await run(term, "true"); // both shells are up

    const samples = await interleaved(
      {
        "Atrium terminal (socket.io)": () => catThroughput(atrium),
        "driver TTY (no socket.io)": () => catThroughput(raw),
        "docker exec -t CLI": () => dockerCat(handle.id, true, devNull.fd),
        "docker exec CLI": () => dockerCat(handle.id, false, devNull.fd),
        "echo: Atrium terminal": () => echoLatencies(atrium, KEYS_PER_ROUND),
        "echo: driver TTY": () => echoLatencies(raw, KEYS_PER_ROUND),
      },
      ROUNDS,
    );
    if (refused.length > 0) throw new Error(`terminal:input was refused ${refused.length} times, e.g. ${refused[0]}`);
    report(samples);
  } finally {
    await runCleanup();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function report(samples: Record<string, number[]>): void {
  const s: Record<string, Stats> = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
  const noTty = s["docker exec CLI"]!;
  const withTty = s["docker exec -t CLI"]!;
  const echoBase = s["echo: driver TTY"]!;
  const throughput = ["Atrium terminal (socket.io)", "driver TTY (no socket.io)", "docker exec -t CLI", "docker exec CLI"];
  const echo = ["echo: Atrium terminal", "echo: driver TTY"];
  const x = (v: number) => v.toFixed(2) + "x";
  console.log(`\nterminal bench ${new Date().toISOString()} (${machine()}; image ${IMAGE}; ${FILE_BYTES / MB} MB file, ${ROUNDS} rounds)`);
  console.log(
    table(
      ["throughput", "n", "median MB/s", "p95 MB/s (slow tail)", "vs docker exec", "vs docker exec -t"],
      throughput.map((name) => {
        const st = s[name]!;
        return [name, String(st.n), st.median.toFixed(1), st.p5.toFixed(1), x(st.median / noTty.median), x(st.median / withTty.median)];
      }),
    ),
  );
  console.log(
    table(
      ["keystroke echo", "n", "p50 ms", "p95 ms", "p99 ms", "p50 vs driver TTY", "p99 vs driver TTY"],
      echo.map((name) => {
        const st = s[name]!;
        return [name, String(st.n), st.median.toFixed(2), st.p95.toFixed(2), st.p99.toFixed(2), x(st.median / echoBase.median), x(st.p99 / echoBase.p99)];
      }),
    ),
  );
  const atrium = s["Atrium terminal (socket.io)"]!;
  const atriumEcho = s["echo: Atrium terminal"]!;
  console.log(
    JSON.stringify({
      bench: "terminal",
      date: new Date().toISOString(),
      cores: cpus().length,
      image: IMAGE,
      fileBytes: FILE_BYTES,
      rounds: ROUNDS,
      keyGapMs: KEY_GAP_MS,
      throughputMBps: Object.fromEntries(throughput.map((k) => [k, { median: +s[k]!.median.toFixed(2), p95SlowTail: +s[k]!.p5.toFixed(2), n: s[k]!.n }])),
      echoMs: Object.fromEntries(echo.map((k) => [k, { p50: +s[k]!.median.toFixed(2), p95: +s[k]!.p95.toFixed(2), p99: +s[k]!.p99.toFixed(2), n: s[k]!.n }])),
      ratios: {
        atriumVsDockerExec: +(atrium.median / noTty.median).toFixed(3),
        atriumVsDockerExecTty: +(atrium.median / withTty.median).toFixed(3),
        driverTtyVsDockerExecTty: +(s["driver TTY (no socket.io)"]!.median / withTty.median).toFixed(3),
        echoP50AtriumVsDriverTty: +(atriumEcho.median / echoBase.median).toFixed(3),
        echoP99AtriumVsDriverTty: +(atriumEcho.p99 / echoBase.p99).toFixed(3),
      },
      meets30MBps: atrium.median >= 30,
    }),
  );
}

await main();
