// Fair limits between users (issue 12 item 9): one person, or one leaked key, cannot take a shared
// instance's containers, task slots or search CPU from everyone else. Real PostgreSQL, real Docker
// (image atrium/test:busybox), a real task worker in this process, real REST route handlers.
// Each case fails when its defence is removed:
//   - per-user session cap (sessions.ts createWithinUserCap): more sessions start than the cap;
//   - per-user task cap (tasks/service.ts createWithinUserCap): more tasks are queued than the cap;
//   - fair claim (tasks/claim.ts): user B's task waits behind user A's long critical tasks;
//   - re2js (files/grep-match.ts, regex-worker.ts): (a+)+$ runs to the deadline instead of finishing;
//   - per-user grep cap (limits/user-caps.ts takeGrepSlot): a third concurrent grep runs.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET, POST } from "~/app/api/v1/[...path]/route";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { configureUserCaps, grepsInFlight, userCaps } from "~/server/limits/user-caps";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { taskLimitsFromEnv } from "~/server/tasks/start";
import { TaskWorker } from "~/server/tasks/worker";
import { callerAs, failure, lastAudit, makeKey, makeUser } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const INSTANCE = `fairness-adv-${process.pid}`;
const UNTIL = { timeout: 60_000, interval: 100 };
const DEFAULT_CAPS = { ...userCaps() };

type Caller = Awaited<ReturnType<typeof callerAs>>;
interface Person {
  user: ActorUser;
  as: Caller;
}

async function person(): Promise<Person> {
  const user = await makeUser();
  return { user, as: await callerAs(user) };
}

async function workspaceOf(p: Person): Promise<{ id: string; rootPath: string }> {
  const ws = await p.as.workspaces.create({ name: `Fair ${Math.random().toString(36).slice(2, 10)}`, template: "empty" });
  return { id: ws.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).rootPath };
}

/** What a rejected tRPC call carried: its tRPC code and the AppError's code and reason. */
function refusal(error: unknown): { code?: string; appCode?: string; reason?: string } {
  const e = error as { code?: string; cause?: unknown };
  const app = isAppError(error) ? error : isAppError(e.cause) ? e.cause : undefined;
  return { code: e.code, appCode: app?.code, reason: app?.reason };
}

