// The task worker: claims queued tasks (claim.ts), runs each in a sandbox session of its own, keeps
// the output durable and bounded (output-tail.ts), and records exactly one outcome per attempt.
//
// Why a session per task, not the submitter's: the task runs as the submitter, with the chosen
// preset and the workspace's files at /workspace, but in a container nobody else types into. So
// cancel, timeout and crash recovery can remove the whole container (every process it started, not
// only the one we spawned), from any Atrium process, without killing the submitter's own terminals.
//
// Ownership: every write about a running task is a compare-and-set on (id, RUNNING, workerId,
// attempt). A cancel (status set elsewhere) or a peer's recovery makes the next write miss; the
// worker then stops the command and only cleans up, so an attempt has one outcome however it races.
//
// Shutdown (`stop({ graceMs })`): the worker stops claiming at once, lets running tasks finish
// within the grace, then re-queues the ones still running (QUEUED, `server_shutdown`, the attempt
// not counted: a restart is not the task's failure) so another replica or the next start runs them
// again; their containers are removed, so none outlives the process that watched it.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { lineLogger } from "~/server/observability/logger";
import { execOutcome, metrics } from "~/server/observability/metrics";
import { publish, taskRoom, workspaceRoom } from "~/server/realtime/workspace-bus";
import { runtime } from "~/server/runtime";
import { enforceRunPolicy } from "~/server/sandbox/run-guard";
import type { ExecStream } from "~/server/sandbox/driver";
import { refuseArchived } from "~/server/sandbox/exec";
import { resolveLimits } from "~/server/sandbox/presets";
import { driverFor, sandboxSettings } from "~/server/sandbox/service";
import { type ActorContext, createSession, getSessionRow, handleOf, stopSessionById } from "~/server/sandbox/sessions";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/client";
import { claimNext, LOCK_NAMESPACE, UNLIMITED_PER_USER } from "./claim";
import { type LocalWorker, localWorkers, type WorkerStatus } from "./local";
import { OutputTail } from "./output-tail";
import { startTaskQueue, type TaskQueue } from "./queue";
import { DEFAULT_STALE_MS, recoverLostTasks } from "./recovery";
import { commandOf } from "./schemas";

export interface TaskWorkerOptions {
  /** Tasks this process runs at once (ATRIUM_TASK_CONCURRENCY). */
  concurrency: number;
  /** Tasks one workspace runs at once, over all processes (ATRIUM_TASK_WORKSPACE_CONCURRENCY). */
  perWorkspace: number;
  /**
   * Tasks one submitter runs at once, over all processes (ATRIUM_TASK_USER_CONCURRENCY; the server
   * passes `taskLimitsFromEnv()`). Default: no cap beyond the other limits (tests, tools).
   */
  perUser?: number;
  workerId?: string;
  /** Claim attempts without a wake-up (a missed pg-boss job, a slot freed in another process). */
  pollMs?: number;
  /** How often a running task's tails and heartbeat are written while it produces output. */
  flushMs?: number;
  /** Heartbeat of a quiet task. */
  heartbeatMs?: number;
  /** How often this worker looks for tasks of dead workers. */
  recoverMs?: number;
  staleMs?: number;
  /** Claim only these workspaces' tasks (tests, or workers dedicated to some workspaces). */
  onlyWorkspaces?: readonly string[] | null;
  /** Use pg-boss for cross-process wake-ups (default true). */
  useQueue?: boolean;
  log?: (line: string) => void;
}

interface Active {
  id: string;
  attempt: number;
  workspaceId: string | null;
  stream: ExecStream | null;
  sessionId: string | null;
  /** Set when the task stopped being ours (cancelled, recovered elsewhere, shutdown). */
  aborted: boolean;
  stdout: OutputTail;
  stderr: OutputTail;
  lastWrite: number;
  flushing: Promise<void> | null;
  done: Promise<void>;
}

class TaskFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

interface Outcome {
  status: Extract<TaskStatus, "COMPLETED" | "FAILED" | "TIMED_OUT">;
  exitCode: number | null;
  failureReason: string | null;
}

/** A task row's stored env (Json) as strings, or undefined. */
function envOf(value: unknown): Record<string, string> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : undefined;
}

export class TaskWorker implements LocalWorker {
  readonly id: string;
  private readonly options: Required<Omit<TaskWorkerOptions, "workerId" | "onlyWorkspaces">> & { onlyWorkspaces: readonly string[] | null };
  private readonly active = new Map<string, Active>();
  private lock: pg.Client | null = null;
  private queue: TaskQueue | null = null;
  private timers: NodeJS.Timeout[] = [];
  private filling = false;
  private refill = false;
  private stopping = false;
  private stopped = false;
  private lastTickAt: Date | null = null;
  private startedAt: Date | null = null;

