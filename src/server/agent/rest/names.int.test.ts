// Issue 17 as the persistent-workspaces API's own examples read, through the real /api/v1 route
// handlers (every response checked against /api/v1/openapi.json), tRPC callers and the official MCP
// SDK client over real HTTP, with real Postgres and Docker: caller-named workspaces created on first
// use, sessions with and without a workspace, {scope, key} resolution under concurrency, leading-/
// paths on every door, append/exists/stat, path rules, registering a host directory, and state.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE, GET, POST, PUT } from "~/app/api/v1/[...path]/route";
import { env } from "~/env";
import { hashKey } from "~/server/auth/api-keys";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { STATE_LIMITS } from "~/server/workspaces/state";
import { hostTempDir, removeDataDir, removeHostDirs } from "~/server/workspaces/test-helpers";
import { callerWithKey, failure, lastAudit, makeKey, makeUser } from "~/test/actors";
import { bridgeTo } from "~/test/http-bridge";
import { createResponseValidator } from "~/test/openapi-validate";
import { handleMcpRequest } from "../mcp/http";
import { openApiDocument } from "./openapi";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

const handlers = { GET, POST, PUT, DELETE } as const;
type Method = keyof typeof handlers;
const conforms = createResponseValidator(openApiDocument());

async function call(method: Method, path: string, key: string, body?: unknown): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  const url = `http://atrium.test/api/v1${path}`;
  const res = await handlers[method](new Request(url, { method, headers, body: body !== undefined ? JSON.stringify(body) : undefined }));
  const problems = conforms({ method, url, status: res.status, contentType: res.headers.get("content-type"), body: await res.clone().text() });
  expect(problems, `${method} ${path}: the response does not match /api/v1/openapi.json`).toEqual([]);
  return res;
}

async function json<T = Record<string, unknown>>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

interface ErrorBody {
  error: { code: string; message: string; reason?: string };
}
interface Ws {
  id: string;
  name: string;
  role: string | null;
  ownerId: string;
}
interface Named {
  workspace: Ws;
  created: boolean;
}

const keyIdOf = async (key: string) => (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(key) } })).id;
const tag = () => Math.random().toString(36).slice(2, 8);

let alice: ActorUser;
let bob: ActorUser;
let aliceKey: string;
let bobKey: string;
let aliceRead: string;

beforeAll(async () => {
  configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, allowedImages: [], dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `names-test-${process.pid}` }));
  [alice, bob] = await Promise.all([makeUser(), makeUser()]);
  aliceKey = await makeKey(alice, { scopes: ["read", "write", "exec"] });
  bobKey = await makeKey(bob, { scopes: ["read", "write", "exec"] });
  aliceRead = await makeKey(alice, { scopes: ["read"] });
});

