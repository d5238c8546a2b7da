// Issue 17's policy pieces through the agent doors, against the real /api/v1 route handlers (every
// answer checked against the OpenAPI document) and the MCP server over real HTTP with the SDK's
// client; real Postgres and Docker. Also: an archive holding GNU sparse files, made by
// `tar --sparse` here, is refused naming each such entry rather than imported empty.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE, GET, PATCH, POST, PUT } from "~/app/api/v1/[...path]/route";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { callerAs, lastAudit, makeKey, makeUser } from "~/test/actors";
import { bridgeTo } from "~/test/http-bridge";
import { createResponseValidator } from "~/test/openapi-validate";
import { handleMcpRequest } from "./mcp/http";
import { openApiDocument } from "./rest/openapi";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);
const run = promisify(execFile);

const handlers = { GET, POST, PUT, PATCH, DELETE } as const;
const conforms = createResponseValidator(openApiDocument());

async function rest(method: keyof typeof handlers, route: string, key: string, body?: unknown, raw?: { body: BodyInit; type: string }) {
  const headers = new Headers({ authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  if (raw) headers.set("content-type", raw.type);
  const url = `http://atrium.test/api/v1${route}`;
  const res = await handlers[method](new Request(url, { method, headers, body: raw ? raw.body : body !== undefined ? JSON.stringify(body) : undefined }));
  const text = await res.text();
  expect(conforms({ method, url, status: res.status, contentType: res.headers.get("content-type"), body: text }), `${method} ${route} matches the document`).toEqual([]);
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> & { error?: { code: string; reason?: string; message: string; details?: Record<string, unknown> } } };
}

const bridge = bridgeTo(handleMcpRequest);

describe("policy through REST and MCP", () => {
  let owner: ActorUser;
  let editor: ActorUser;
  let viewer: ActorUser;
  let wsId: string;
  let ownerKey: string;
  let editorKey: string;
  let viewerKey: string;
  let http: Server;
  let mcpUrl: URL;
  const clients: Client[] = [];

  async function mcp(key: string) {
    const client = new Client({ name: "policy-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
    clients.push(client);
    return async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  }

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `policy-doors-${process.pid}` }));
    [owner, editor, viewer] = await Promise.all([makeUser(), makeUser(), makeUser()]);
    const o = await callerAs(owner);
    wsId = (await o.workspaces.create({ name: "Policy doors", template: "empty" })).id;
    await o.members.invite({ workspaceId: wsId, email: editor.email, role: "editor" });
    await o.members.invite({ workspaceId: wsId, email: viewer.email, role: "viewer" });
    await o.files.write({ workspaceId: wsId, path: "uploads/run.sh", content: "#!/bin/sh\necho ran\n" });
    await o.pathRules.create({ workspaceId: wsId, pattern: "uploads/**", effect: "no_exec" });
    await o.pathRules.create({ workspaceId: wsId, pattern: "secrets/**", effect: "block" });
    ownerKey = await makeKey(owner, { scopes: ["read", "write", "exec"] });
    editorKey = await makeKey(editor, { scopes: ["read", "write", "exec"] });
    viewerKey = await makeKey(viewer, { scopes: ["read"] });
    http = createServer((req, res) => void bridge(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    mcpUrl = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/mcp`);
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("REST: an owner applies the worker preset; an editor's PUT is 403 and audited; exec off the list is refused", async () => {
    // Before any allowlist: the no_exec rule alone refuses the script.
    const noExec = await rest("POST", `/workspaces/${wsId}/exec`, editorKey, { command: ["sh", "uploads/run.sh"] });
    expect(noExec).toMatchObject({ status: 403, body: { error: { code: "PATH_DENIED", reason: "blocked_path" } } });
    const denied = await rest("PUT", `/workspaces/${wsId}/command-policy`, editorKey, { preset: "open" });
    expect(denied).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN", reason: "role_required" } } });
    expect(await lastAudit({ actorUserId: editor.id, reason: "role_required" })).toMatchObject({ channel: "API", workspaceId: wsId });
    const bad = await rest("PUT", `/workspaces/${wsId}/command-policy`, ownerKey, { preset: "worker", policy: null });
    expect(bad.status).toBe(422);
    const saved = await rest("PUT", `/workspaces/${wsId}/command-policy`, ownerKey, { preset: "worker" });
    expect(saved.status).toBe(200);
    expect((saved.body.policy as { allowedBinaries: string[] }).allowedBinaries).toContain("pytest");
    expect((await rest("GET", `/workspaces/${wsId}/command-policy`, viewerKey)).body.policy).toEqual(saved.body.policy);

    const refused = await rest("POST", `/workspaces/${wsId}/exec`, editorKey, { command: ["env", "uname"] });
    expect(refused).toMatchObject({ status: 403, body: { error: { reason: "blocked_command" } } });
    const ok = await rest("POST", `/workspaces/${wsId}/exec`, editorKey, { command: ["ls", "uploads"] });
    expect(ok).toMatchObject({ status: 200, body: { exitCode: 0, stdout: "run.sh\n" } });
  });

  it("REST: paths/check answers without acting", async () => {
    const blocked = await rest("POST", `/workspaces/${wsId}/paths/check`, editorKey, { path: "uploads/run.sh", permission: "execute" });
    expect(blocked).toMatchObject({ status: 200, body: { allowed: false, reason: "blocked_path", resolved: "uploads/run.sh" } });
    expect((await rest("POST", `/workspaces/${wsId}/paths/check`, editorKey, { path: "./uploads/../uploads/run.sh", permission: "write" })).body).toMatchObject({ allowed: true, resolved: "uploads/run.sh" });
    // The key's scope is checked before the role, as for the real write.
    expect((await rest("POST", `/workspaces/${wsId}/paths/check`, viewerKey, { path: "notes.txt", permission: "write" })).body).toMatchObject({ allowed: false, reason: "missing_scope" });
    const viewerFullKey = await makeKey(viewer, { scopes: ["read", "write"] });
    expect((await rest("POST", `/workspaces/${wsId}/paths/check`, viewerFullKey, { path: "notes.txt", permission: "write" })).body).toMatchObject({ allowed: false, reason: "role_required" });
    expect((await rest("PUT", `/workspaces/${wsId}/files/content`, viewerFullKey, { path: "notes.txt", content: "x" })).body.error).toMatchObject({ reason: "role_required" });
    expect((await rest("POST", `/workspaces/${wsId}/paths/check`, editorKey, { path: "secrets/a", permission: "read" })).body).toMatchObject({ allowed: false, reason: "blocked_path" });
    expect((await rest("POST", `/workspaces/${wsId}/paths/check`, editorKey, { path: "../etc/passwd", permission: "read" })).body).toMatchObject({ allowed: false, reason: "outside_workspace" });
    const invalid = await rest("POST", `/workspaces/${wsId}/paths/check`, editorKey, { path: "a", permission: "chmod" });
    expect(invalid).toMatchObject({ status: 400 });
    // A key without the write scope is told so, as the real write would.
    const readOnlyEditor = await makeKey(editor, { scopes: ["read"] });
    expect((await rest("POST", `/workspaces/${wsId}/paths/check`, readOnlyEditor, { path: "x.txt", permission: "write" })).body).toMatchObject({ allowed: false, reason: "missing_scope" });
  });

  it("REST: limits within the ceiling are saved, above it 422 LIMIT_EXCEEDED; health carries the worker fields", async () => {
    const ceilings = await rest("GET", "/sandbox/ceilings", ownerKey);
    expect(ceilings.status).toBe(200);
    const max = ceilings.body.memoryMb as number;
    expect((await rest("PUT", `/workspaces/${wsId}/limits`, ownerKey, { limits: { memoryMb: max } })).status).toBe(200);
    const above = await rest("PUT", `/workspaces/${wsId}/limits`, ownerKey, { limits: { memoryMb: max + 1 } });
    expect(above).toMatchObject({ status: 422, body: { error: { code: "LIMIT_EXCEEDED", reason: "limit_above_ceiling" } } });
    expect((await rest("PUT", "/sandbox/ceilings", ownerKey, { memoryMb: max * 2 })).status).toBe(403);
    const res = await GET(new Request("http://atrium.test/api/v1/health"));
    const health = (await res.json()) as Record<string, unknown>;
    expect(health).toHaveProperty("workers");
    expect(health.volume).toMatchObject({ freeBytes: expect.any(Number) as unknown });
    expect((await rest("GET", "/sandbox/workers", ownerKey)).status).toBe(403);
  });

  it("MCP: check_path, get/set_command_policy and set_limits; an editor cannot set the policy (audited)", async () => {
    const asEditor = await mcp(editorKey);
    const check = await asEditor("check_path", { workspaceId: wsId, path: "uploads/run.sh", permission: "execute" });
    expect(check.isError).toBeFalsy();
    expect(check.structuredContent).toMatchObject({ allowed: false, reason: "blocked_path" });
    const policy = await asEditor("get_command_policy", { workspaceId: wsId });
    expect((policy.structuredContent as { policy: { allowedBinaries: string[] } }).policy.allowedBinaries).toContain("git");
    const refusedSet = await asEditor("set_command_policy", { workspaceId: wsId, preset: "open" });
    expect(refusedSet.isError).toBe(true);
    expect(refusedSet.structuredContent).toMatchObject({ error: { code: "FORBIDDEN", reason: "role_required" } });
    expect(await lastAudit({ actorUserId: editor.id, action: "policy.setCommandPolicy" })).toMatchObject({ channel: "MCP", outcome: "DENIED" });
    const asOwner = await mcp(ownerKey);
    expect((await asOwner("set_command_policy", { workspaceId: wsId, policy: null })).isError).toBeFalsy();
    const run = await asEditor("execute_command", { workspaceId: wsId, command: ["./uploads/run.sh"] });
    expect(run.structuredContent).toMatchObject({ error: { reason: "blocked_path" } });

    const set = await asOwner("set_command_policy", { workspaceId: wsId, policy: { allowedBinaries: ["ls"], blockedPatterns: ["re:ls\\s+-R"] } });
    expect(set.isError).toBeFalsy();
    expect((await asEditor("execute_command", { workspaceId: wsId, command: "ls -R" })).structuredContent).toMatchObject({ error: { reason: "blocked_command" } });
    expect((await asEditor("execute_command", { workspaceId: wsId, command: ["cat", "uploads/run.sh"] })).structuredContent).toMatchObject({ error: { reason: "blocked_command" } });
    const limits = await asOwner("set_limits", { workspaceId: wsId, limits: { memoryMb: 1_000_000 } });
    expect(limits.structuredContent).toMatchObject({ error: { code: "LIMIT_EXCEEDED", reason: "limit_above_ceiling" } });
    await asOwner("set_command_policy", { workspaceId: wsId, policy: null });
  });

  it("import: GNU sparse entries (gnu and pax formats, made by tar --sparse) are refused by name; nothing is created", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-sparse-"));
    try {
      const tree = path.join(dir, "tree");
      await mkdir(tree);
      await writeFile(path.join(tree, "plain.txt"), "kept?\n");
      for (const name of ["holes.bin", "more-holes.img"]) {
        await writeFile(path.join(tree, name), "");
        await truncate(path.join(tree, name), 8 << 20);
        await writeFile(path.join(tree, `${name}.note`), "x");
      }
      for (const format of ["gnu", "pax"]) {
        const archive = path.join(dir, `${format}.tar.gz`);
        await run("tar", ["--sparse", `--format=${format}`, "-czf", archive, "-C", tree, "."]);
        const before = await db().workspace.count({ where: { ownerId: owner.id } });
        const res = await rest("POST", `/workspaces/import?name=${format}-sparse`, ownerKey, undefined, { body: await readFile(archive), type: "application/gzip" });
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(res.body.error).toMatchObject({ code: "INVALID_INPUT", reason: "archive_special_file" });
        expect(res.body.error?.message).toContain("holes.bin (GNU sparse file)");
        expect(res.body.error?.message).toContain("more-holes.img (GNU sparse file)");
        expect(res.body.error?.details).toMatchObject({ count: 2 });
        expect(await db().workspace.count({ where: { ownerId: owner.id } })).toBe(before);
      }
      // The same tree without --sparse imports whole.
      const plain = path.join(dir, "plain.tar.gz");
      await run("tar", ["-czf", plain, "-C", tree, "."]);
      const ok = await rest("POST", "/workspaces/import?name=not-sparse", ownerKey, undefined, { body: await readFile(plain), type: "application/gzip" });
      expect(ok).toMatchObject({ status: 201, body: { files: 5, droppedCount: 0 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
