// The real server (`node scripts/start.mjs`, Next's production build, server.ts) on a random port
// with its own database: drives a sign-up and sign-in, key creation, a file write carrying a
// canary, a Bearer call, a denied file access, a socket and (with Docker) a command; then scrapes
// /metrics, reads the server's own stdout, and checks the traces a local OTLP receiver got.
// The first run builds the app (a few minutes); later runs reuse the build while sources are unchanged.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOCKET_PATH } from "~/server/realtime/events";
import { requireDocker } from "~/server/sandbox/test-docker";
import { createTestDatabase, freePort, type TestDatabase } from "~/test/database";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const run = randomBytes(4).toString("hex");
const PASSWORD = `canary-password-${run}-Quiet7`;
const FILE_CANARY = `canary-file-content-${run}`;
const METRICS_TOKEN = `metrics-token-${run}-0123456789`;
const email = `obs-${run}@atrium.test`;

let db: TestDatabase;
let dataDir: string;
let child: ChildProcess;
let output = "";
let base = "";
let receiver: Server;
const spans: { name: string; traceId?: string; spanId?: string; parentSpanId?: string; attributes: Record<string, unknown> }[] = [];

/** A minimal OTLP/HTTP (JSON) trace receiver: POST /v1/traces. */
function startReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/traces") {
        type Otlp = { resourceSpans?: { scopeSpans?: { spans?: { name: string; traceId?: string; spanId?: string; parentSpanId?: string; attributes?: { key: string; value: Record<string, unknown> }[] }[] }[] }[] };
        const parsed = JSON.parse(body) as Otlp;
        for (const rs of parsed.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? []) spans.push({ name: s.name, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId, attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])) });
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  return new Promise((resolve) => receiver.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)));
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.slice(-4000)}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not answer within ${ms} ms:\n${output.slice(-4000)}`);
}

beforeAll(async () => {
  db = await createTestDatabase({ migrate: true });
  dataDir = await mkdtemp(path.join(tmpdir(), "atrium-obs-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const otlp = await startReceiver();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    ATRIUM_DATA_DIR: dataDir,
    ATRIUM_PUBLIC_URL: base,
    ATRIUM_AUTH_SECRET: `obs-secret-${run}-${"x".repeat(32)}`,
    ATRIUM_ADMIN_EMAIL: "",
    ATRIUM_ADMIN_PASSWORD: "",
    ATRIUM_ALLOW_SIGNUP: "true",
    ATRIUM_INSTANCE_ID: `obs-test-${run}`,
    ATRIUM_METRICS_TOKEN: METRICS_TOKEN,
    // Debug: the most lines a request can produce, all of which must carry its id and no secret.
    ATRIUM_LOG_LEVEL: "debug",
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };
  child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString("utf8")));
  await waitForServer(base, 840_000);
}, 900_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  await new Promise((r) => receiver?.close(r));
  await db?.drop().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
}, 60_000);

const origin = () => ({ origin: base, "sec-fetch-site": "same-origin" });

async function trpc<T>(procedure: string, input: unknown, headers: Record<string, string> = {}): Promise<{ status: number; data: T; requestId: string | null }> {
  const res = await fetch(`${base}/api/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", ...origin(), ...headers }, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data?: { json?: T } }; error?: unknown };
  return { status: res.status, data: body.result?.data?.json as T, requestId: res.headers.get("x-request-id") };
}

/** next-auth's credentials sign-in, as the sign-in page does it: the session cookie. */
async function signIn(): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, ...origin() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

/** Samples of one series in Prometheus text format, by their label set. */
function samples(text: string, name: string): { labels: string; value: number }[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => {
      const m = /^[^{ ]+(\{.*\})? (\S+)$/.exec(l);
      return { labels: m?.[1] ?? "", value: Number(m?.[2]) };
    });
}
const sample = (text: string, name: string, ...labels: string[]) => samples(text, name).find((s) => labels.every((l) => s.labels.includes(l)))?.value ?? 0;