afterAll(async () => {
  const rows = await db().sandboxSession.findMany({ where: { userId: { in: [alice.id, bob.id] }, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
  await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  await removeHostDirs();
  await removeDataDir();
});

describe("caller-named workspaces", () => {
  it("a write by name creates the workspace on first use, then lands in the same one; by-name and ?name= find it", async () => {
    const name = `user123-project-${tag()}`;
    const first = await json<{ workspaceId: string; workspaceCreated: boolean; path: string }>(
      await call("PUT", `/named-workspaces/${name}/files/content`, aliceKey, { path: "/code.py", content: "print('hi')\n" }),
    );
    expect(first).toMatchObject({ workspaceCreated: true, path: "code.py" });
    const second = await json<{ workspaceId: string; workspaceCreated: boolean }>(await call("PUT", `/named-workspaces/${name}/files/content`, aliceKey, { path: "b.txt", content: "b" }));
    expect(second).toEqual(expect.objectContaining({ workspaceId: first.workspaceId, workspaceCreated: false }));
    expect(await db().workspace.count({ where: { ownerId: alice.id, name } })).toBe(1);
    const created = await lastAudit({ actorUserId: alice.id, action: "workspaces.createOnUse" });
    expect(created).toMatchObject({ workspaceId: first.workspaceId, outcome: "ALLOWED", target: name });

    expect(await json<Ws>(await call("GET", `/named-workspaces/${name}`, aliceKey))).toMatchObject({ id: first.workspaceId, name, role: "owner" });
    // The uniqueness rule is case-insensitive, and so is the lookup.
    expect((await json<Ws>(await call("GET", `/named-workspaces/${name.toUpperCase()}`, aliceKey))).id).toBe(first.workspaceId);
    expect((await json<{ items: Ws[] }>(await call("GET", `/workspaces?name=${name}`, aliceKey))).items.map((w) => w.id)).toEqual([first.workspaceId]);
    expect((await json<{ items: Ws[] }>(await call("GET", `/workspaces?name=nobody-has-${tag()}`, aliceKey))).items).toEqual([]);
    const content = await json<{ content: string }>(await call("GET", `/workspaces/${first.workspaceId}/files/content?path=/code.py`, aliceKey));
    expect(content.content).toBe("print('hi')\n");
  });

  it("another user's same name is a different workspace: a key of user B never reaches A's by name or by id", async () => {
    const name = `project-${tag()}`;
    const a = await json<{ workspaceId: string }>(await call("PUT", `/named-workspaces/${name}/files/content`, aliceKey, { path: "secret.txt", content: "alice only" }));
    // Before B has one: not found, however B spells it (A's is not shared with B).
    expect((await json<ErrorBody>(await call("GET", `/named-workspaces/${name}`, bobKey), 404)).error.code).toBe("NOT_FOUND");
    expect((await json<{ items: Ws[] }>(await call("GET", `/workspaces?name=${name}`, bobKey))).items).toEqual([]);
    const b = await json<{ workspaceId: string; workspaceCreated: boolean }>(await call("PUT", `/named-workspaces/${name}/files/content`, bobKey, { path: "secret.txt", content: "bob's" }));
    expect(b.workspaceCreated).toBe(true);
    expect(b.workspaceId).not.toBe(a.workspaceId);
    expect((await json<Ws>(await call("GET", `/named-workspaces/${name}`, bobKey))).id).toBe(b.workspaceId);
    // A's file is untouched by B's write under the same name, and A's id stays unreachable to B.
    expect((await json<{ content: string }>(await call("GET", `/workspaces/${a.workspaceId}/files/content?path=secret.txt`, aliceKey))).content).toBe("alice only");
    expect((await json<ErrorBody>(await call("GET", `/workspaces/${a.workspaceId}/files/content?path=secret.txt`, bobKey), 404)).error.code).toBe("NOT_FOUND");
    // A session naming A's id does not reach it either.
    expect((await json<ErrorBody>(await call("POST", "/sessions", bobKey, { workspace_id: a.workspaceId }), 404)).error.code).toBe("NOT_FOUND");
  });

  it("a name shared with you is found by lookup, but writes by name only ever use or create your own", async () => {
    const name = `team-${tag()}`;
    const a = await json<{ workspaceId: string }>(await call("PUT", `/named-workspaces/${name}/files/content`, aliceKey, { path: "plan.md", content: "alice's plan" }));
    await db().membership.create({ data: { workspaceId: a.workspaceId, userId: bob.id, role: "EDITOR" } });
    expect(await json<Ws>(await call("GET", `/named-workspaces/${name}`, bobKey))).toMatchObject({ id: a.workspaceId, role: "editor" });
    const b = await json<{ workspaceId: string; workspaceCreated: boolean }>(await call("PUT", `/named-workspaces/${name}/files/content`, bobKey, { path: "plan.md", content: "bob's plan" }));
    expect(b.workspaceCreated).toBe(true);
    expect(b.workspaceId).not.toBe(a.workspaceId);
    expect((await json<{ content: string }>(await call("GET", `/workspaces/${a.workspaceId}/files/content?path=plan.md`, aliceKey))).content).toBe("alice's plan");
    // Now B has one of their own: that one wins the lookup.
    expect((await json<Ws>(await call("GET", `/named-workspaces/${name}`, bobKey))).id).toBe(b.workspaceId);
  });

  it("refuses names outside the charset, and creating on first use with a read key or a pinned key (audited)", async () => {
    expect((await json<ErrorBody>(await call("GET", "/named-workspaces/bad%20name", aliceKey), 400)).error.code).toBe("INVALID_INPUT");
    expect((await json<ErrorBody>(await call("GET", "/named-workspaces/-leading-dash", aliceKey), 400)).error.code).toBe("INVALID_INPUT");
    const denied = await json<ErrorBody>(await call("PUT", `/named-workspaces/ro-${tag()}/files/content`, aliceRead, { path: "x", content: "x" }), 403);
    expect(denied.error.reason).toBe("missing_scope");
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceRead), reason: "missing_scope" })).toMatchObject({ outcome: "DENIED" });

    const home = `pin-home-${tag()}`;
    const pinnedTo = await json<{ workspaceId: string }>(await call("PUT", `/named-workspaces/${home}/files/content`, aliceKey, { path: "x", content: "x" }));
    const pinned = await makeKey(alice, { scopes: ["read", "write"], workspaceIds: [pinnedTo.workspaceId] });
    // A pinned key finds its pin by name, and nothing else of its owner's.
    expect((await json<Ws>(await call("GET", `/named-workspaces/${home}`, pinned))).id).toBe(pinnedTo.workspaceId);
    const other = `pin-other-${tag()}`;
    await json(await call("PUT", `/named-workspaces/${other}/files/content`, aliceKey, { path: "x", content: "x" }));
    expect((await json<ErrorBody>(await call("GET", `/named-workspaces/${other}`, pinned), 404)).error.code).toBe("NOT_FOUND");
    expect((await json<{ items: Ws[] }>(await call("GET", `/workspaces?name=${other}`, pinned))).items).toEqual([]);
    const refused = await json<ErrorBody>(await call("PUT", `/named-workspaces/pin-new-${tag()}/files/content`, pinned, { path: "x", content: "x" }), 403);
    expect(refused.error.reason).toBe("api_key_pinned");
    expect(await lastAudit({ apiKeyId: await keyIdOf(pinned), reason: "api_key_pinned" })).toMatchObject({ outcome: "DENIED" });
  });
});

