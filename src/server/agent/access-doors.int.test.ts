// Session access modes and shared folders on the agent doors, as an agent framework would use them:
// REST with real API keys through the real route handlers (every response checked against the
// OpenAPI document), and MCP through the SDK's own client over real HTTP; real Postgres and Docker.
import { chmod, mkdir, mkdtemp, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE, GET, PATCH, POST, PUT } from "~/app/api/v1/[...path]/route";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { overlayDirs, overlayVolumeName } from "~/server/sandbox/access";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox, sandboxSettings } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { lastAudit, makeKey, makeUser } from "~/test/actors";
import { bridgeTo } from "~/test/http-bridge";
import { createResponseValidator } from "~/test/openapi-validate";
import { handleMcpRequest } from "./mcp/http";
import { openApiDocument } from "./rest/openapi";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

const handlers = { GET, POST, PUT, PATCH, DELETE } as const;
const conforms = createResponseValidator(openApiDocument());

async function call(method: keyof typeof handlers, urlPath: string, key: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers = new Headers({ authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  const url = `http://atrium.test/api/v1${urlPath}`;
  const res = await handlers[method](new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  expect(conforms({ method, url, status: res.status, contentType: res.headers.get("content-type"), body: text }), `${method} ${urlPath} does not match the document`).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

const bridge = bridgeTo(handleMcpRequest);

const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");

async function volumeGone(sessionId: string): Promise<boolean> {
  return docker()
    .getVolume(overlayVolumeName(sessionId))
    .inspect()
    .then(
      () => false,
      () => true,
    );
}

describe("access modes and shared folders on REST and MCP", () => {
  let ownerKey: string;
  let adminKey: string;
  let ownerId: string;
  let wsId: string;
  let rootPath: string;
  let hostDir: string;
  let http: Server;
  let client: Client;
  const folder = `lib-${process.pid}`;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `doors-test-${process.pid}` }));
    const owner = await makeUser();
    ownerId = owner.id;
    ownerKey = await makeKey(owner, { scopes: ["read", "write", "exec"] });
    adminKey = await makeKey(await makeUser({ admin: true }), { scopes: ["read", "write", "exec", "admin"] });
    const ws = await call("POST", "/workspaces", ownerKey, { name: `Doors ${process.pid}` });
    wsId = ws.body.id as string;
    rootPath = (await db().workspace.findUniqueOrThrow({ where: { id: wsId } })).rootPath;
    hostDir = await mkdtemp(path.join(tmpdir(), "atrium-doors-shared-"));
    await chmod(hostDir, 0o755);
    await mkdir(path.join(hostDir, "pkg"), { mode: 0o755 });
    await writeFile(path.join(hostDir, "pkg", "lib.py"), "VALUE = 42\n", { mode: 0o644 });
    await symlink("/", path.join(hostDir, "escape"));

    http = createServer((req, res) => void bridge(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/mcp`);
    client = new Client({ name: "atrium-doors-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${ownerKey}` } } }));
  });

  afterAll(async () => {
    await client?.close();
    await new Promise((resolve) => http?.close(resolve));
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("REST: a ro session cannot write; a bad access value is a typed 4xx", async () => {
    const ro = await call("POST", `/workspaces/${wsId}/sessions`, ownerKey, { access: "ro" });
    expect(ro.status).toBe(200);
    expect(ro.body).toMatchObject({ access: "ro", status: "RUNNING" });
    const touch = await call("POST", `/workspaces/${wsId}/exec`, ownerKey, { command: ["touch", "x.txt"], sessionId: ro.body.id });
    expect(touch.body.exitCode).not.toBe(0);
    expect(touch.body.stderr).toMatch(/Read-only file system/);
    const bad = await call("POST", `/workspaces/${wsId}/sessions`, ownerKey, { access: "overlay" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.body).toMatchObject({ error: { code: expect.any(String) as string } });
    expect((await call("DELETE", `/sessions/${ro.body.id as string}`, ownerKey)).status).toBe(200);
  });

  it("REST: a cow session's writes stay off the workspace, are kept as a snapshot when asked, and go with the session", async () => {
    const cow = await call("POST", `/workspaces/${wsId}/sessions`, ownerKey, { access: "cow" });
    expect(cow.body).toMatchObject({ access: "cow" });
    const id = cow.body.id as string;
    expect((await call("POST", `/workspaces/${wsId}/exec`, ownerKey, { command: "echo trial > trial.txt", sessionId: id })).body.exitCode).toBe(0);
    await expect(stat(path.join(rootPath, "trial.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    const snap = await call("POST", `/sessions/${id}/snapshot`, ownerKey, { label: "trial" });
    expect(snap.status).toBe(200);
    expect(snap.body).toMatchObject({ label: "trial", fileCount: 1 });
    // Someone else's key cannot keep it (nor learn that the session exists).
    const stranger = await makeKey(await makeUser(), { scopes: ["read", "write", "exec"] });
    expect((await call("POST", `/sessions/${id}/snapshot`, stranger, {})).status).toBe(404);
    expect((await call("DELETE", `/sessions/${id}`, ownerKey)).status).toBe(200);
    expect(await volumeGone(id)).toBe(true);
    await expect(stat(overlayDirs(sandboxSettings(), id).dir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("REST: only admins define shared folders (audited); owners attach; files read under shared/<name>; writes refused", async () => {
    const refused = await call("POST", "/shared-folders", ownerKey, { name: folder, hostPath: hostDir });
    expect(refused.status).toBe(403);
    expect(await lastAudit({ actorUserId: ownerId, action: "sharedFolders.define" })).toMatchObject({ outcome: "DENIED" });
    const defined = await call("POST", "/shared-folders", adminKey, { name: folder, hostPath: hostDir });
    expect(defined.status).toBe(200);
    const bad = await call("POST", "/shared-folders", adminKey, { name: `${folder}-x`, hostPath: path.join(hostDir, "escape") });
    expect(bad).toMatchObject({ status: 422, body: { error: { reason: "shared_folder_invalid" } } });

    const attached = await call("PUT", `/workspaces/${wsId}/shared-folders/${folder}`, ownerKey, {});
    expect(attached.body).toMatchObject({ name: folder, attached: true, writable: false, mountPath: `/shared/${folder}` });
    const listed = await call("GET", `/workspaces/${wsId}/shared-folders`, ownerKey);
    expect((listed.body.items as { name: string }[]).map((f) => f.name)).toContain(folder);

    const read = await call("GET", `/workspaces/${wsId}/files/content?path=${encodeURIComponent(`shared/${folder}/pkg/lib.py`)}`, ownerKey);
    expect(read.body).toMatchObject({ content: "VALUE = 42\n" });
    const escape = await call("GET", `/workspaces/${wsId}/files/content?path=${encodeURIComponent(`shared/${folder}/escape/etc/passwd`)}`, ownerKey);
    expect(escape.status).toBe(403);
    const write = await call("PUT", `/workspaces/${wsId}/files/content`, ownerKey, { path: `shared/${folder}/pkg/lib.py`, content: "VALUE = 0\n" });
    expect(write).toMatchObject({ status: 403, body: { error: { reason: "read_only" } } });
    expect(await readFile(path.join(hostDir, "pkg", "lib.py"), "utf8")).toBe("VALUE = 42\n");
  });

  it("MCP: start a cow session, run in it, keep it as a snapshot, stop it; read a shared file", async () => {
    const tool = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
    const started = await tool("start_session", { workspaceId: wsId, access: "cow" });
    expect(started.isError, text(started)).toBeFalsy();
    const sessionId = (started.structuredContent as { session: { id: string; access: string } }).session.id;
    expect(started.structuredContent).toMatchObject({ session: { access: "cow" } });
    const ran = await tool("execute_command", { workspaceId: wsId, sessionId, command: `echo mcp > mcp.txt && cat /shared/${folder}/pkg/lib.py` });
    expect(text(ran)).toContain("VALUE = 42");
    await expect(stat(path.join(rootPath, "mcp.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    const kept = await tool("snapshot_session", { workspaceId: wsId, sessionId, label: "from mcp" });
    expect(kept.isError, text(kept)).toBeFalsy();
    expect(kept.structuredContent).toMatchObject({ label: "from mcp" });
    const stopped = await tool("stop_session", { workspaceId: wsId, sessionId });
    expect(text(stopped)).toContain("discarded");
    expect(await volumeGone(sessionId)).toBe(true);
    const bad = await tool("start_session", { workspaceId: wsId, access: "cow", preset: "no-such-preset" });
    expect(bad.isError).toBe(true);

    const file = await tool("read_file", { workspaceId: wsId, path: `shared/${folder}/pkg/lib.py` });
    expect(text(file)).toContain("VALUE = 42");
    const denied = await tool("write_file", { workspaceId: wsId, path: `shared/${folder}/pkg/lib.py`, content: "x" });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/read.only/i);
  });
});