async function scrape(token: string | null = METRICS_TOKEN): Promise<Response> {
  return fetch(`${base}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe("the real server's metrics, logs and traces", () => {
  const state: { cookie: string; key: string; workspaceId: string; writeRequestId: string } = { cookie: "", key: "", workspaceId: "", writeRequestId: "" };

  it("drives sign-up, sign-in, key creation, a file write, a Bearer call, a denied read and a socket", async () => {
    expect((await trpc("auth.signUp", { email, password: PASSWORD, name: "Observer" })).status).toBe(200);
    state.cookie = await signIn();
    const cookie = { cookie: state.cookie };
    const ws = await trpc<{ id: string }>("workspaces.create", { name: `Observed ${run}` }, cookie);
    expect(ws.status).toBe(200);
    state.workspaceId = ws.data.id;
    const key = await trpc<{ key: string }>("apiKeys.create", { name: "observer", scopes: ["read", "write"] }, cookie);
    expect(key.status).toBe(200);
    state.key = key.data.key;

    // A request id the caller chose comes back and marks the request's lines.
    state.writeRequestId = `obs-write-${run}`;
    const write = await trpc("files.write", { workspaceId: state.workspaceId, path: "notes/secret.txt", content: FILE_CANARY }, { ...cookie, "x-request-id": state.writeRequestId });
    expect(write.status).toBe(200);
    expect(write.requestId).toBe(state.writeRequestId);

    const rest = await fetch(`${base}/api/v1/workspaces/${state.workspaceId}/files/content?path=notes/secret.txt`, { headers: { authorization: `Bearer ${state.key}` } });
    expect(rest.status).toBe(200);
    expect(rest.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // A path rule blocks the folder: reading it is refused by the path guard (audited).
    expect((await trpc("pathRules.create", { workspaceId: state.workspaceId, pattern: "notes/**", effect: "block" }, cookie)).status).toBe(200);
    const denied = await fetch(`${base}/api/trpc/files.read?input=${encodeURIComponent(JSON.stringify({ json: { workspaceId: state.workspaceId, path: "notes/secret.txt" } }))}`, { headers: cookie });
    expect(denied.status).toBe(403);
    // Errors carry the id too, and an id that is not sane is replaced.
    expect(denied.headers.get("x-request-id")).toBeTruthy();
    const insane = await fetch(`${base}/api/v1/workspaces`, { headers: { "x-request-id": "no spaces allowed here" } });
    expect(insane.status).toBe(401);
    expect(insane.headers.get("x-request-id")).not.toBe("no spaces allowed here");
    expect(insane.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const socket = connect(base, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: state.cookie, origin: base } });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const whoami: unknown = await socket.timeout(5000).emitWithAck("session:whoami");
    expect(whoami).toMatchObject({ ok: true });
    const during = await (await scrape()).text();
    expect(sample(during, "atrium_socket_connections", 'namespace="/"')).toBe(1);
    socket.disconnect();
  });

  it("runs a command when Docker is there (exec histogram and span)", async ({ skip }) => {
    if (!(await requireDocker([process.env.ATRIUM_RUNTIME_IMAGE ?? "atrium/runtime:bookworm"]))) skip();
    const key = await trpc<{ key: string }>("apiKeys.create", { name: "runner", scopes: ["read", "write", "exec"] }, { cookie: state.cookie });
    const res = await fetch(`${base}/api/v1/workspaces/${state.workspaceId}/exec`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.data.key}`, "content-type": "application/json" },
      body: JSON.stringify({ command: ["true"] }),
    });
    expect(res.status).toBe(200);
    const text = await (await scrape()).text();
    expect(sample(text, "atrium_exec_duration_seconds_count", 'door="API"', 'outcome="ok"')).toBeGreaterThanOrEqual(1);
  });

  it("serves /metrics only with the token, and every series moved", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("wrong-token-wrong-token")).status).toBe(401);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const h = "atrium_http_request_duration_seconds_count";
    expect(sample(text, h, 'route="/api/trpc"', 'method="POST"', 'status="200"')).toBeGreaterThanOrEqual(4);
    expect(sample(text, h, 'route="/api/v1/workspaces/{id}/files/content"', 'method="GET"', 'status="200"')).toBe(1);
    expect(sample(text, h, 'route="/api/auth/*"', 'method="POST"')).toBeGreaterThanOrEqual(1);
    // Raw paths with ids never become labels.
    expect(text).not.toContain(`route="/api/v1/workspaces/${state.workspaceId}`);
    const t = "atrium_trpc_procedure_duration_seconds_count";
    expect(sample(text, t, 'procedure="files.write"', 'type="mutation"', 'code="OK"')).toBe(1);
    expect(sample(text, t, 'procedure="files.read"', 'code="FORBIDDEN"')).toBe(1);
    // The REST read ran the same procedure (every door reaches the same procedures).
    expect(sample(text, t, 'procedure="files.read"', 'code="OK"')).toBe(1);
    expect(sample(text, "atrium_file_operation_duration_seconds_count", 'op="write"', 'outcome="ok"')).toBe(1);
    expect(sample(text, "atrium_file_operation_duration_seconds_count", 'op="read"', 'outcome="path_denied"')).toBe(1);
    expect(samples(text, "atrium_audit_denials_total").filter((s) => s.labels.includes('channel="UI"')).reduce((n, s) => n + s.value, 0)).toBeGreaterThanOrEqual(1);
    expect(sample(text, "atrium_socket_connections", 'namespace="/"')).toBe(0);
    expect(sample(text, "atrium_socket_events_total", 'event="session:whoami"')).toBe(1);
    expect(samples(text, "atrium_sandbox_sessions").map((s) => s.labels)).toContain('{state="RUNNING"}');
    expect(samples(text, "atrium_tasks").map((s) => s.labels)).toContain('{state="QUEUED"}');
    expect(sample(text, "atrium_db_pool_connections", 'state="total"')).toBeGreaterThanOrEqual(1);
    expect(text).toContain("# TYPE atrium_task_queue_wait_seconds histogram");
    expect(samples(text, "nodejs_eventloop_lag_seconds")[0]?.value).toBeGreaterThanOrEqual(0);
    expect(samples(text, "process_resident_memory_bytes")[0]?.value).toBeGreaterThan(0);
  });

  it("the Grafana dashboard only uses series a real scrape has", async () => {
    const dashboard = JSON.parse(readFileSync(path.join(root, "docs", "grafana-dashboard.json"), "utf8")) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const text = await (await scrape()).text();
    const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const panels = dashboard.panels.filter((p) => p.targets?.length);
    expect(panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of panels) {
      for (const { expr } of panel.targets ?? []) {
        const names = [...expr.matchAll(/\b((?:atrium|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ""));
        expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const name of names) expect(declared.has(name), `${panel.title}: ${name}`).toBe(true);
      }
    }
  });

  it("logs JSON lines with the request's id, the access line's fields, and no secret or file content", async () => {
    // Let the last access lines reach stdout.
    await new Promise((r) => setTimeout(r, 300));
    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(10);
    const forWrite = lines.filter((l) => l.requestId === state.writeRequestId);
    // The procedure's own line and the access line: both carry the id the caller sent.
    expect(forWrite.length).toBeGreaterThanOrEqual(2);
    expect(forWrite.find((l) => l.component === "trpc")).toMatchObject({ procedure: "files.write", code: "OK" });
    expect(forWrite.find((l) => l.msg === "request")).toMatchObject({
      component: "http",
      method: "POST",
      route: "/api/trpc",
      status: 200,
      userId: expect.any(String) as unknown,
      workspaceId: state.workspaceId,
      durationMs: expect.any(Number) as unknown,
    });
    const rest = lines.find((l) => l.msg === "request" && l.route === "/api/v1/workspaces/{id}/files/content");
    expect(rest).toMatchObject({ apiKeyId: expect.any(String) as unknown, workspaceId: state.workspaceId, status: 200 });
    // Every line logged during a request has an id; two requests never share one.
    const access = lines.filter((l) => l.msg === "request");
    expect(new Set(access.map((l) => l.requestId)).size).toBe(access.length);

    const sessionValue = state.cookie.split("=").slice(1).join("=");
    for (const canary of [PASSWORD, FILE_CANARY, state.key, state.key.slice(12), sessionValue, METRICS_TOKEN]) {
      expect(canary.length).toBeGreaterThan(10);
      expect(output.includes(canary), `the server log contains ${canary.slice(0, 16)}…`).toBe(false);
    }
  });

  it("sent spans for HTTP requests, tRPC procedures and exec to the OTLP receiver", async () => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !spans.some((s) => s.name === "trpc files.write")) await new Promise((r) => setTimeout(r, 250));
    const names = spans.map((s) => s.name);
    expect(names, names.join(", ")).toContain("trpc files.write");
    expect(names).toContain("POST /api/trpc");
    expect(names).toContain("GET /api/v1/workspaces/{id}/files/content");
    expect(spans.find((s) => s.name === "POST /api/trpc")?.attributes["http.route"]).toBe("/api/trpc");
    if (names.includes("POST /api/v1/workspaces/{id}/exec")) expect(names).toContain("exec");
    // The procedure's span is in the request's trace (Next's own spans may sit between them).
    const write = spans.find((s) => s.name === "trpc files.write");
    expect(spans.find((s) => s.name === "POST /api/trpc" && s.traceId === write?.traceId && s.spanId !== write?.spanId)).toBeTruthy();
  });
});
