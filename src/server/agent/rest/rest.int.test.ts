// /api/v1 through the real Next route handlers with real API keys, Postgres and (when present)
// Docker: shapes as plain JSON, errors with codes and statuses, audit of denials, the per-key rate
// limit, streaming upload/download, and a structurally valid OpenAPI document. Every response any
// test here receives is checked against that document (status, Content-Type, body), so the
// document stays the contract: a mismatch fails the test that got it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE, GET, PATCH, POST, PUT } from "~/app/api/v1/[...path]/route";
import { env } from "~/env";
import type { Scope } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { FILE_LIMITS } from "~/server/files/limits";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { requireDocker } from "~/server/sandbox/test-docker";
import { lastAudit, makeKey, makeUser } from "~/test/actors";
import { createResponseValidator } from "~/test/openapi-validate";
import { openApiDocument } from "./openapi";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const handlers = { GET, POST, PUT, PATCH, DELETE } as const;
type Method = keyof typeof handlers;

interface Call {
  key?: string | null;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  /** For a route the document does not have (the test is about that): checks it is indeed absent. */
  undocumented?: boolean;
}

const conforms = createResponseValidator(openApiDocument());

async function call(method: Method, path: string, options: Call = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const url = `http://atrium.test/api/v1${path}`;
  const res = await handlers[method](new Request(url, { method, headers, body }));
  const problems = conforms({ method, url, status: res.status, contentType: res.headers.get("content-type"), body: await res.clone().text() });
  if (options.undocumented) expect(problems).toEqual([expect.stringMatching(/no such operation in the document/)]);
  else expect(problems, `the response does not match /api/v1/openapi.json`).toEqual([]);
  return res;
}

async function json<T = Record<string, unknown>>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

interface ErrorBody {
  error: { code: string; message: string; reason?: string; details?: { fieldErrors?: Record<string, string[]> } };
}

interface Workspace {
  id: string;
  name: string;
  description: string;
  metadata: Record<string, unknown>;
  quotaBytes: number;
  createdAt: string;
  role: string;
}

const ALL: Scope[] = ["read", "write", "exec"];
let owner: Awaited<ReturnType<typeof makeUser>>;
let key: string;

beforeAll(async () => {
  configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, allowedImages: [], dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `rest-test-${process.pid}` }));
  owner = await makeUser();
  key = await makeKey(owner, { scopes: ALL });
});