describe("sessions with and without workspace_id", () => {
  it("a session naming a new workspace creates it; naming it again reuses it", async () => {
    const name = `sess-${tag()}`;
    const s = await json<{ id: string; workspaceId: string; status: string; ephemeral: boolean; workspaceCreated: boolean }>(await call("POST", "/sessions", aliceKey, { workspace_id: name }));
    expect(s).toMatchObject({ status: "RUNNING", ephemeral: false, workspaceCreated: true });
    expect((await json<Ws>(await call("GET", `/named-workspaces/${name}`, aliceKey))).id).toBe(s.workspaceId);
    // The sandbox sees files written by name at /workspace.
    await json(await call("PUT", `/named-workspaces/${name}/files/content`, aliceKey, { path: "/hello.txt", content: "from the API" }));
    const ran = await json<{ stdout: string; exitCode: number }>(await call("POST", `/workspaces/${s.workspaceId}/exec`, aliceKey, { command: ["cat", "/workspace/hello.txt"], sessionId: s.id }));
    expect(ran).toMatchObject({ exitCode: 0, stdout: "from the API" });
    await json(await call("DELETE", `/sessions/${s.id}`, aliceKey));
    // A named workspace outlives its session.
    expect(await db().workspace.count({ where: { id: s.workspaceId } })).toBe(1);
    const again = await json<{ workspaceId: string; workspaceCreated: boolean; id: string }>(await call("POST", "/sessions", aliceKey, { workspace_id: s.workspaceId }));
    expect(again).toMatchObject({ workspaceId: s.workspaceId, workspaceCreated: false });
    await json(await call("DELETE", `/sessions/${again.id}`, aliceKey));
  });

  it("without workspace_id the session is ephemeral: its workspace is usable while it runs and deleted with it", async () => {
    const s = await json<{ id: string; workspaceId: string; ephemeral: boolean; workspaceCreated: boolean }>(await call("POST", "/sessions", aliceKey, {}));
    expect(s).toMatchObject({ ephemeral: true, workspaceCreated: true });
    const row = await db().workspace.findUniqueOrThrow({ where: { id: s.workspaceId } });
    expect(await json(await call("GET", `/workspaces/${s.workspaceId}`, aliceKey))).toMatchObject({ ephemeral: true, keyedBy: null });
    await json(await call("PUT", `/workspaces/${s.workspaceId}/files/content`, aliceKey, { path: "/scratch.txt", content: "temp" }));
    const ran = await json<{ stdout: string }>(await call("POST", `/workspaces/${s.workspaceId}/exec`, aliceKey, { command: ["cat", "scratch.txt"], sessionId: s.id }));
    expect(ran.stdout).toBe("temp");
    expect(existsSync(row.rootPath)).toBe(true);

    await json(await call("DELETE", `/sessions/${s.id}`, aliceKey));
    expect(await db().workspace.findUnique({ where: { id: s.workspaceId } })).toBeNull();
    expect(existsSync(row.rootPath)).toBe(false);
    expect((await json<ErrorBody>(await call("GET", `/workspaces/${s.workspaceId}`, aliceKey), 404)).error.code).toBe("NOT_FOUND");
  });

  it("an ephemeral workspace also goes when its session is stopped by the server (idle, lost container)", async () => {
    const s = await json<{ id: string; workspaceId: string }>(await call("POST", "/sessions", aliceKey, {}));
    await stopSessionById(s.id, "idle_timeout");
    expect(await db().workspace.findUnique({ where: { id: s.workspaceId } })).toBeNull();
  });

  it("an ephemeral workspace left without a session (a crash before its session started) is swept after a grace period", async () => {
    const { createEphemeralWorkspace, sweepEphemeralWorkspaces } = await import("~/server/workspaces/ephemeral");
    const ctx = { actor: { user: alice, apiKey: null }, ip: null, channel: "API" as const };
    const orphan = await createEphemeralWorkspace(ctx);
    const named = (await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key: `keep-${tag()}`, create: true }))).workspace.id;
    expect(await sweepEphemeralWorkspaces(60_000)).not.toContain(orphan);
    const swept = await sweepEphemeralWorkspaces(0, new Date(Date.now() + 1000));
    expect(swept).toContain(orphan);
    expect(await db().workspace.findUnique({ where: { id: orphan } })).toBeNull();
    expect(await db().workspace.findUnique({ where: { id: named } })).not.toBeNull();
  });

  it("a key without the exec scope starts nothing and creates nothing", async () => {
    const writer = await makeKey(alice, { scopes: ["read", "write"] });
    const before = await db().workspace.count({ where: { ownerId: alice.id } });
    expect((await json<ErrorBody>(await call("POST", "/sessions", writer, {}), 403)).error.reason).toBe("missing_scope");
    expect((await json<ErrorBody>(await call("POST", "/sessions", writer, { workspace_id: `noexec-${tag()}` }), 403)).error.reason).toBe("missing_scope");
    expect(await db().workspace.count({ where: { ownerId: alice.id } })).toBe(before);
  });
});

