// Background tasks end to end, with real Postgres and real Docker: priorities, per-workspace
// concurrency across two workers, cancel, timeout, bounded output, retries, and a worker process
// SIGKILLed mid-task. Ordering is asserted from the rows' timestamps and states, never from sleeps.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { runtime } from "~/server/runtime";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, failure, lastAudit } from "~/test/actors";
import { recoverLostTasks } from "./recovery";
import { TAIL_BYTES } from "./output-tail";
import type { TaskView } from "./schemas";
import { TaskWorker, type TaskWorkerOptions } from "./worker";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const INSTANCE = `tasks-test-${process.pid}`;
const UNTIL = { timeout: 90_000, interval: 100 };

describe.skipIf(!hasDocker)("background tasks", () => {
  let team: Team;
  let editor: Awaited<ReturnType<typeof callerAs>>;
  const workers: TaskWorker[] = [];

  beforeAll(async () => {
    // Tasks here need no network; a sandbox without one also starts where Docker's bridge is unavailable.
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE, presets: { default: { network: false } } }));
    team = await makeTeam();
    editor = await callerAs(team.editor);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    const { stopSessionById } = await import("~/server/sandbox/sessions");
    const live = await db().sandboxSession.findMany({ where: { status: { in: ["STARTING", "RUNNING"] }, workspace: { memberships: { some: { userId: team.editor.id } } } }, select: { id: true } });
    await Promise.all(live.map((s) => stopSessionById(s.id, "test_cleanup")));
  });

  async function workspace() {
    const ws = await teamWorkspace(team, { template: "empty" });
    return { id: ws.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).rootPath };
  }

  async function worker(workspaces: string[], options: Partial<TaskWorkerOptions> = {}): Promise<TaskWorker> {
    const w = new TaskWorker({ concurrency: 3, perWorkspace: 1, onlyWorkspaces: workspaces, pollMs: 200, flushMs: 200, log: () => undefined, ...options });
    await w.start();
    workers.push(w);
    return w;
  }

  const row = (id: string) => db().task.findUniqueOrThrow({ where: { id } });
  /** The task's sandbox session once it is RUNNING with a container. */
function runningSession(sessionId: string) {
  return vi.waitFor(async () => {
    const s = await db().sandboxSession.findUniqueOrThrow({ where: { id: sessionId } });
    if (s.status !== "RUNNING" || !s.containerId) throw new Error("session not running yet");
    return s;
  }, UNTIL);
}