afterAll(async () => {
  const rows = await db().sandboxSession.findMany({ where: { userId: owner.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
  const { stopSessionById } = await import("~/server/sandbox/sessions");
  await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
});

async function createWorkspace(name: string, extra: Record<string, unknown> = {}): Promise<Workspace> {
  return json<Workspace>(await call("POST", "/workspaces", { key, body: { name, ...extra } }));
}

describe("workspaces", () => {
  it("creates, lists (with filters), gets, patches and deletes, in plain JSON", async () => {
    const ws = await createWorkspace(`REST one ${Date.now()}`, { description: "via REST", metadata: { team: "agents", tier: 2 } });
    expect(ws).toMatchObject({ description: "via REST", metadata: { team: "agents", tier: 2 }, role: "owner" });
    expect(typeof ws.quotaBytes).toBe("number");
    expect(ws.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    const listed = await json<{ items: Workspace[]; nextCursor: string | null }>(await call("GET", "/workspaces", { key }));
    expect(listed.items.map((w) => w.id)).toContain(ws.id);
    const filtered = await json<{ items: Workspace[] }>(await call("GET", "/workspaces?metadata.team=agents&metadata.tier=2", { key }));
    expect(filtered.items.map((w) => w.id)).toEqual([ws.id]);
    const none = await json<{ items: Workspace[] }>(await call("GET", '/workspaces?metadata.tier="2"', { key }));
    expect(none.items).toEqual([]);

    expect(await json<Workspace>(await call("GET", `/workspaces/${ws.id}`, { key }))).toMatchObject({ id: ws.id, name: ws.name });
    const patched = await json<Workspace>(await call("PATCH", `/workspaces/${ws.id}`, { key, body: { name: `${ws.name} renamed` } }));
    expect(patched.name).toBe(`${ws.name} renamed`);

    const deleted = await json(await call("DELETE", `/workspaces/${ws.id}`, { key }));
    expect(deleted).toMatchObject({ deleted: true, filesKept: true });
    expect(typeof deleted.path).toBe("string");
    const gone = await json<ErrorBody>(await call("GET", `/workspaces/${ws.id}`, { key }), 404);
    expect(gone.error.code).toBe("NOT_FOUND");
  });

  it("archives and unarchives", async () => {
    const ws = await createWorkspace(`REST archive ${Date.now()}`, { template: "node" });
    // As generated clients send them: no body and no Content-Type (the document gives archive no body).
    expect(await json<Workspace>(await call("POST", `/workspaces/${ws.id}/archive`, { key }))).toMatchObject({ id: ws.id, status: "ARCHIVED" });
    const restored = await json<Workspace>(await call("POST", `/workspaces/${ws.id}/unarchive`, { key, headers: { "content-type": "application/json" } }));
    expect(restored).toMatchObject({ id: ws.id, status: "ACTIVE" });
    expect(await json<Workspace>(await call("POST", `/workspaces/${ws.id}/archive`, { key, body: {} }))).toMatchObject({ status: "ARCHIVED" });
    expect(await json<Workspace>(await call("POST", `/workspaces/${ws.id}/unarchive`, { key, rawBody: "", headers: { "content-type": "application/json" } }))).toMatchObject({ status: "ACTIVE" });
  });

  it("reads boolean query parameters strictly: true or false, anything else is a 400", async () => {
    const ws = await createWorkspace(`REST booleans ${Date.now()}`);
    await json(await call("POST", `/workspaces/${ws.id}/archive`, { key }));
    const withArchived = await json<{ items: Workspace[] }>(await call("GET", "/workspaces?archived=true&scope=mine&limit=100", { key }));
    expect(withArchived.items.map((w) => w.id)).toContain(ws.id);
    const without = await json<{ items: Workspace[] }>(await call("GET", "/workspaces?archived=false&scope=mine&limit=100", { key }));
    expect(without.items.map((w) => w.id)).not.toContain(ws.id);
    for (const value of ["1", "yes", "TRUE", ""]) {
      const refused = await json<ErrorBody>(await call("GET", `/workspaces?archived=${value}`, { key }), 400);
      expect(refused.error.details?.fieldErrors?.archived, `archived=${value}`).toBeDefined();
    }
  });
});

describe("files", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace(`REST files ${Date.now()}`);
  });

  it("writes and reads text and binary content, lists, greps, moves, copies and deletes", async () => {
    const written = await json(await call("PUT", `/workspaces/${ws.id}/files/content`, { key, body: { path: "src/hello.py", content: 'print("hello from REST")\n' } }));
    expect(written).toMatchObject({ path: "src/hello.py", size: 25, created: true });
    const read = await json(await call("GET", `/workspaces/${ws.id}/files/content?path=src/hello.py`, { key }));
    expect(read).toMatchObject({ path: "src/hello.py", name: "hello.py", content: 'print("hello from REST")\n', encoding: "utf8", language: "python", version: written.version });
    expect(typeof read.mimeType).toBe("string");

    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await json(await call("PUT", `/workspaces/${ws.id}/files/content`, { key, body: { path: "bin/data.bin", content: bytes.toString("base64"), encoding: "base64" } }));
    const binary = await json<{ content: string; encoding: string }>(await call("GET", `/workspaces/${ws.id}/files/content?path=bin/data.bin&encoding=base64`, { key }));
    expect(binary.encoding).toBe("base64");
    expect(Buffer.from(binary.content, "base64")).toEqual(bytes);

    const stale = await json<ErrorBody>(await call("PUT", `/workspaces/${ws.id}/files/content`, { key, body: { path: "src/hello.py", content: "x", ifMatch: "stale" } }), 409);
    expect(stale.error).toMatchObject({ code: "CONFLICT", reason: "version_conflict" });

    const list = await json<{ entries: { name: string; type: string }[] }>(await call("GET", `/workspaces/${ws.id}/files?path=src`, { key }));
    expect(list.entries.map((e) => [e.name, e.type])).toEqual([["hello.py", "file"]]);

    const grep = await json<{ matches: { file: string; line: number; content: string }[]; total: number; truncated: boolean }>(
      await call("GET", `/workspaces/${ws.id}/files/grep?pattern=${encodeURIComponent("HELLO from")}&include=**/*.py`, { key }),
    );
    expect(grep).toMatchObject({ total: 1, truncated: false, matches: [{ file: "src/hello.py", line: 1 }] });
    const regex = await json<{ total: number }>(await call("GET", `/workspaces/${ws.id}/files/grep?pattern=${encodeURIComponent("^nothing$")}&regex=true`, { key }));
    expect(regex.total).toBe(0);

    expect(await json(await call("POST", `/workspaces/${ws.id}/files/mkdir`, { key, body: { path: "docs/a" } }))).toMatchObject({ path: "docs/a" });
    expect(await json(await call("POST", `/workspaces/${ws.id}/files/copy`, { key, body: { from: "src/hello.py", to: "docs/a/copy.py" } }))).toMatchObject({ path: "docs/a/copy.py" });
    expect(await json(await call("POST", `/workspaces/${ws.id}/files/move`, { key, body: { from: "docs/a/copy.py", to: "docs/moved.py" } }))).toMatchObject({ path: "docs/moved.py" });
    // `recursive=false` must stay false (naive query coercion would read it as true).
    const notEmpty = await call("DELETE", `/workspaces/${ws.id}/files?path=docs&recursive=false`, { key });
    expect(notEmpty.status).toBeGreaterThanOrEqual(400);
    expect(await json(await call("DELETE", `/workspaces/${ws.id}/files?path=docs&recursive=true`, { key }))).toMatchObject({ path: "docs", type: "directory" });
  });

  it("uploads (multipart) and downloads through /api/v1", async () => {
    const form = new FormData();
    form.append("files", new Blob(["uploaded ✓\n"]), "notes/up.txt");
    const up = await json<{ uploaded: { path: string; size: number }[] }>(await call("POST", `/workspaces/${ws.id}/files/upload?dir=in`, { key, rawBody: form }), 201);
    expect(up.uploaded.map((u) => u.path)).toEqual(["in/notes/up.txt"]);
    const down = await call("GET", `/workspaces/${ws.id}/files/download?path=in/notes/up.txt`, { key });
    expect(down.status).toBe(200);
    expect(await down.text()).toBe("uploaded ✓\n");
    // Documented: without `path`, the whole workspace as .tar.gz.
    const whole = await call("GET", `/workspaces/${ws.id}/files/download`, { key });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("application/gzip");
    const { gunzipSync } = await import("node:zlib");
    expect(gunzipSync(Buffer.from(await whole.arrayBuffer())).toString("latin1")).toContain("in/notes/up.txt");
  });
});

describe("snapshots", () => {
  interface Snapshot {
    id: string;
    workspaceId: string;
    label: string;
    kind: string;
    sizeBytes: number;
    createdAt: string;
  }
  const write = (wsId: string, content: string) => call("PUT", `/workspaces/${wsId}/files/content`, { key, body: { path: "app.txt", content } });

  it("creates, lists, downloads and restores (round trip), in plain JSON", async () => {
    const ws = await createWorkspace(`REST snapshots ${Date.now()}`);
    await json(await write(ws.id, "original\n"));
    const snap = await json<Snapshot>(await call("POST", `/workspaces/${ws.id}/snapshots`, { key, body: { label: "before", keep: true } }));
    expect(snap).toMatchObject({ workspaceId: ws.id, label: "before", kind: "MANUAL", keep: true });
    expect(typeof snap.sizeBytes).toBe("number");
    expect(snap.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const listed = await json<{ items: Snapshot[] }>(await call("GET", `/workspaces/${ws.id}/snapshots`, { key }));
    expect(listed.items.map((s) => s.id)).toEqual([snap.id]);

    const down = await call("GET", `/workspaces/${ws.id}/snapshots/${snap.id}/download`, { key });
    expect(down.status).toBe(200);
    expect(down.headers.get("content-type")).toBe("application/gzip");
    expect((await down.arrayBuffer()).byteLength).toBe(snap.sizeBytes);

    await json(await write(ws.id, "changed\n"));
    // As a generated client sends it: no body, no Content-Type.
    const restored = await json<{ restored: Snapshot; preRestore: Snapshot; usageBytes: number }>(await call("POST", `/snapshots/${snap.id}/restore`, { key }));
    expect(restored.restored.id).toBe(snap.id);
    expect(restored.preRestore).toMatchObject({ workspaceId: ws.id, kind: "PRE_RESTORE" });
    expect(typeof restored.usageBytes).toBe("number");
    const read = await json<{ content: string }>(await call("GET", `/workspaces/${ws.id}/files/content?path=app.txt`, { key }));
    expect(read.content).toBe("original\n");
    // `Content-Type: application/json` with an empty body is no body too.
    const again = await json<{ restored: Snapshot }>(await call("POST", `/snapshots/${snap.id}/restore`, { key, rawBody: "", headers: { "content-type": "application/json" } }));
    expect(again.restored.id).toBe(snap.id);
  });

  it("exports, imports the export as a new workspace, and restores a snapshot into a new workspace", async () => {
    const ws = await createWorkspace(`REST export ${Date.now()}`);
    await json(await write(ws.id, "exported\n"));
    const exported = await call("GET", `/workspaces/${ws.id}/export`, { key });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("application/gzip");
    expect(exported.headers.get("x-atrium-operation-id")).toMatch(/^[0-9a-f-]{36}$/);
    const archive = new Uint8Array(await exported.arrayBuffer());

    const importedName = `REST imported ${Date.now()}`;
    const imported = await json<{ workspace: Workspace; manifest: boolean }>(
      await call("POST", `/workspaces/import?name=${encodeURIComponent(importedName)}`, { key, rawBody: archive, headers: { "content-type": "application/gzip" } }),
      201,
    );
    expect(imported).toMatchObject({ manifest: true, workspace: { name: importedName, role: "owner" } });
    expect(typeof imported.workspace.quotaBytes).toBe("number");
    const read = await json<{ content: string }>(await call("GET", `/workspaces/${imported.workspace.id}/files/content?path=app.txt`, { key }));
    expect(read.content).toBe("exported\n");

    const snap = await json<Snapshot>(await call("POST", `/workspaces/${ws.id}/snapshots`, { key, body: { label: "for a copy" } }));
    const copyName = `REST copy ${Date.now()}`;
    const copy = await json<{ workspace: Workspace; restored: Snapshot; operationId: string }>(await call("POST", `/snapshots/${snap.id}/restore-as-new`, { key, body: { name: copyName } }));
    expect(copy).toMatchObject({ workspace: { name: copyName, role: "owner" }, restored: { id: snap.id } });
    const copied = await json<{ content: string }>(await call("GET", `/workspaces/${copy.workspace.id}/files/content?path=app.txt`, { key }));
    expect(copied.content).toBe("exported\n");

    // A read-only key may export but not import.
    const readOnly = await makeKey(owner, { scopes: ["read"] });
    expect((await call("GET", `/workspaces/${ws.id}/export`, { key: readOnly })).status).toBe(200);
    const refused = await call("POST", `/workspaces/import?name=nope`, { key: readOnly, rawBody: archive });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).error.reason).toBe("missing_scope");
  });

  it("403 without the write scope; 404 for a missing snapshot or one the caller cannot reach", async () => {
    const ws = await createWorkspace(`REST snapshot scope ${Date.now()}`);
    const readOnly = await makeKey(owner, { scopes: ["read"] });
    const denied = await json<ErrorBody>(await call("POST", `/workspaces/${ws.id}/snapshots`, { key: readOnly, body: {} }), 403);
    expect(denied.error).toMatchObject({ code: "FORBIDDEN", reason: "missing_scope" });

    const snap = await json<Snapshot>(await call("POST", `/workspaces/${ws.id}/snapshots`, { key, body: {} }));
    const stranger = await makeKey(await makeUser(), { scopes: ALL });
    const hidden = await json<ErrorBody>(await call("POST", `/snapshots/${snap.id}/restore`, { key: stranger, body: {} }), 404);
    const missing = await json<ErrorBody>(await call("POST", "/snapshots/nope-nope/restore", { key, body: {} }), 404);
    expect(hidden.error).toEqual(missing.error);
    expect(missing.error).toMatchObject({ code: "NOT_FOUND", reason: "snapshot_not_found" });
  });
});