describe("workspaces keyed by scope and key", () => {
  it("concurrent resolves of the same (scope, key) create ONE workspace and all get it", async () => {
    const key = `agent-42:user-${tag()}`;
    expect((await json<ErrorBody>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key }), 404)).error.code).toBe("NOT_FOUND");
    const results = await Promise.all(Array.from({ length: 8 }, () => call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key, create: true }).then((r) => json<Named>(r))));
    const ids = new Set(results.map((r) => r.workspace.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]?.workspace).toMatchObject({ keyedBy: { scope: "agent", key }, ephemeral: false });
    expect(await db().workspace.count({ where: { ownerId: alice.id, scope: "AGENT", sessionKey: key } })).toBe(1);
    // Later, without create: the same one.
    expect((await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key }))).workspace.id).toBe([...ids][0]);
    // Another scope with the same key, and another owner with the same (scope, key), are other workspaces.
    const userScoped = await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "user", key, create: true }));
    expect(userScoped.workspace.id).not.toBe([...ids][0]);
    const bobs = await json<Named>(await call("POST", "/workspaces/resolve", bobKey, { scope: "agent", key, create: true }));
    expect(bobs.created).toBe(true);
    expect(bobs.workspace.id).not.toBe([...ids][0]);
  });

  it("Postgres itself refuses a second workspace with the same (owner, scope, key)", async () => {
    const key = `dup-${tag()}`;
    const made = await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "session", key, create: true }));
    const row = await db().workspace.findUniqueOrThrow({ where: { id: made.workspace.id } });
    await expect(
      db().workspace.create({ data: { slug: `dup-${tag()}`, name: `dup ${tag()}`, ownerId: alice.id, rootPath: "/nonexistent", quotaBytes: row.quotaBytes, scope: "SESSION", sessionKey: key } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("shared scope: members find the owner's workspace with their role; strangers do not", async () => {
    const key = `team-dataset-${tag()}`;
    const made = await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "shared", key, create: true }));
    expect((await json<ErrorBody>(await call("POST", "/workspaces/resolve", bobKey, { scope: "shared", key }), 404)).error.code).toBe("NOT_FOUND");
    await db().membership.create({ data: { workspaceId: made.workspace.id, userId: bob.id, role: "VIEWER" } });
    const seen = await json<Named>(await call("POST", "/workspaces/resolve", bobKey, { scope: "shared", key }));
    expect(seen).toMatchObject({ created: false, workspace: { id: made.workspace.id, role: "viewer", ownerId: alice.id } });
    // A viewer reads but cannot write there.
    expect((await json<ErrorBody>(await call("PUT", `/workspaces/${made.workspace.id}/files/content`, bobKey, { path: "x", content: "x" }), 403)).error.code).toBe("FORBIDDEN");
    // Other scopes stay the caller's own even when keyed alike.
    expect((await json<ErrorBody>(await call("POST", "/workspaces/resolve", bobKey, { scope: "agent", key }), 404)).error.code).toBe("NOT_FOUND");
  });

  it("a read key resolves but cannot create (audited)", async () => {
    const denied = await json<ErrorBody>(await call("POST", "/workspaces/resolve", aliceRead, { scope: "agent", key: `ro-${tag()}`, create: true }), 403);
    expect(denied.error.reason).toBe("missing_scope");
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceRead), action: "workspaces.resolve" })).toMatchObject({ outcome: "DENIED", reason: "missing_scope" });
  });
});