  constructor(options: TaskWorkerOptions) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
    this.options = {
      concurrency: options.concurrency,
      perWorkspace: options.perWorkspace,
      perUser: options.perUser ?? UNLIMITED_PER_USER,
      pollMs: options.pollMs ?? 2000,
      flushMs: options.flushMs ?? 1000,
      heartbeatMs: options.heartbeatMs ?? 10_000,
      recoverMs: options.recoverMs ?? 30_000,
      staleMs: options.staleMs ?? DEFAULT_STALE_MS,
      onlyWorkspaces: options.onlyWorkspaces ?? null,
      useQueue: options.useQueue ?? true,
      log: options.log ?? lineLogger("tasks"),
    };
  }

  /** Takes the liveness lock, recovers dead workers' tasks, then starts claiming. */
  async start(): Promise<void> {
    const url = runtime().databaseUrl;
    this.lock = new pg.Client({ connectionString: url, application_name: "atrium-task-worker", keepAlive: true });
    this.lock.on("error", (error) => {
      // Without its connection the worker no longer proves it is alive; peers will recover its tasks.
      this.options.log(`worker ${this.id} lost its database connection (${error.message}); stopping its tasks`);
      for (const entry of this.active.values()) this.abortEntry(entry);
    });
    await this.lock.connect();
    await this.lock.query("SELECT pg_advisory_lock($1::int, hashtext($2))", [LOCK_NAMESPACE, this.id]);
    await this.recover();
    if (this.options.useQueue) this.queue = await startTaskQueue(url, () => this.wake(), this.options.log);
    localWorkers().add(this);
    this.startedAt = new Date();
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.pollMs, () => this.wake());
    every(this.options.recoverMs, () => void this.recover());
    this.wake();
  }

  /** Claims nothing more from now on (the first step of a shutdown); running tasks go on. */
  stopClaiming(): void {
    this.stopping = true;
  }

  /**
   * Stops claiming, gives running tasks `graceMs` to finish (0: none), re-queues those still
   * running (see the header) and releases the liveness lock. Returns the ids it re-queued.
   */
  async stop(options: { graceMs?: number } = {}): Promise<string[]> {
    if (this.stopped) return [];
    this.stopped = true;
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    // pg-boss stops (up to 5 s) while the running tasks use their grace, not before it.
    const queueStopped = this.queue?.stop().catch((error: unknown) => this.options.log(`task queue stop failed: ${String(error)}`));
    const graceMs = options.graceMs ?? 0;
    if (graceMs > 0 && this.active.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.active.values()].map((e) => e.done)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    await queueStopped;
    // Cancels keep reaching running tasks through the grace; after it nothing of ours runs.
    localWorkers().delete(this);
    const requeued: string[] = [];
    for (const entry of this.active.values()) {
      // Stopped before it is re-queued, so no other worker can start it while ours still runs.
      this.abortEntry(entry);
      try {
        // Compare-and-set on the attempt: a task that finished or was cancelled meanwhile keeps its outcome.
        const changed = await db().task.updateMany({
          where: this.own(entry),
          data: { status: "QUEUED", attempt: { decrement: 1 }, workerId: null, sessionId: null, failureReason: "server_shutdown", heartbeatAt: null },
        });
        if (changed.count > 0) {
          requeued.push(entry.id);
          const row = await db().task.findUnique({ where: { id: entry.id }, select: { workspaceId: true } });
          if (row) publish(workspaceRoom(row.workspaceId), "task:changed", { workspaceId: row.workspaceId, taskId: entry.id, status: "QUEUED" });
        }
      } catch (error) {
        // Database gone: recovery (ours at the next start, or a peer's) re-queues it once the lock is free.
        this.options.log(`could not re-queue task ${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await Promise.allSettled([...this.active.values()].map((e) => e.done));
    await this.lock?.end().catch(() => undefined);
    this.lock = null;
    return requeued;
  }

  /** Tasks running in this worker now. */
  get runningIds(): string[] {
    return [...this.active.keys()];
  }

  announce(taskId: string, priority: TaskPriority): void {
    this.wake();
    this.queue?.send(taskId, priority).catch((error: unknown) => this.options.log(`could not announce task ${taskId}: ${String(error)}`));
  }

  abort(taskId: string): boolean {
    const entry = this.active.get(taskId);
    if (!entry) return false;
    this.abortEntry(entry);
    return true;
  }

  liveTails(taskId: string): { stdout: string; stderr: string } | null {
    const entry = this.active.get(taskId);
    return entry && !entry.aborted ? { stdout: entry.stdout.text(), stderr: entry.stderr.text() } : null;
  }

  wake(): void {
    void this.fill();
  }

  private async recover(): Promise<void> {
    try {
      const report = await recoverLostTasks({ selfId: this.id, staleMs: this.options.staleMs });
      const n = report.failed.length + report.requeued.length;
      if (n > 0) this.options.log(`recovered ${n} task(s) of lost workers: ${report.failed.length} failed, ${report.requeued.length} re-queued`);
      if (report.requeued.length > 0) this.wake();
    } catch (error) {
      this.options.log(`task recovery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  status(): WorkerStatus {
    return {
      id: this.id,
      activeTasks: this.active.size,
      concurrency: this.options.concurrency,
      lastTickAt: this.lastTickAt?.toISOString() ?? null,
      startedAt: this.startedAt?.toISOString() ?? null,
      stopping: this.stopping,
    };
  }

  private async fill(): Promise<void> {
    this.lastTickAt = new Date();
    if (this.filling) {
      this.refill = true;
      return;
    }
    this.filling = true;
    try {
      do {
        this.refill = false;
        while (!this.stopping && this.active.size < this.options.concurrency) {
          const claimed = await claimNext(this.id, this.options, this.options.onlyWorkspaces);
          if (!claimed || this.stopping) break;
          this.launch(claimed.id, claimed.attempt);
        }
      } while (this.refill && !this.stopping);
    } catch (error) {
      this.options.log(`claiming tasks failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.filling = false;
    }
  }

  private launch(id: string, attempt: number): void {
    const entry: Active = {
      id,
      attempt,
      workspaceId: null,
      stream: null,
      sessionId: null,
      aborted: false,
      stdout: new OutputTail(),
      stderr: new OutputTail(),
      lastWrite: Date.now(),
      flushing: null,
      done: Promise.resolve(),
    };
    this.active.set(id, entry);
    entry.done = this.run(entry)
      .catch((error: unknown) => this.options.log(`task ${id} crashed in the worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        this.active.delete(id);
        this.wake();
      });
  }

  private own(entry: Pick<Active, "id" | "attempt">) {
    return { id: entry.id, status: "RUNNING" as const, workerId: this.id, attempt: entry.attempt };
  }

  private abortEntry(entry: Active): void {
    entry.aborted = true;
    entry.stream?.cancel();
  }

  private async run(entry: Active): Promise<void> {
    let flusher: NodeJS.Timeout | null = null;
    try {
      const task = await db().task.findUniqueOrThrow({ where: { id: entry.id }, include: { user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } } });
      entry.workspaceId = task.workspaceId;
      publish(workspaceRoom(task.workspaceId), "task:changed", { workspaceId: task.workspaceId, taskId: task.id, status: "RUNNING" });
      let outcome: Outcome;
      // A task's command is timed like any exec (door TASK), from the session start to its exit.
      const endExec = metrics().execDuration.startTimer({ door: "TASK" });
      try {
        const stream = await this.startCommand(entry, task);
        if (!stream) return;
        flusher = setInterval(() => void this.flush(entry), this.options.flushMs);
        for await (const chunk of stream) {
          (chunk.stream === "stdout" ? entry.stdout : entry.stderr).append(chunk.data);
          publish(taskRoom(entry.id), "task:output", { taskId: entry.id, stream: chunk.stream, data: chunk.data });
        }
        const exit = await stream.exit;
        endExec({ outcome: execOutcome(exit) });
        if (exit.timedOut) outcome = { status: "TIMED_OUT", exitCode: exit.exitCode, failureReason: "timeout" };
        else if (exit.exitCode === 0) outcome = { status: "COMPLETED", exitCode: 0, failureReason: null };
        else outcome = { status: "FAILED", exitCode: exit.exitCode, failureReason: exit.oomKilled ? "oom_killed" : "exit_code" };
      } catch (error) {
        endExec({ outcome: entry.aborted ? "cancelled" : "start_failed" });
        if (entry.aborted) return;
        if (error instanceof TaskFailure) outcome = { status: "FAILED", exitCode: null, failureReason: `${error.reason}: ${error.message}`.slice(0, 500) };
        else {
          const message = isAppError(error) ? error.message : error instanceof Error ? error.message : String(error);
          outcome = { status: "FAILED", exitCode: null, failureReason: `start_failed: ${message}`.slice(0, 500) };
        }
      }
      if (flusher) clearInterval(flusher);
      await entry.flushing;
      if (entry.aborted) return;
      await this.finish(entry, task, outcome);
    } finally {
      if (flusher) clearInterval(flusher);
      // The container goes with the attempt: whatever the command left running dies here.
      if (entry.sessionId) await stopSessionById(entry.sessionId, "task_finished").catch((error: unknown) => this.options.log(`could not remove the session of task ${entry.id}: ${String(error)}`));
    }
  }

  /** Re-checks the submitter's rights as of now, starts the task's session and the command. */
  private async startCommand(
    entry: Active,
    task: { id: string; workspaceId: string; command: unknown; preset: string; env: unknown; timeoutMs: number; user: { id: string; email: string; name: string; role: "ADMIN" | "USER"; disabledAt: Date | null } },
  ): Promise<ExecStream | null> {
    if (task.user.disabledAt) throw new TaskFailure("submitter_disabled", "The person who submitted this task has been disabled.");
    const ctx: ActorContext = { actor: { user: { id: task.user.id, email: task.user.email, name: task.user.name, role: task.user.role }, apiKey: null }, ip: null, channel: "TASK" };
    const access = await resolveWorkspaceAccess(ctx, task.workspaceId, "editor", "exec", "tasks.run").catch((error: unknown) => {
      throw new TaskFailure("access_revoked", isAppError(error) ? error.message : "The submitter may no longer run commands here.");
    });
    try {
      refuseArchived(access);
    } catch (error) {
      throw new TaskFailure("workspace_archived", isAppError(error) ? error.message : "The workspace is archived.");
    }
    const ws = await db().workspace.findUniqueOrThrow({ where: { id: task.workspaceId }, select: { commandPolicy: true } });
    const command = commandOf(task.command);
    const limits = resolveLimits(task.preset, {}, sandboxSettings().presets);
    // The policy may have changed since submit; the refusal is audited on the TASK channel.
    await enforceRunPolicy(ctx, { workspaceId: task.workspaceId, action: "tasks.run", command, policy: ws.commandPolicy, shell: limits.shell, preset: task.preset, env: envOf(task.env) }).catch((error: unknown) => {
      throw new TaskFailure("command_refused", isAppError(error) ? error.message : "The workspace's command policy refuses this command.");
    });
    if (entry.aborted) return null;
    const session = await createSession(ctx, access, { preset: task.preset }, { forTask: true });
    entry.sessionId = session.id;
    const linked = await db().task.updateMany({ where: this.own(entry), data: { sessionId: session.id, heartbeatAt: new Date() } });
    if (linked.count === 0 || entry.aborted) {
      entry.aborted = true;
      return null;
    }
    const handle = handleOf(await getSessionRow(task.workspaceId, session.id));
    if (!handle) throw new TaskFailure("start_failed", "The task's sandbox has no container.");
    const env = envOf(task.env);
    const argv = typeof command === "string" ? ["/bin/sh", "-c", command] : command;
    const stream = await driverFor(handle.driver).execStream(handle, argv, { cwd: "/workspace", env, timeoutMs: task.timeoutMs });
    entry.stream = stream;
    if (entry.aborted) stream.cancel();
    return stream;
  }

  /** Writes the tails and the heartbeat; a miss means the task is no longer ours: stop it. */
  private flush(entry: Active): Promise<void> {
    if (entry.flushing || entry.aborted) return entry.flushing ?? Promise.resolve();
    const dirty = entry.stdout.dirty || entry.stderr.dirty;
    if (!dirty && Date.now() - entry.lastWrite < this.options.heartbeatMs) return Promise.resolve();
    entry.stdout.dirty = false;
    entry.stderr.dirty = false;
    entry.flushing = (async () => {
      try {
        const changed = await db().task.updateMany({ where: this.own(entry), data: { ...this.tails(entry), heartbeatAt: new Date() } });
        entry.lastWrite = Date.now();
        if (changed.count === 0) this.abortEntry(entry);
      } catch (error) {
        entry.stdout.dirty = entry.stderr.dirty = true;
        this.options.log(`could not save the output of task ${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        entry.flushing = null;
      }
    })();
    return entry.flushing;
  }

  private tails(entry: Active) {
    return { stdoutTail: entry.stdout.text(), stderrTail: entry.stderr.text(), stdoutBytes: BigInt(entry.stdout.total), stderrBytes: BigInt(entry.stderr.total) };
  }

  private async finish(entry: Active, task: { id: string; workspaceId: string; maxRetries: number; priority: TaskPriority }, outcome: Outcome): Promise<void> {
    // Failures (not timeouts) get another attempt while retries remain; the failed attempt's output
    // and reason stay visible until the next attempt starts.
    const retry = outcome.status === "FAILED" && entry.attempt <= task.maxRetries;
    const changed = await db().task.updateMany({
      where: this.own(entry),
      data: {
        ...this.tails(entry),
        exitCode: outcome.exitCode,
        failureReason: outcome.failureReason,
        heartbeatAt: null,
        ...(retry ? { status: "QUEUED", workerId: null, sessionId: null } : { status: outcome.status, finishedAt: new Date() }),
      },
    });
    if (changed.count === 0) return;
    const status = retry ? "QUEUED" : outcome.status;
    publish(workspaceRoom(task.workspaceId), "task:changed", { workspaceId: task.workspaceId, taskId: task.id, status });
    if (retry) for (const worker of localWorkers()) worker.announce(task.id, task.priority);
  }
}