describe("errors", () => {
  it("401 for a missing or bad key, as JSON", async () => {
    expect((await json<ErrorBody>(await call("GET", "/workspaces"), 401)).error.code).toBe("UNAUTHORIZED");
    const bad = await json<ErrorBody>(await call("GET", "/workspaces", { key: "atr_notakey_0000000000000000000000" }), 401);
    expect(bad.error.code).toBe("UNAUTHORIZED");
    // upload/download refuse too, before streaming anything
    expect((await call("GET", "/workspaces/x/files/download?path=a", { key: "atr_bad" })).status).toBe(401);
  });

  it("403 for a missing scope, audited with channel API and the key id", async () => {
    const ws = await createWorkspace(`REST scope ${Date.now()}`);
    const readOnly = await makeKey(owner, { scopes: ["read"] });
    const denied = await json<ErrorBody>(await call("PUT", `/workspaces/${ws.id}/files/content`, { key: readOnly, body: { path: "a.txt", content: "x" } }), 403);
    expect(denied.error).toMatchObject({ code: "FORBIDDEN", reason: "missing_scope" });
    const keyRow = await db().apiKey.findFirstOrThrow({ where: { prefix: readOnly.slice(0, 12) } });
    const event = await lastAudit({ apiKeyId: keyRow.id, reason: "missing_scope" });
    expect(event).toMatchObject({ channel: "API", outcome: "DENIED", actorUserId: owner.id, apiKeyId: keyRow.id });
  });

  it("404 for an unknown workspace, route or session", async () => {
    expect((await json<ErrorBody>(await call("GET", "/workspaces/nope-nope/files?path=.", { key }), 404)).error.code).toBe("NOT_FOUND");
    expect((await json<ErrorBody>(await call("GET", "/no/such/route", { key, undocumented: true }), 404)).error.code).toBe("NOT_FOUND");
    expect((await json<ErrorBody>(await call("DELETE", "/sessions/nope", { key }), 404)).error.reason).toBe("session_not_found");
  });

  it("400 with field errors for an invalid body or bad JSON", async () => {
    const res = await json<ErrorBody>(await call("POST", "/workspaces", { key, body: { name: 42, template: "cobol" } }), 400);
    expect(res.error.code).toBe("INVALID_INPUT");
    expect(Object.keys(res.error.details?.fieldErrors ?? {})).toEqual(expect.arrayContaining(["name", "template"]));
    const broken = await json<ErrorBody>(await call("POST", "/workspaces", { key, rawBody: "{nope", headers: { "content-type": "application/json" } }), 400);
    expect(broken.error.code).toBe("INVALID_INPUT");
  });

  it("415 for a body that is not JSON; 400 for limits the schemas state (timeouts), as documented", async () => {
    const ws = await createWorkspace(`REST limits ${Date.now()}`);
    const text = await json<ErrorBody>(await call("POST", `/workspaces/${ws.id}/files/mkdir`, { key, rawBody: "path=a", headers: { "content-type": "text/plain" } }), 415);
    expect(text.error.code).toBe("INVALID_INPUT");
    const exec = await json<ErrorBody>(await call("POST", `/workspaces/${ws.id}/exec`, { key, body: { command: "true", timeoutMs: 1_800_001 } }), 400);
    expect(exec.error.details?.fieldErrors?.timeoutMs).toBeDefined();
    const task = await json<ErrorBody>(await call("POST", `/workspaces/${ws.id}/tasks`, { key, body: { command: "true", timeoutMs: 86_400_001 } }), 400);
    expect(task.error.details?.fieldErrors?.timeoutMs).toBeDefined();
  });

  it("429 with Retry-After past the per-key budget, RateLimit-* headers on every answer", async () => {
    const limited = await makeKey(owner, { scopes: ["read"], rateLimitPerMinute: 2 });
    const first = await call("GET", "/workspaces", { key: limited });
    await json(first);
    expect([first.headers.get("ratelimit-limit"), first.headers.get("ratelimit-remaining")]).toEqual(["2", "1"]);
    await json(await call("GET", "/workspaces", { key: limited }));
    const res = await call("GET", "/workspaces", { key: limited });
    const body = await json<ErrorBody>(res, 429);
    expect(body.error).toMatchObject({ code: "RATE_LIMITED", reason: "api_key_rate_limited" });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
  });
});