describe("paths with a leading / on every door", () => {
  let wsId: string;
  beforeAll(async () => {
    wsId = (await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key: `paths-${tag()}`, create: true }))).workspace.id;
  });

  it("REST and tRPC read /code.py and /workspace/code.py as code.py; `..` stays refused and audited", async () => {
    expect(await json(await call("PUT", `/workspaces/${wsId}/files/content`, aliceKey, { path: "/code.py", content: "x = 1\n" }))).toMatchObject({ path: "code.py" });
    expect((await json<{ path: string }>(await call("GET", `/workspaces/${wsId}/files/content?path=/workspace/code.py`, aliceKey))).path).toBe("code.py");
    const trpc = await callerWithKey(aliceKey);
    expect((await trpc.files.read({ workspaceId: wsId, path: "/code.py" })).content).toBe("x = 1\n");
    for (const escape of ["../x", "/../etc/passwd", "/workspace/../../x"]) {
      const refused = await json<ErrorBody>(await call("GET", `/workspaces/${wsId}/files/content?path=${encodeURIComponent(escape)}`, aliceKey), 403);
      expect(refused.error, escape).toMatchObject({ code: "PATH_DENIED", reason: "outside_workspace" });
    }
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceKey), reason: "outside_workspace" })).toMatchObject({ outcome: "DENIED", workspaceId: wsId });
    expect(await failure(trpc.files.read({ workspaceId: wsId, path: "../x" }))).toMatchObject({ reason: "outside_workspace" });
  });

  describe("over MCP (the official SDK client, real HTTP)", () => {
    let http: Server;
    let url: URL;
    let client: Client;
    const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    const tool = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

    beforeAll(async () => {
      http = createServer((req, res) => void bridge(req, res));
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/mcp`);
      client = new Client({ name: "names-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${aliceKey}` } } }));
    });
    afterAll(async () => {
      await client.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    });

    it("read_file, append_file and stat_file take /code.py; `..` is refused", async () => {
      const read = await tool("read_file", { workspaceId: wsId, path: "/code.py" });
      expect(read.isError).toBeFalsy();
      expect(read.structuredContent).toMatchObject({ path: "code.py", mimeType: expect.any(String) as string });
      expect((await tool("append_file", { workspaceId: wsId, path: "/code.py", content: "y = 2\n" })).isError).toBeFalsy();
      expect(text(await tool("read_file", { workspaceId: wsId, path: "code.py" }))).toBe("x = 1\ny = 2\n");
      const stat = await tool("stat_file", { workspaceId: wsId, path: "/workspace/code.py" });
      expect(stat.structuredContent).toMatchObject({ path: "code.py", type: "file", size: 12, mimeType: expect.any(String) as string });
      const refused = await tool("read_file", { workspaceId: wsId, path: "../etc/passwd" });
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ error: { code: "PATH_DENIED", reason: "outside_workspace" } });
      // grep's field is `pattern`, as on REST.
      expect((await tool("grep", { workspaceId: wsId, pattern: "y = 2" })).structuredContent).toMatchObject({ total: 1 });
    });

    it("state_set/get/list/delete, with compare-and-set", async () => {
      const set = await tool("state_set", { workspaceId: wsId, key: "plan.step", value: { step: 1, done: ["fetch"] } });
      expect(set.structuredContent).toMatchObject({ key: "plan.step", version: 1, created: true });
      expect((await tool("state_get", { workspaceId: wsId, key: "plan.step" })).structuredContent).toMatchObject({ value: { step: 1, done: ["fetch"] }, version: 1 });
      const stale = await tool("state_set", { workspaceId: wsId, key: "plan.step", value: 2, ifVersion: 0 });
      expect(stale.structuredContent).toMatchObject({ error: { code: "CONFLICT", reason: "version_conflict" } });
      expect((await tool("state_set", { workspaceId: wsId, key: "plan.step", value: 2, ifVersion: 1 })).structuredContent).toMatchObject({ version: 2 });
      expect((await tool("state_list", { workspaceId: wsId })).structuredContent).toMatchObject({ items: [{ key: "plan.step", value: 2, version: 2 }] });
      expect((await tool("state_delete", { workspaceId: wsId, key: "plan.step" })).isError).toBeFalsy();
      expect((await tool("state_get", { workspaceId: wsId, key: "plan.step" })).structuredContent).toMatchObject({ error: { reason: "state_not_found" } });
    });

    it("start_session without a workspace is ephemeral, and its workspace goes with it", async () => {
      const started = await tool("start_session", {});
      expect(started.isError).toBeFalsy();
      const r = started.structuredContent as { session: { id: string; status: string }; workspaceId: string; ephemeralWorkspace: boolean };
      expect(r).toMatchObject({ ephemeralWorkspace: true, session: { status: "RUNNING" } });
      expect((await tool("append_file", { workspaceId: r.workspaceId, path: "/notes.txt", content: "n" })).isError).toBeFalsy();
      await json(await call("DELETE", `/sessions/${r.session.id}`, aliceKey));
      expect(await db().workspace.findUnique({ where: { id: r.workspaceId } })).toBeNull();
    });

    it("resolve_workspace and find_workspace give the same workspace as REST", async () => {
      const key = `mcp-${tag()}`;
      const made = await tool("resolve_workspace", { scope: "agent", key, create: true });
      const id = (made.structuredContent as { workspace: { id: string } }).workspace.id;
      expect((await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key }))).workspace.id).toBe(id);
      const name = `mcp-named-${tag()}`;
      const first = await tool("find_workspace", { name, create: true });
      expect(first.structuredContent).toMatchObject({ created: true });
      const found = await json<Ws>(await call("GET", `/named-workspaces/${name}`, aliceKey));
      expect((first.structuredContent as { workspace: { id: string } }).workspace.id).toBe(found.id);
    });
  });
});