async function until(id: string, check: (t: Awaited<ReturnType<typeof row>>) => boolean) {
    return vi.waitFor(async () => {
      const t = await row(id);
      if (!check(t)) throw new Error(`task ${id} is ${t.status}`);
      return t;
    }, UNTIL);
  }
  const ended = (id: string) => until(id, (t) => ["COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED"].includes(t.status));
  /** A command that waits until the test creates `/workspace/<name>`, then prints `name`. */
  const gated = (name: string) => `echo waiting-${name}; while [ ! -e /workspace/${name} ]; do sleep 0.1; done; echo ${name}`;
  const open = (ws: { rootPath: string }, name: string) => writeFile(path.join(ws.rootPath, name), "go\n");
  const submit = (workspaceId: string, input: Record<string, unknown>) => editor.tasks.submit({ workspaceId, ...input } as Parameters<typeof editor.tasks.submit>[0]);
  async function containerGone(containerId: string) {
    await vi.waitFor(async () => {
      const found = await docker().getContainer(containerId).inspect().then(() => true, () => false);
      if (found) throw new Error(`container ${containerId} still exists`);
    }, UNTIL);
  }

  it("runs higher priorities first (concurrency 1, one blocker running)", async () => {
    const ws = await workspace();
    await worker([ws.id], { concurrency: 1 });
    const blocker = await submit(ws.id, { command: gated("go-prio") });
    await until(blocker.id, (t) => t.status === "RUNNING");
    const submitted: TaskView[] = [];
    for (const priority of ["low", "normal", "high", "critical"]) submitted.push(await submit(ws.id, { command: `echo ${priority}`, priority }));
    await open(ws, "go-prio");
    const done = await Promise.all(submitted.map((t) => ended(t.id)));
    expect(done.map((t) => t.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    const order = [...done].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime()).map((t) => t.stdoutTail.trim());
    expect(order).toEqual(["critical", "high", "normal", "low"]);
    // Concurrency 1: each started only after the previous one (and the blocker) finished.
    const blockerRow = await row(blocker.id);
    const sorted = [blockerRow, ...[...done].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime())];
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(sorted[i - 1]!.finishedAt!.getTime());
  });

  it("holds one task per workspace across two workers while another workspace runs in parallel", async () => {
    const a = await workspace();
    const b = await workspace();
    await worker([a.id, b.id], { concurrency: 2 });
    await worker([a.id, b.id], { concurrency: 2 });
    const a1 = await submit(a.id, { command: gated("go-a1") });
    const a2 = await submit(a.id, { command: "echo a2" });
    const b1 = await submit(b.id, { command: gated("go-b1") });
    await until(a1.id, (t) => t.status === "RUNNING" && t.stdoutTail.includes("waiting-go-a1"));
    await until(b1.id, (t) => t.status === "RUNNING" && t.stdoutTail.includes("waiting-go-b1"));
    // Two workers with free slots, and still a's second task waits for a's first.
    expect((await row(a2.id)).status).toBe("QUEUED");
    await open(b, "go-b1");
    await ended(b1.id);
    expect((await row(a2.id)).status).toBe("QUEUED");
    await open(a, "go-a1");
    const [r1, r2, rb] = await Promise.all([ended(a1.id), ended(a2.id), row(b1.id)]);
    expect([r1.status, r2.status, rb.status]).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(r2.startedAt!.getTime()).toBeGreaterThanOrEqual(r1.finishedAt!.getTime());
    // a1 and b1 overlapped.
    expect(rb.startedAt!.getTime()).toBeLessThan(r1.finishedAt!.getTime());
    expect(r1.startedAt!.getTime()).toBeLessThan(rb.finishedAt!.getTime());
  });

  it("keeps the output durable while running and bounded at 1 MiB per stream with exact totals", async () => {
    const ws = await workspace();
    await worker([ws.id]);
    const live = await submit(ws.id, { command: gated("go-out") });
    const running = await until(live.id, (t) => t.status === "RUNNING" && t.stdoutTail.includes("waiting-go-out"));
    expect(running.finishedAt).toBeNull();
    await open(ws, "go-out");
    await ended(live.id);

    const big = await submit(ws.id, { command: "head -c 3000000 /dev/zero | tr '\\0' a; echo; echo done; echo oops >&2" });
    const t = await ended(big.id);
    expect(t.status).toBe("COMPLETED");
    expect(Number(t.stdoutBytes)).toBe(3_000_000 + 1 + 5);
    expect(Buffer.byteLength(t.stdoutTail)).toBe(TAIL_BYTES);
    expect(t.stdoutTail.endsWith("aaa\ndone\n")).toBe(true);
    expect(t.stderrTail).toBe("oops\n");
    expect(Number(t.stderrBytes)).toBe(5);
    const got = await editor.tasks.get({ workspaceId: ws.id, taskId: big.id });
    expect(got).toMatchObject({ status: "COMPLETED", exitCode: 0, stdoutBytes: 3_000_006, stderrTail: "oops\n" });
  });

  it("cancels a queued task without running it, and a running one by removing its container", async () => {
    const ws = await workspace();
    const queued = await submit(ws.id, { command: "echo never" });
    const cancelled = await editor.tasks.cancel({ workspaceId: ws.id, taskId: queued.id });
    expect(cancelled).toMatchObject({ status: "CANCELLED", attempt: 0, startedAt: null });
    expect(await failure(editor.tasks.cancel({ workspaceId: ws.id, taskId: queued.id }))).toMatchObject({ code: "CONFLICT", reason: "task_finished" });

    await worker([ws.id]);
    const long = await submit(ws.id, { command: "sleep 300" });
    const running = await until(long.id, (t) => t.status === "RUNNING" && t.sessionId !== null);
    const session = await runningSession(running.sessionId!);
    // The session is the task's: listed with its id (the terminal panel leaves it out), and a plain exec never picks it.
    const listed = await editor.sandbox.sessions.list({ workspaceId: ws.id });
    expect(listed.find((s) => s.id === session.id)?.taskId).toBe(long.id);
    const plain = await editor.sandbox.exec({ workspaceId: ws.id, command: ["true"], preset: running.preset });
    expect(plain.sessionId).not.toBe(session.id);
    await editor.tasks.cancel({ workspaceId: ws.id, taskId: long.id });
    const after = await row(long.id);
    expect(after.status).toBe("CANCELLED");
    expect(after.finishedAt).not.toBeNull();
    await containerGone(session.containerId!);
    expect((await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("STOPPED");
    // The worker's slot frees up: a next task still runs.
    const next = await submit(ws.id, { command: "echo after-cancel" });
    expect((await ended(next.id)).stdoutTail).toBe("after-cancel\n");
  });

  it("times out: kills the process tree, marks TIMED_OUT and removes the container", async () => {
    const ws = await workspace();
    await worker([ws.id]);
    const t = await submit(ws.id, { command: "sleep 300 & sleep 301; wait", timeoutMs: 1500 });
    const running = await until(t.id, (r) => r.status === "RUNNING" && r.sessionId !== null);
    const done = await ended(t.id);
    expect(done).toMatchObject({ status: "TIMED_OUT", failureReason: "timeout" });
    const session = await vi.waitFor(async () => {
      const s = await db().sandboxSession.findUniqueOrThrow({ where: { id: running.sessionId! } });
      if (s.status !== "STOPPED") throw new Error("session still live");
      return s;
    }, UNTIL);
    await containerGone(session.containerId!);
  });

  it("retries failures: re-queues until an attempt succeeds or retries run out", async () => {
    const ws = await workspace();
    await worker([ws.id]);
    const flaky = await submit(ws.id, { command: "if [ -e flaky-marker ]; then echo second-time-lucky; else touch flaky-marker; echo first >&2; exit 1; fi", maxRetries: 2 });
    expect(await ended(flaky.id)).toMatchObject({ status: "COMPLETED", attempt: 2, exitCode: 0, stdoutTail: "second-time-lucky\n", failureReason: null });
    const broken = await submit(ws.id, { command: "exit 3", maxRetries: 2 });
    expect(await ended(broken.id)).toMatchObject({ status: "FAILED", attempt: 3, exitCode: 3, failureReason: "exit_code" });
  });

  it("after a SIGKILL of the worker process, its tasks fail `worker_lost` (or re-queue) and no container is left", async () => {
    const a = await workspace();
    const b = await workspace();
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/server/tasks/test-worker-process.ts", JSON.stringify({ databaseUrl: runtime().databaseUrl, dataDir: env().dataDir, image: TEST_IMAGE, instanceId: INSTANCE, workspaces: [a.id, b.id] })], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const workerId = await new Promise<string>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`worker process exited early (${code})`)));
        createInterface({ input: child.stdout! }).on("line", (line) => {
          if (line.startsWith("ready ")) resolve(line.slice("ready ".length));
        });
      });
      const once = await submit(a.id, { command: "sleep 300", maxRetries: 0 });
      const twice = await submit(b.id, { command: "sleep 300", maxRetries: 1 });
      const rows = await Promise.all([once, twice].map((t) => until(t.id, (r) => r.status === "RUNNING" && r.workerId === workerId && r.sessionId !== null)));
      const containers = await Promise.all(
        rows.map((r) =>
          vi.waitFor(async () => {
            const s = await db().sandboxSession.findUniqueOrThrow({ where: { id: r.sessionId! } });
            if (s.status !== "RUNNING" || !s.containerId) throw new Error("session not running yet");
            return s.containerId;
          }, UNTIL),
        ),
      );
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));

      // What a restarted server (or a live peer) runs; PostgreSQL frees the dead worker's lock as soon as it sees the connection drop.
      await vi.waitFor(async () => {
        await recoverLostTasks();
        if ((await row(once.id)).status === "RUNNING") throw new Error("not recovered yet");
      }, UNTIL);
      expect(await row(once.id)).toMatchObject({ status: "FAILED", failureReason: "worker_lost" });
      expect(await row(twice.id)).toMatchObject({ status: "QUEUED", failureReason: "worker_lost", attempt: 1, workerId: null });
      for (const id of containers) await containerGone(id);
      await editor.tasks.cancel({ workspaceId: b.id, taskId: twice.id });
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 180_000);

  it("on shutdown, a task that finishes within the grace completes; one that outlives it is re-queued, not failed, and its container removed", async () => {
    const quick = await workspace();
    const slow = await workspace();
    const w = await worker([quick.id, slow.id]);
    // maxRetries 0: a crash would fail it (`worker_lost`); a shutdown must not.
    const short = await submit(quick.id, { command: gated("short"), maxRetries: 0 });
    const long = await submit(slow.id, { command: "sleep 300", maxRetries: 0 });
    await until(short.id, (t) => t.status === "RUNNING" && t.stdoutTail.includes("waiting-short"));
    const running = await until(long.id, (t) => t.status === "RUNNING" && t.sessionId !== null);
    const session = await runningSession(running.sessionId!);
    const later = await submit(quick.id, { command: "echo later" });
    w.stopClaiming();
    const stopping = w.stop({ graceMs: 3000 });
    await open(quick, "short");
    expect(await stopping).toEqual([long.id]);
    expect(await row(short.id)).toMatchObject({ status: "COMPLETED", exitCode: 0 });
    expect(await row(long.id)).toMatchObject({ status: "QUEUED", failureReason: "server_shutdown", attempt: 0, workerId: null, sessionId: null });
    // Claiming stopped when draining began: the task queued after it waits for the next worker.
    expect(await row(later.id)).toMatchObject({ status: "QUEUED", attempt: 0 });
    await containerGone(session.containerId!);
    expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "STOPPED" });
    // The next worker (another replica, or this server restarted) runs it again as its first attempt.
    await worker([slow.id]);
    expect(await until(long.id, (t) => t.status === "RUNNING")).toMatchObject({ attempt: 1 });
    await editor.tasks.cancel({ workspaceId: slow.id, taskId: long.id });
    await editor.tasks.cancel({ workspaceId: quick.id, taskId: later.id });
  }, 180_000);

  it("lists with a status filter and a cursor; viewers read, but may not submit or cancel", async () => {
    const ws = await workspace();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(ws.id, { command: `echo ${i}` })).id);
    const first = await editor.tasks.list({ workspaceId: ws.id, limit: 2, status: ["QUEUED"] });
    expect(first.items.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    const second = await editor.tasks.list({ workspaceId: ws.id, limit: 2, cursor: first.nextCursor!, status: ["QUEUED"] });
    expect(second).toMatchObject({ items: [{ id: ids[0], submittedBy: { id: team.editor.id } }], nextCursor: null });
    const viewer = await callerAs(team.viewer);
    expect((await viewer.tasks.get({ workspaceId: ws.id, taskId: ids[0]! })).command).toBe("echo 0");
    expect(await failure(viewer.tasks.submit({ workspaceId: ws.id, command: "echo no" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    expect(await failure(viewer.tasks.cancel({ workspaceId: ws.id, taskId: ids[0]! }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    for (const id of ids.slice(1)) await editor.tasks.cancel({ workspaceId: ws.id, taskId: id });
    // A submitter who is now a viewer may still cancel their own task.
    await db().membership.updateMany({ where: { workspaceId: ws.id, userId: team.editor.id }, data: { role: "VIEWER" } });
    expect(await (await callerAs(team.editor)).tasks.cancel({ workspaceId: ws.id, taskId: ids[0]! })).toMatchObject({ status: "CANCELLED" });
    expect(await lastAudit({ actorUserId: team.viewer.id, action: "tasks.cancel" })).toMatchObject({ outcome: "DENIED", reason: "role_required" });
  });
});