describe.skipIf(!hasDocker)("sandbox", () => {
  it("execs, runs code, lists and deletes sessions", async () => {
    const ws = await createWorkspace(`REST exec ${Date.now()}`);
    const run = await json(await call("POST", `/workspaces/${ws.id}/exec`, { key, body: { command: "echo hi" } }));
    expect(run).toMatchObject({ exitCode: 0, stdout: "hi\n", timedOut: false, truncated: false });
    const argv = await json(await call("POST", `/workspaces/${ws.id}/exec`, { key, body: { command: ["sh", "-c", "echo $X; exit 3"], env: { X: "from env" } } }));
    expect(argv).toMatchObject({ exitCode: 3, stdout: "from env\n" });
    const code = await json(await call("POST", `/workspaces/${ws.id}/execute-code`, { key, body: { runtime: "bash", code: "echo $((6*7))" } }));
    // The busybox test image has no bash: the route works, the snippet's runtime is missing (127).
    expect(code).toMatchObject({ sessionId: run.sessionId, timedOut: false });
    expect(typeof code.exitCode).toBe("number");

    const sessions = await json<{ items: { id: string; status: string }[] }>(await call("GET", `/workspaces/${ws.id}/sessions`, { key }));
    expect(sessions.items.map((s) => s.id)).toContain(run.sessionId);
    expect(await json(await call("DELETE", `/sessions/${String(run.sessionId)}`, { key }))).toEqual({ id: run.sessionId, deleted: true });
    const after = await json<{ items: unknown[] }>(await call("GET", `/workspaces/${ws.id}/sessions?includeStopped=true`, { key }));
    expect(after.items).toEqual([]);
  });
});