/** What server.ts does for Next, reduced to the MCP route: node request in, web Response out. */
const bridge = bridgeTo(handleMcpRequest);

describe("the file API's remaining calls on REST", () => {
  let wsId: string;
  beforeAll(async () => {
    wsId = (await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key: `files-${tag()}`, create: true }))).workspace.id;
  });

  it("append (atomic, quota-checked), exists and stat", async () => {
    expect(await json(await call("POST", `/workspaces/${wsId}/files/append`, aliceKey, { path: "/log/run.txt", content: "one\n" }))).toMatchObject({ path: "log/run.txt", created: true });
    expect(await json(await call("POST", `/workspaces/${wsId}/files/append`, aliceKey, { path: "log/run.txt", content: "two\n" }))).toMatchObject({ size: 8, created: false });
    expect((await json<{ content: string }>(await call("GET", `/workspaces/${wsId}/files/content?path=log/run.txt`, aliceKey))).content).toBe("one\ntwo\n");
    expect(await json(await call("GET", `/workspaces/${wsId}/files/exists?path=/log/run.txt`, aliceKey))).toEqual({ path: "log/run.txt", exists: true, type: "file" });
    expect(await json(await call("GET", `/workspaces/${wsId}/files/exists?path=log/nope.txt`, aliceKey))).toEqual({ path: "log/nope.txt", exists: false, type: null });
    expect(await json(await call("GET", `/workspaces/${wsId}/files/exists?path=/log`, aliceKey))).toMatchObject({ exists: true, type: "directory" });
    const stat = await json<{ size: number; mimeType: string; version: string; type: string; mode: string }>(await call("GET", `/workspaces/${wsId}/files/stat?path=log/run.txt`, aliceKey));
    expect(stat).toMatchObject({ size: 8, type: "file", mimeType: "text/plain" });
    expect(stat.version).toMatch(/\S/);
    expect((await json<ErrorBody>(await call("GET", `/workspaces/${wsId}/files/stat?path=missing.txt`, aliceKey), 404)).error.code).toBe("NOT_FOUND");

    // Over the quota: refused, and the file is as it was.
    const usage = (await db().workspace.findUniqueOrThrow({ where: { id: wsId } })).usageBytes;
    await db().workspace.update({ where: { id: wsId }, data: { quotaBytes: usage + 16n } });
    const over = await json<ErrorBody>(await call("POST", `/workspaces/${wsId}/files/append`, aliceKey, { path: "log/run.txt", content: "x".repeat(4096) }), 413);
    expect(over.error.code).toBe("QUOTA_EXCEEDED");
    expect((await json<{ content: string }>(await call("GET", `/workspaces/${wsId}/files/content?path=log/run.txt`, aliceKey))).content).toBe("one\ntwo\n");
    await db().workspace.update({ where: { id: wsId }, data: { quotaBytes: 1n << 30n } });
    // A read key cannot append.
    expect((await json<ErrorBody>(await call("POST", `/workspaces/${wsId}/files/append`, aliceRead, { path: "log/run.txt", content: "x" }), 403)).error.reason).toBe("missing_scope");
  });

  it("path rules: list, create, delete on REST (owners); an editor cannot add one (audited)", async () => {
    await json(await call("PUT", `/workspaces/${wsId}/files/content`, aliceKey, { path: "secrets/token.txt", content: "t" }));
    const rule = await json<{ id: string; pattern: string; effect: string }>(await call("POST", `/workspaces/${wsId}/path-rules`, aliceKey, { pattern: "secrets/**", effect: "block" }));
    expect(rule).toMatchObject({ pattern: "secrets/**", effect: "block" });
    expect((await json<{ items: { id: string }[] }>(await call("GET", `/workspaces/${wsId}/path-rules`, aliceKey))).items.map((r) => r.id)).toEqual([rule.id]);
    expect((await json<ErrorBody>(await call("GET", `/workspaces/${wsId}/files/content?path=/secrets/token.txt`, aliceKey), 403)).error.code).toBe("PATH_DENIED");

    await db().membership.create({ data: { workspaceId: wsId, userId: bob.id, role: "EDITOR" } });
    const editorRefused = await json<ErrorBody>(await call("POST", `/workspaces/${wsId}/path-rules`, bobKey, { pattern: "other/**", effect: "block" }), 403);
    expect(editorRefused.error.reason).toBe("role_required");
    expect(await lastAudit({ apiKeyId: await keyIdOf(bobKey), reason: "role_required" })).toMatchObject({ outcome: "DENIED", workspaceId: wsId });
    expect((await json<ErrorBody>(await call("DELETE", `/workspaces/${wsId}/path-rules/${rule.id}`, bobKey), 403)).error.reason).toBe("role_required");

    expect(await json(await call("DELETE", `/workspaces/${wsId}/path-rules/${rule.id}`, aliceKey))).toEqual({ id: rule.id, deleted: true });
    expect((await json<{ items: unknown[] }>(await call("GET", `/workspaces/${wsId}/path-rules`, aliceKey))).items).toEqual([]);
    expect((await json<{ content: string }>(await call("GET", `/workspaces/${wsId}/files/content?path=secrets/token.txt`, aliceKey))).content).toBe("t");
  });

  it("register a host directory: admins with the admin scope only; others refused and audited", async () => {
    const dir = await hostTempDir("names");
    const refused = await json<ErrorBody>(await call("POST", "/workspaces/register-host-dir", aliceKey, { path: dir, name: `host-${tag()}` }), 403);
    expect(refused.error.reason).toBe("admin_required");
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceKey), reason: "admin_required" })).toMatchObject({ outcome: "DENIED", action: "workspaces.registerHostDir" });

    const admin = await makeUser({ admin: true });
    const adminNoScope = await makeKey(admin, { scopes: ["read", "write"] });
    expect((await json<ErrorBody>(await call("POST", "/workspaces/register-host-dir", adminNoScope, { path: dir }), 403)).error.reason).toBe("missing_scope");
    const adminKey = await makeKey(admin, { scopes: ["read", "write", "admin"] });
    const ws = await json<{ registered: boolean; rootPath: string; id: string }>(await call("POST", "/workspaces/register-host-dir", adminKey, { path: dir, name: `host-${tag()}` }));
    expect(ws).toMatchObject({ registered: true, rootPath: dir });
  });
});