async function rest(method: "GET" | "POST", url: string, key: string, body?: unknown): Promise<{ status: number; body: { error?: { code: string; reason?: string; message: string } } }> {
  const headers = new Headers({ authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  const res = await (method === "GET" ? GET : POST)(new Request(`http://atrium.test/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  return { status: res.status, body: (await res.json()) as { error?: { code: string; reason?: string; message: string } } };
}

describe.skipIf(!hasDocker)("fair limits between users", () => {
  const people: Person[] = [];
  const workers: TaskWorker[] = [];

  beforeAll(() => {
    // Tasks and sessions here need no network; a sandbox without one also starts where Docker's bridge is unavailable.
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE, presets: { default: { network: false } } }));
  });

  afterEach(async () => {
    configureUserCaps(DEFAULT_CAPS);
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    const ids = people.map((p) => p.user.id);
    await db().task.updateMany({ where: { userId: { in: ids }, status: "QUEUED" }, data: { status: "CANCELLED", finishedAt: new Date() } });
    const live = await db().sandboxSession.findMany({ where: { userId: { in: ids }, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(live.map((s) => stopSessionById(s.id, "test_cleanup")));
  });

  async function newPerson(): Promise<Person> {
    const p = await person();
    people.push(p);
    return p;
  }

  it("caps a person's live sessions, even against many concurrent starts (429 on REST, audited)", async () => {
    configureUserCaps({ sessions: 2 });
    const a = await newPerson();
    const [w1, w2] = await Promise.all([workspaceOf(a), workspaceOf(a)]);
    // Eight starts at once over two workspaces: the count and the insert are one atomic step per user.
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => a.as.sandbox.sessions.create({ workspaceId: (i % 2 ? w1 : w2).id })));
    const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(started).toHaveLength(2);
    for (const r of results) {
      if (r.status === "rejected") expect(refusal(r.reason)).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "LIMIT_EXCEEDED", reason: "user_session_limit" });
    }
    expect(await db().sandboxSession.count({ where: { userId: a.user.id, status: { in: ["STARTING", "RUNNING"] } } })).toBe(2);
    expect(await lastAudit({ actorUserId: a.user.id, reason: "user_session_limit" })).toMatchObject({ action: "sandbox.sessions.create", outcome: "DENIED" });

    // The same refusal over REST is a 429 that says what to do.
    const key = await makeKey(a.user, { scopes: ["read", "write", "exec"] });
    const over = await rest("POST", `/workspaces/${w1.id}/sessions`, key, {});
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "user_session_limit" });
    expect(over.body.error?.message).toMatch(/Stop a session/);

    // Someone else is not affected; and stopping one of A's sessions makes room for A again.
    const b = await newPerson();
    const wb = await workspaceOf(b);
    await b.as.sandbox.sessions.create({ workspaceId: wb.id });
    await a.as.sandbox.sessions.stop({ workspaceId: started[0]!.workspaceId, sessionId: started[0]!.id });
    await a.as.sandbox.sessions.create({ workspaceId: w1.id });
  });

  it("caps a person's queued and running tasks over every workspace, against concurrent submits (429 on REST)", async () => {
    configureUserCaps({ queuedTasks: 3 });
    const a = await newPerson();
    const [w1, w2] = await Promise.all([workspaceOf(a), workspaceOf(a)]);
    // No worker claims these workspaces: the tasks stay queued.
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => a.as.tasks.submit({ workspaceId: (i % 2 ? w1 : w2).id, command: "true" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.find((r) => r.status === "rejected");
    expect(refusal(refused?.reason)).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "LIMIT_EXCEEDED", reason: "user_task_limit" });
    expect(await db().task.count({ where: { userId: a.user.id, status: { in: ["QUEUED", "RUNNING"] } } })).toBe(3);
    expect(await lastAudit({ actorUserId: a.user.id, reason: "user_task_limit" })).toMatchObject({ action: "tasks.submit", outcome: "DENIED" });

    const key = await makeKey(a.user, { scopes: ["read", "write", "exec"] });
    const over = await rest("POST", `/workspaces/${w1.id}/tasks`, key, { command: "true" });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "user_task_limit" });

    // Cancelling one makes room.
    const first = results.find((r) => r.status === "fulfilled");
    if (first?.status !== "fulfilled") throw new Error("no task was queued");
    await a.as.tasks.cancel({ workspaceId: first.value.workspaceId, taskId: first.value.id });
    await a.as.tasks.submit({ workspaceId: w1.id, command: "true" });
  });

  /** A command that waits until the test creates `/workspace/<name>`. */
  const gated = (name: string) => `echo waiting; while [ ! -e /workspace/${name} ]; do sleep 0.1; done; echo done`;
  const open = (ws: { rootPath: string }, name: string) => writeFile(path.join(ws.rootPath, name), "go\n");
  const row = (id: string) => db().task.findUniqueOrThrow({ where: { id } });
  async function until(id: string, check: (t: Awaited<ReturnType<typeof row>>) => boolean, what: string) {
    return vi.waitFor(async () => {
      const t = await row(id);
      if (!check(t)) throw new Error(`task ${id} is ${t.status}, waiting for ${what}`);
      return t;
    }, UNTIL);
  }

  it("starts another person's task promptly while one person's long critical tasks fill three workspaces (default limits)", async () => {
    const a = await newPerson();
    const b = await newPerson();
    const wa = await Promise.all([workspaceOf(a), workspaceOf(a), workspaceOf(a)]);
    const wb = await workspaceOf(b);
    // The server's own limits from the environment (defaults: 3 slots, 1 per workspace, 2 per person).
    const limits = taskLimitsFromEnv();
    expect(limits).toMatchObject({ concurrency: 3, perUser: 2 });
    const worker = new TaskWorker({ ...limits, onlyWorkspaces: [...wa.map((w) => w.id), wb.id], useQueue: false, pollMs: 200, flushMs: 200, log: () => undefined });
    await worker.start();
    workers.push(worker);

    const long: { id: string }[] = [];
    for (const [i, ws] of wa.entries()) long.push(await a.as.tasks.submit({ workspaceId: ws.id, command: gated(`go-${i}`), priority: "critical" }));
    await vi.waitFor(async () => {
      const running = await db().task.count({ where: { id: { in: long.map((t) => t.id) }, status: "RUNNING" } });
      if (running < 2) throw new Error(`${running} of A's tasks running`);
    }, UNTIL);
    const theirs = await b.as.tasks.submit({ workspaceId: wb.id, command: "echo fair", priority: "normal" });
    const done = await until(theirs.id, (t) => t.status === "COMPLETED", "B's task to complete while A's still run");
    expect(done.stdoutTail.trim()).toBe("fair");
    // A's long tasks are all still there: two running, the third waiting for A's own slot.
    const statuses = await Promise.all(long.map(async (t) => (await row(t.id)).status));
    expect(statuses.filter((s) => s === "RUNNING")).toHaveLength(2);
    expect(statuses.filter((s) => s === "QUEUED")).toHaveLength(1);

    for (const [i, ws] of wa.entries()) await open(ws, `go-${i}`);
    for (const t of long) expect((await until(t.id, (r) => r.status === "COMPLETED", "A's task to complete")).status).toBe("COMPLETED");
  });

  it("gives a free slot to the person with the fewest running tasks before priority", async () => {
    const a = await newPerson();
    const b = await newPerson();
    const c = await newPerson();
    const [a1ws, a2ws, bws, cws] = await Promise.all([workspaceOf(a), workspaceOf(a), workspaceOf(b), workspaceOf(c)]);
    const worker = new TaskWorker({ concurrency: 2, perWorkspace: 1, perUser: 2, onlyWorkspaces: [a1ws.id, a2ws.id, bws.id, cws.id], useQueue: false, pollMs: 200, flushMs: 200, log: () => undefined });
    await worker.start();
    workers.push(worker);
    // Both slots busy: one of A's, one of C's.
    const a1 = await a.as.tasks.submit({ workspaceId: a1ws.id, command: gated("go-a1"), priority: "critical" });
    const c1 = await c.as.tasks.submit({ workspaceId: cws.id, command: gated("go-c1") });
    await until(a1.id, (t) => t.status === "RUNNING", "a1 to run");
    await until(c1.id, (t) => t.status === "RUNNING", "c1 to run");
    // A queues a critical task, B a low one; when C's slot frees, B (nothing running) goes first.
    const a2 = await a.as.tasks.submit({ workspaceId: a2ws.id, command: "echo a2", priority: "critical" });
    const b1 = await b.as.tasks.submit({ workspaceId: bws.id, command: gated("go-b1"), priority: "low" });
    await open(cws, "go-c1");
    await until(b1.id, (t) => t.status === "RUNNING", "b1 to take C's slot");
    expect((await row(a2.id)).status).toBe("QUEUED");
    await open(bws, "go-b1");
    await open(a1ws, "go-a1");
    const [ra2, rb1] = await Promise.all([until(a2.id, (t) => t.status === "COMPLETED", "a2"), until(b1.id, (t) => t.status === "COMPLETED", "b1")]);
    expect(rb1.startedAt!.getTime()).toBeLessThan(ra2.startedAt!.getTime());
  });

  it("finishes (a+)+$ over a pathological line at once, and refuses backreferences by name", async () => {
    const a = await newPerson();
    const ws = await workspaceOf(a);
    await writeFile(path.join(ws.rootPath, "evil.txt"), `${"a".repeat(9_000)}!\n${"a".repeat(5_000)}\n`);
    const started = Date.now();
    // The most time a caller may ask for: a backtracking engine would use all of it.
    const result = await a.as.files.grep({ workspaceId: ws.id, query: "(a+)+$", regex: true, caseSensitive: true, timeoutMs: 30_000 });
    const ms = Date.now() - started;
    console.log(`[fairness] grep (a+)+$ over a 9,000-character line took ${ms} ms`);
    expect(result).toMatchObject({ truncated: false, total: 1 });
    expect(result.matches[0]).toMatchObject({ file: "evil.txt", line: 2, column: 1 });
    expect(ms).toBeLessThan(10_000);

    expect(await failure(a.as.files.grep({ workspaceId: ws.id, query: "(a)\\1", regex: true }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "unsupported_regex" });
    expect(await failure(a.as.files.grep({ workspaceId: ws.id, query: "a(?=!)", regex: true }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "unsupported_regex", message: expect.stringContaining("lookahead") as string });
  });

  it("caps a person's concurrent greps (429 on REST, audited), without touching anyone else's", async () => {
    configureUserCaps({ greps: 2 });
    const a = await newPerson();
    const b = await newPerson();
    const ws = await workspaceOf(a);
    await a.as.members.invite({ workspaceId: ws.id, email: b.user.email, role: "viewer" });
    // Linear but slow (about 10 s of CPU per file, more on a busy machine): each of these greps
    // runs until its deadline, well after the checks below.
    const big = `${"ab".repeat(5000)}\n`.repeat(2000);
    await Promise.all(["big-1.txt", "big-2.txt"].map((name) => writeFile(path.join(ws.rootPath, name), big)));
    const slow = { workspaceId: ws.id, query: "(?<=[ab])[ab]{20}[^ab]", regex: true, caseSensitive: true, maxFileBytes: 20 * 1024 * 1024, timeoutMs: 12_000 };
    const running = [a.as.files.grep(slow), a.as.files.grep(slow)];
    await vi.waitFor(() => expect(grepsInFlight(a.user.id)).toBe(2), UNTIL);

    expect(await failure(a.as.files.grep({ workspaceId: ws.id, query: "ab" }))).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "LIMIT_EXCEEDED", reason: "user_grep_limit" });
    const key = await makeKey(a.user, { scopes: ["read"] });
    const over = await rest("GET", `/workspaces/${ws.id}/files/grep?pattern=ab`, key);
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "user_grep_limit" });
    expect(await lastAudit({ actorUserId: a.user.id, reason: "user_grep_limit" })).toMatchObject({ action: "files.grep", outcome: "DENIED" });
    // B searches the same workspace meanwhile.
    expect((await b.as.files.grep({ workspaceId: ws.id, query: "abab", maxFileBytes: 20 * 1024 * 1024, maxResults: 1 })).total).toBe(1);

    for (const r of await Promise.all(running)) expect(r).toMatchObject({ truncated: true, truncatedReason: "timeout" });
    // Slots come back when searches end, however they end.
    expect(grepsInFlight(a.user.id)).toBe(0);
    expect((await a.as.files.grep({ workspaceId: ws.id, query: "abab", maxFileBytes: 20 * 1024 * 1024, maxResults: 1 })).total).toBe(1);
  });
});
