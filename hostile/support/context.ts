// What every hostile case gets: the server under test, the infrastructure it may break, a way to
// record results, and small helpers (terminals, DB queries, liveness checks).
import pg from "pg";
import type { Ack, TerminalOpened } from "~/server/realtime/events";
import { type Atrium, bytesOf, type ClientSocket, sleep } from "../../bench/support/server";
import type { OwnDockerd, OwnPostgres } from "./infra";

export interface Outcome {
  case: string;
  tried: string;
  held: boolean;
  /** What held or what did not, with the numbers. */
  detail: string;
}

export interface Hostile {
  server: Atrium;
  pg: OwnPostgres;
  dockerd: OwnDockerd;
  record(outcome: Outcome): void;
  log(line: string): void;
}

export const env = (name: string, fallback: number): number => {
  const raw = process.env[name];
  return raw && Number.isFinite(Number(raw)) ? Number(raw) : fallback;
};

/** One SQL query against the server's database (for consistency checks the API cannot make). */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Polls `test` until it returns a value (liveness with a generous deadline, not a timing assertion). */
export async function eventually<T>(what: string, test: () => Promise<T | null | undefined | false>, deadlineMs = 90_000, everyMs = 500): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown = null;
  while (Date.now() < end) {
    try {
      const value = await test();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  const reason = last instanceof Error ? last.message : last === null ? "" : JSON.stringify(last);
  throw new Error(`${what} did not happen within ${deadlineMs / 1000} s${reason ? ` (last error: ${reason})` : ""}`);
}

export interface Terminal {
  id: string;
  socket: ClientSocket;
  /** Everything received, as latin1 text. */
  text(): string;
  bytes: number;
  lagged: number;
  exited: number | null;
  send(data: string): void;
  until(test: (text: string) => boolean, what: string, deadlineMs?: number): Promise<void>;
  close(): void;
}

export async function openTerminal(server: Atrium, workspaceId: string, sessionId: string, key?: string): Promise<Terminal> {
  const socket = await server.socket(key);
  // Listen before asking: output may follow the acknowledgement at once. One terminal per socket.
  const early: Buffer[] = [];
  const collectEarly = (o: { data: unknown }) => void early.push(bytesOf(o.data));
  socket.on("terminal:output", collectEarly);
  const opened = (await socket.timeout(60_000).emitWithAck("terminal:open", { workspaceId, sessionId, cols: 200, rows: 50 })) as Ack<TerminalOpened>;
  if (!opened.ok) throw new Error(`terminal:open: ${JSON.stringify(opened.error)}`);
  socket.off("terminal:output", collectEarly);
  const chunks: Buffer[] = [...early];
  const waiters = new Set<() => void>();
  const term: Terminal = {
    id: opened.data.terminalId,
    socket,
    bytes: early.reduce((n, b) => n + b.length, 0),
    lagged: 0,
    exited: null,
    text: () => Buffer.concat(chunks).toString("latin1"),
    send: (data) => void socket.emit("terminal:input", { terminalId: opened.data.terminalId, data }),
    until: (test, what, deadlineMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!test(term.text())) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`terminal: no ${what} within ${deadlineMs / 1000} s; last output ${JSON.stringify(term.text().slice(-200))}`));
        }, deadlineMs);
        waiters.add(check);
        check();
      }),
    close: () => socket.close(),
  };
  socket.on("terminal:output", (o) => {
    if (o.terminalId !== term.id) return;
    const b = bytesOf(o.data);
    chunks.push(b);
    term.bytes += b.length;
    for (const w of [...waiters]) w();
  });
  socket.on("terminal:lagged", (o) => {
    if (o.terminalId === term.id) term.lagged += o.droppedBytes;
  });
  socket.on("terminal:exited", (o) => {
    if (o.terminalId === term.id) term.exited = o.exitCode;
  });
  return term;
}

export async function startSession(server: Atrium, workspaceId: string, key?: string): Promise<string> {
  const session = await server.ok<{ id: string }>("POST", `/workspaces/${workspaceId}/sessions`, {}, key);
  return session.id;
}

/** The server answers health and is the same process as before (it did not crash and restart). */
export async function stillUp(server: Atrium, pid: number): Promise<string | null> {
  if (server.pid !== pid || server.child?.exitCode !== null || server.child.signalCode !== null) return `the server process exited (${server.child?.exitCode ?? server.child?.signalCode})`;
  const r = await server.http("GET", "/api/health", undefined, {}).catch((e: unknown) => ({ status: 0, text: String(e) }));
  return r.status === 200 || r.status === 503 ? null : `health answered ${r.status}: ${r.text.slice(0, 200)}`;
}