describe.skipIf(!hasDocker)("tasks", () => {
  interface Task {
    id: string;
    workspaceId: string;
    status: string;
    priority: string;
    exitCode: number | null;
    stdoutTail?: string;
    stdoutBytes: number;
    submittedBy: { id: string };
    createdAt: string;
  }

  it("submits, runs, reads and cancels tasks (round trip), in plain JSON", async () => {
    const ws = await createWorkspace(`REST tasks ${Date.now()}`);
    // The strict preset runs argv without a network: the round trip needs neither a shell nor a bridge.
    const queued = await json<Task>(await call("POST", `/workspaces/${ws.id}/tasks`, { key, body: { command: ["echo", "hello-rest"], priority: "high", preset: "strict" } }));
    expect(queued).toMatchObject({ workspaceId: ws.id, status: "QUEUED", priority: "high", exitCode: null, submittedBy: { id: owner.id } });
    expect(typeof queued.createdAt).toBe("string");

    const { TaskWorker } = await import("~/server/tasks/worker");
    const worker = new TaskWorker({ concurrency: 1, perWorkspace: 1, onlyWorkspaces: [ws.id], useQueue: false, pollMs: 200, flushMs: 200, log: () => undefined });
    await worker.start();
    try {
      const done = await vi.waitFor(async () => {
        const t = await json<Task>(await call("GET", `/tasks/${queued.id}`, { key }));
        if (t.status !== "COMPLETED") throw new Error(`still ${t.status}`);
        return t;
      }, { timeout: 60_000, interval: 200 });
      expect(done).toMatchObject({ exitCode: 0, stdoutTail: "hello-rest\n", stdoutBytes: 11 });

      const long = await json<Task>(await call("POST", `/workspaces/${ws.id}/tasks`, { key, body: { command: ["sleep", "300"], preset: "strict" } }));
      const cancelled = await json<Task>(await call("POST", `/tasks/${long.id}/cancel`, { key }));
      expect(cancelled.status).toBe("CANCELLED");
      const again = await json<ErrorBody>(await call("POST", `/tasks/${long.id}/cancel`, { key, rawBody: "", headers: { "content-type": "application/json" } }), 409);
      expect(again.error.reason).toBe("task_finished");
    } finally {
      await worker.stop();
    }

    const stranger = await makeKey(await makeUser(), { scopes: ALL });
    expect((await json<ErrorBody>(await call("GET", `/tasks/${queued.id}`, { key: stranger }), 404)).error.reason).toBe("task_not_found");
    expect((await json<ErrorBody>(await call("GET", "/tasks/no-such-task", { key }), 404)).error.reason).toBe("task_not_found");
    const readOnly = await makeKey(owner, { scopes: ["read"] });
    expect((await json<ErrorBody>(await call("POST", `/workspaces/${ws.id}/tasks`, { key: readOnly, body: { command: "echo no" } }), 403)).error.reason).toBe("missing_scope");
  });
});