describe("key-value state on REST", () => {
  let wsId: string;
  beforeAll(async () => {
    wsId = (await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key: `state-${tag()}`, create: true }))).workspace.id;
  });

  it("CRUD with versions and compare-and-set, apart from metadata, audited", async () => {
    const created = await json<{ version: number; created: boolean; value: unknown }>(await call("PUT", `/workspaces/${wsId}/state/last-commit`, aliceKey, { value: "abc123" }));
    expect(created).toMatchObject({ version: 1, created: true, value: "abc123" });
    expect(await json(await call("GET", `/workspaces/${wsId}/state/last-commit`, aliceKey))).toMatchObject({ key: "last-commit", value: "abc123", version: 1, updatedById: alice.id });
    expect(await json(await call("PUT", `/workspaces/${wsId}/state/last-commit`, aliceKey, { value: { sha: "def" }, ifVersion: 1 }))).toMatchObject({ version: 2, created: false });
    const stale = await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/last-commit`, aliceKey, { value: "lost", ifVersion: 1 }), 409);
    expect(stale.error.reason).toBe("version_conflict");
    expect((await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/last-commit`, aliceKey, { value: "x", ifVersion: 0 }), 409)).error.reason).toBe("version_conflict");
    expect(await json(await call("PUT", `/workspaces/${wsId}/state/empty`, aliceKey, { value: null }))).toMatchObject({ value: null });
    const listed = await json<{ items: { key: string }[]; totalBytes: number }>(await call("GET", `/workspaces/${wsId}/state`, aliceKey));
    expect(listed.items.map((e) => e.key)).toEqual(["empty", "last-commit"]);
    expect((await json<{ items: { key: string }[] }>(await call("GET", `/workspaces/${wsId}/state?prefix=last`, aliceKey))).items.map((e) => e.key)).toEqual(["last-commit"]);
    // Metadata is untouched by state.
    expect((await json<{ metadata: Record<string, unknown> }>(await call("GET", `/workspaces/${wsId}`, aliceKey))).metadata).toEqual({});
    expect((await json<ErrorBody>(await call("DELETE", `/workspaces/${wsId}/state/last-commit?ifVersion=1`, aliceKey), 409)).error.reason).toBe("version_conflict");
    expect(await json(await call("DELETE", `/workspaces/${wsId}/state/last-commit?ifVersion=2`, aliceKey))).toEqual({ key: "last-commit", deleted: true, version: 2 });
    expect((await json<ErrorBody>(await call("GET", `/workspaces/${wsId}/state/last-commit`, aliceKey), 404)).error.reason).toBe("state_not_found");
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceKey), action: "state.delete" })).toMatchObject({ outcome: "ALLOWED", target: "last-commit", workspaceId: wsId });
    expect(await db().auditEvent.count({ where: { workspaceId: wsId, action: "state.set", outcome: "ALLOWED" } })).toBe(3);
  });

  it("limits: per value, per workspace, key charset; LIMIT_EXCEEDED is typed and audited", async () => {
    const big = "x".repeat(STATE_LIMITS.valueMaxBytes);
    const tooBig = await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/big`, aliceKey, { value: big }), 422);
    expect(tooBig.error).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "state_value_too_large" });
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceKey), reason: "state_value_too_large" })).toMatchObject({ outcome: "DENIED", workspaceId: wsId });

    const chunk = "y".repeat(STATE_LIMITS.valueMaxBytes - 100);
    const fits = Math.floor(STATE_LIMITS.workspaceMaxBytes / (chunk.length + 2));
    for (let i = 0; i < fits; i++) await json(await call("PUT", `/workspaces/${wsId}/state/chunk-${i}`, aliceKey, { value: chunk }));
    const full = await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/one-more`, aliceKey, { value: chunk }), 422);
    expect(full.error).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "state_workspace_too_large" });
    // Replacing a value with one of the same size still fits (its old size is not counted twice).
    await json(await call("PUT", `/workspaces/${wsId}/state/chunk-0`, aliceKey, { value: chunk.replace(/^y/, "z") }));

    expect((await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/bad%20key`, aliceKey, { value: 1 }), 400)).error.code).toBe("INVALID_INPUT");
    expect((await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/ok-key`, aliceKey, {}), 400)).error.code).toBe("INVALID_INPUT");
  });

  it("scopes and roles: a read key reads but cannot write; a viewer cannot write; strangers see nothing (audited)", async () => {
    await json(await call("PUT", `/workspaces/${wsId}/state/shared-note`, aliceKey, { value: "hello" }));
    expect(await json(await call("GET", `/workspaces/${wsId}/state/shared-note`, aliceRead))).toMatchObject({ value: "hello" });
    const readKeyWrite = await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/shared-note`, aliceRead, { value: "changed" }), 403);
    expect(readKeyWrite.error.reason).toBe("missing_scope");
    expect((await json<ErrorBody>(await call("DELETE", `/workspaces/${wsId}/state/shared-note`, aliceRead), 403)).error.reason).toBe("missing_scope");
    expect(await lastAudit({ apiKeyId: await keyIdOf(aliceRead), action: "state.set" })).toMatchObject({ outcome: "DENIED", reason: "missing_scope" });

    expect((await json<ErrorBody>(await call("GET", `/workspaces/${wsId}/state/shared-note`, bobKey), 404)).error.code).toBe("NOT_FOUND");
    await db().membership.create({ data: { workspaceId: wsId, userId: bob.id, role: "VIEWER" } });
    expect(await json(await call("GET", `/workspaces/${wsId}/state/shared-note`, bobKey))).toMatchObject({ value: "hello" });
    expect((await json<ErrorBody>(await call("PUT", `/workspaces/${wsId}/state/shared-note`, bobKey, { value: "bob" }), 403)).error.reason).toBe("role_required");
    expect((await json<{ value: unknown }>(await call("GET", `/workspaces/${wsId}/state/shared-note`, aliceKey))).value).toBe("hello");
  });

  it("state goes with its workspace", async () => {
    const other = (await json<Named>(await call("POST", "/workspaces/resolve", aliceKey, { scope: "agent", key: `state-gone-${tag()}`, create: true }))).workspace.id;
    await json(await call("PUT", `/workspaces/${other}/state/k`, aliceKey, { value: 1 }));
    await json(await call("DELETE", `/workspaces/${other}?deleteFiles=true`, aliceKey));
    expect(await db().workspaceState.count({ where: { workspaceId: other } })).toBe(0);
  });
});
