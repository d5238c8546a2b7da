// Atrium's Prometheus series (prom-client). Created once per process on globalThis (Next's bundle
// and server.ts load this module separately; prom-client refuses a name registered twice). Each is
// fed from the one place its events flow through: the HTTP wrapper (http.ts), the tRPC procedure
// chain, the socket.io server, the audit helper, the file service, the exec service and the task
// claim. Gauges of state in PostgreSQL are read when Prometheus scrapes, not kept in memory.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { db, dbPoolStats } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { logger } from "./logger";

/** Seconds: from a fast file stat (1 ms) to a long exec or download (a minute and beyond). */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Queue waits: from immediate to hours behind a busy workspace. */
const WAIT_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400];

const SESSION_STATES = ["STARTING", "RUNNING", "STOPPED", "FAILED"] as const;
const TASK_STATES = ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED"] as const;
/** Gauges read from PostgreSQL keep their value this long, so a scrape storm costs one query. */
const DB_GAUGE_TTL_MS = 5_000;

function cachedCounts(read: () => Promise<{ status: string; n: bigint }[]>): () => Promise<Map<string, number>> {
  let cache: { at: number; counts: Map<string, number> } | null = null;
  return async () => {
    if (cache && Date.now() - cache.at < DB_GAUGE_TTL_MS) return cache.counts;
    const rows = await read();
    cache = { at: Date.now(), counts: new Map(rows.map((r) => [r.status, Number(r.n)])) };
    return cache.counts;
  };
}

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const sessionCounts = cachedCounts(() => db().$queryRaw`SELECT "status"::text AS status, count(*) AS n FROM "SandboxSession" GROUP BY 1`);
  const taskCounts = cachedCounts(() => db().$queryRaw`SELECT "status"::text AS status, count(*) AS n FROM "Task" GROUP BY 1`);
  // A scrape while PostgreSQL is down still answers: these gauges keep their last value and the
  // failure is counted (and logged at debug), instead of failing the whole scrape.
  const collectFailures = new Counter({ name: "atrium_metrics_collect_failures_total", help: "Scrapes where a gauge read from PostgreSQL could not be refreshed", labelNames: ["gauge"] as const, registers: [registry] });
  const fromDb = <G>(gauge: string, fn: (this: G) => Promise<void>) =>
    async function (this: G) {
      try {
        await fn.call(this);
      } catch (error) {
        collectFailures.inc({ gauge });
        logger("metrics").debug({ err: error }, `could not refresh ${gauge}`);
      }
    };

  return {
    registry,
    httpDuration: new Histogram({
      name: "atrium_http_request_duration_seconds",
      help: "HTTP requests by route template, method and status, from the first byte in to the last byte out",
      labelNames: ["route", "method", "status"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    trpcDuration: new Histogram({
      name: "atrium_trpc_procedure_duration_seconds",
      help: "tRPC procedure calls (every door: web, REST and MCP reach the same procedures) by procedure, type and tRPC code",
      labelNames: ["procedure", "type", "code"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    socketConnections: new Gauge({ name: "atrium_socket_connections", help: "Open socket.io connections by namespace", labelNames: ["namespace"] as const, registers: [registry] }),
    socketEvents: new Counter({
      name: "atrium_socket_events_total",
      help: "socket.io events received, by namespace and event (events without a handler count as `other`)",
      labelNames: ["namespace", "event"] as const,
      registers: [registry],
    }),
    sandboxSessions: new Gauge({
      name: "atrium_sandbox_sessions",
      help: "Sandbox sessions by state (read from PostgreSQL at scrape time)",
      labelNames: ["state"] as const,
      registers: [registry],
      collect: fromDb("atrium_sandbox_sessions", async function (this: Gauge<"state">) {
        const counts = await sessionCounts();
        for (const state of SESSION_STATES) this.set({ state }, counts.get(state) ?? 0);
      }),
    }),
    execDuration: new Histogram({
      name: "atrium_exec_duration_seconds",
      help: "Commands run through the exec service, by door (UI, API, MCP, TERMINAL, TASK) and outcome (ok, exit_nonzero, timeout, or the error code)",
      labelNames: ["door", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    fileDuration: new Histogram({
      name: "atrium_file_operation_duration_seconds",
      help: "File service operations by operation and outcome (ok or the error code, e.g. path_denied)",
      labelNames: ["op", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    tasks: new Gauge({
      name: "atrium_tasks",
      help: "Tasks by state (read from PostgreSQL at scrape time)",
      labelNames: ["state"] as const,
      registers: [registry],
      collect: fromDb("atrium_tasks", async function (this: Gauge<"state">) {
        const counts = await taskCounts();
        for (const state of TASK_STATES) this.set({ state }, counts.get(state) ?? 0);
      }),
    }),
    taskQueueWait: new Histogram({
      name: "atrium_task_queue_wait_seconds",
      help: "Time from a task's submission to a worker claiming it",
      buckets: WAIT_BUCKETS,
      registers: [registry],
    }),
    auditDenials: new Counter({
      name: "atrium_audit_denials_total",
      help: "Refusals written to the audit log, by reason and channel",
      labelNames: ["reason", "channel"] as const,
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: "atrium_db_pool_connections",
      help: "PostgreSQL pool connections of this process: total, idle, and callers waiting for one",
      labelNames: ["state"] as const,
      registers: [registry],
      collect(this: Gauge<"state">) {
        const stats = dbPoolStats();
        this.set({ state: "total" }, stats?.total ?? 0);
        this.set({ state: "idle" }, stats?.idle ?? 0);
        this.set({ state: "waiting" }, stats?.waiting ?? 0);
      },
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const KEY = Symbol.for("atrium.metrics");

export function metrics(): Metrics {
  const holder = globalThis as { [KEY]?: Metrics };
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}

/** A bounded outcome label for an error: the AppError code (a dozen values), else `error`. */
export function outcomeOf(error: unknown): string {
  return isAppError(error) ? error.code.toLowerCase() : "error";
}

/** Times `fn` into `histogram` with `labels` plus `outcome` (ok, or `outcomeOf` the error). */
export async function timed<L extends string, T>(
  histogram: Histogram<L | "outcome">,
  labels: Partial<Record<L, string>>,
  fn: () => Promise<T>,
  outcomeOfResult: (result: T) => string = () => "ok",
): Promise<T> {
  const end = histogram.startTimer(labels as Partial<Record<L | "outcome", string>>);
  try {
    const result = await fn();
    end({ outcome: outcomeOfResult(result) } as Partial<Record<L | "outcome", string>>);
    return result;
  } catch (error) {
    end({ outcome: outcomeOf(error) } as Partial<Record<L | "outcome", string>>);
    throw error;
  }
}

/** The outcome label of a finished command. */
export function execOutcome(result: { exitCode: number; timedOut: boolean }): string {
  return result.timedOut ? "timeout" : result.exitCode === 0 ? "ok" : "exit_nonzero";
}