describe("openapi.json and health", () => {
  const TABLE: [string, string][] = [
    ["get", "/workspaces"],
    ["post", "/workspaces"],
    ["get", "/workspaces/{id}"],
    ["patch", "/workspaces/{id}"],
    ["delete", "/workspaces/{id}"],
    ["post", "/workspaces/{id}/archive"],
    ["post", "/workspaces/{id}/unarchive"],
    ["get", "/workspaces/{id}/files"],
    ["delete", "/workspaces/{id}/files"],
    ["get", "/workspaces/{id}/files/content"],
    ["put", "/workspaces/{id}/files/content"],
    ["post", "/workspaces/{id}/files/upload"],
    ["get", "/workspaces/{id}/files/download"],
    ["post", "/workspaces/{id}/files/mkdir"],
    ["post", "/workspaces/{id}/files/move"],
    ["post", "/workspaces/{id}/files/copy"],
    ["get", "/workspaces/{id}/files/grep"],
    ["post", "/workspaces/{id}/exec"],
    ["post", "/workspaces/{id}/execute-code"],
    ["get", "/workspaces/{id}/sessions"],
    ["post", "/workspaces/{id}/sessions"],
    ["delete", "/sessions/{id}"],
    ["get", "/workspaces/{id}/snapshots"],
    ["post", "/workspaces/{id}/snapshots"],
    ["post", "/snapshots/{id}/restore"],
    ["get", "/workspaces/{id}/snapshots/{snapshotId}/download"],
    ["post", "/snapshots/{id}/restore-as-new"],
    ["post", "/workspaces/{id}/tasks"],
    ["get", "/tasks/{id}"],
    ["post", "/tasks/{id}/cancel"],
    ["get", "/workspaces/{id}/export"],
    ["post", "/workspaces/import"],
    ["get", "/openapi.json"],
    ["get", "/health"],
  ];

  interface Operation {
    operationId?: string;
    tags?: string[];
    parameters?: { in: string; name: string; required?: boolean; schema?: { type?: string } }[];
    requestBody?: { required?: boolean; content: Record<string, { schema?: { required?: string[]; properties?: Record<string, { maximum?: number }> } }> };
    responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
    security?: Record<string, string[]>[];
  }
  interface Doc {
    openapi: string;
    info: { title: string; version: string };
    servers: { url: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, { type: string; scheme?: string }>; schemas?: Record<string, unknown> };
    tags: { name: string; description?: string }[];
  }

  it("is a structurally valid OpenAPI 3 document listing every route of the issue's table", async () => {
    const doc = await json<Doc>(await call("GET", "/openapi.json"));
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toEqual(expect.objectContaining({ title: "Atrium", version: (await import("../../../../package.json")).default.version }));
    expect(doc.servers[0]?.url).toBe("/api/v1");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });

    for (const [method, path] of TABLE) expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();

    const operationIds = new Set<string>();
    const refs: string[] = [];
    JSON.stringify(doc, (k, v: unknown) => (k === "$ref" && typeof v === "string" ? (refs.push(v), v) : v));
    for (const ref of refs) {
      const name = ref.replace("#/components/schemas/", "");
      expect(doc.components.schemas?.[name], ref).toBeDefined();
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith("/")).toBe(true);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(["get", "post", "put", "patch", "delete"]).toContain(method);
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(operationIds.has(op.operationId ?? "")).toBe(false);
        operationIds.add(op.operationId ?? "");
        const responses = Object.entries(op.responses ?? {});
        expect(responses.length, `${method} ${path} responses`).toBeGreaterThan(0);
        expect(responses.some(([s]) => /^2\d\d$/.test(s))).toBe(true);
        for (const [status, response] of responses) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(typeof response.description).toBe("string");
        }
        for (const name of templated) expect(op.parameters?.some((p) => p.in === "path" && p.name === name && p.required), `${method} ${path} {${name}}`).toBe(true);
        const isPublic = path === "/health" || path === "/openapi.json";
        if (!isPublic) {
          expect(op.security).toEqual([{ bearerAuth: [] }]);
          for (const s of ["401", "429"]) expect(op.responses?.[s]?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
        }
      }
    }
  });

  it("states what the server does: tags, boolean parameters, optional bodies, limits, every error status", async () => {
    const doc = await json<Doc>(await call("GET", "/openapi.json"));
    const op = (method: string, path: string): Operation => doc.paths[path]?.[method] ?? {};
    const param = (method: string, path: string, name: string) => op(method, path).parameters?.find((p) => p.name === name);

    const declared = new Map(doc.tags.map((t) => [t.name, t.description]));
    for (const item of Object.values(doc.paths)) for (const o of Object.values(item)) for (const tag of o.tags ?? []) expect(declared.get(tag), `tag ${tag}`).toBeTruthy();

    const booleans: [string, string, string][] = [
      ["get", "/workspaces", "archived"],
      ["delete", "/workspaces/{id}", "deleteFiles"],
      ["delete", "/workspaces/{id}", "force"],
      ["delete", "/workspaces/{id}/files", "recursive"],
      ["get", "/workspaces/{id}/files/grep", "regex"],
      ["get", "/workspaces/{id}/files/grep", "caseSensitive"],
      ["get", "/workspaces/{id}/sessions", "includeStopped"],
    ];
    for (const [method, path, name] of booleans) expect(param(method, path, name)?.schema?.type, `${method} ${path} ${name}`).toBe("boolean");
    expect(param("get", "/workspaces/{id}/files/download", "path")?.required).toBe(false);

    for (const [method, path] of [["post", "/snapshots/{id}/restore"], ["post", "/tasks/{id}/cancel"], ["post", "/workspaces/{id}/archive"]] as const) {
      expect(op(method, path).requestBody?.required ?? false, `${method} ${path}`).toBe(false);
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(item)) {
        const schema = o.requestBody?.content["application/json"]?.schema;
        if (schema && !schema.required?.length) expect(o.requestBody?.required, `${method} ${path}: a body without required fields is optional`).toBe(false);
        const statuses = Object.keys(o.responses ?? {});
        expect(statuses, `${method} ${path}`).toContain("431");
        if (o.security?.length) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["400", "401", "403", "404", "409", "413", "422", "429", "500", "503"]));
        if (o.security?.length && o.requestBody?.content["application/json"]) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["413", "415"]));
      }
    }
    const bodyOf = (path: string) => op("post", path).requestBody?.content["application/json"]?.schema?.properties;
    expect(bodyOf("/workspaces/{id}/exec")?.timeoutMs?.maximum).toBe(1_800_000);
    expect(bodyOf("/workspaces/{id}/execute-code")?.timeoutMs?.maximum).toBe(1_800_000);
    expect(bodyOf("/workspaces/{id}/tasks")?.timeoutMs?.maximum).toBe(86_400_000);
    const grepParam = (name: string) => param("get", "/workspaces/{id}/files/grep", name)?.schema as { maximum?: number; maxItems?: number } | undefined;
    expect(grepParam("maxResults")?.maximum).toBe(FILE_LIMITS.grepMaxResults);
    expect(grepParam("include")?.maxItems).toBe(FILE_LIMITS.grepMaxGlobs);
  });

  it("serves health without a key", async () => {
    const res = await call("GET", "/health");
    expect([200, 503]).toContain(res.status);
    expect(((await res.json()) as { version: string }).version).toBeTruthy();
  });
});
