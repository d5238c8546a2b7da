// The MCP server through the SDK's own client over real HTTP (a node http server in front of the
// route's handler), with real Postgres, the real path guard and audit, and Docker for commands.
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { hashKey } from "~/server/auth/api-keys";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { MAX_TASK_TIMEOUT_MS } from "~/server/tasks/schemas";
import { removeDataDir } from "~/server/workspaces/test-helpers";
import { callerAs, lastAudit, makeKey, makeUser } from "~/test/actors";
import { bridgeTo } from "~/test/http-bridge";
import { handleMcpRequest } from "./http";
import { TOOL_NAMES } from "./server";
import { mcpSessions } from "./sessions";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);

/** What server.ts does for Next, reduced to one route: node request in, web Response out. */
const bridge = bridgeTo(handleMcpRequest);

const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
const structured = <T>(r: CallToolResult) => r.structuredContent as T;

describe("MCP server over streamable HTTP", () => {
  let http: Server;
  let url: URL;
  let owner: ActorUser;
  let wsId: string;
  let rootPath: string;
  let fullKey: string;
  const clients: { client: Client; transport: StreamableHTTPClientTransport }[] = [];

  async function connect(key: string) {
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
    const client = new Client({ name: "atrium-test", version: "1.0.0" });
    await client.connect(transport);
    clients.push({ client, transport });
    return { client, transport };
  }

  const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const keyIdOf = async (key: string) => (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(key) } })).id;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `mcp-test-${process.pid}` }));
    owner = await makeUser();
    const ws = await (await callerAs(owner)).workspaces.create({ name: "MCP playground", template: "empty" });
    wsId = ws.id;
    rootPath = (await db().workspace.findUniqueOrThrow({ where: { id: wsId } })).rootPath;
    fullKey = await makeKey(owner, { scopes: ["read", "write", "exec"] });
    http = createServer((req, res) => void bridge(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/mcp`);
  });

  afterAll(async () => {
    for (const { client } of clients) await client.close().catch(() => undefined);
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    await removeDataDir();
  });

  it("refuses a request without a key with a 401 JSON error", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } } }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "UNAUTHORIZED", reason: "not_signed_in" } });
    const bad = await fetch(url, { method: "POST", headers: { authorization: "Bearer atr_nope" }, body: "{}" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: "UNAUTHORIZED", reason: "api_key_malformed" } });
  });

  it("lists the tools with JSON schemas for their inputs", async () => {
    const { client } = await connect(fullKey);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.description).toBeTruthy();
      // Tools that find, create or start what a workspace id would name take none (or an optional one).
      if (!["list_workspaces", "find_workspace", "resolve_workspace", "start_session", "register_host_dir"].includes(tool.name)) expect(tool.inputSchema.required, tool.name).toContain("workspaceId");
    }
    const edit = tools.find((t) => t.name === "edit_file")!;
    expect(Object.keys(edit.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["path", "oldText", "newText", "replaceAll"]));

    // The limits the services enforce, advertised as such (not 2^53-1).
    const property = (tool: string, name: string) => tools.find((t) => t.name === tool)?.inputSchema.properties?.[name] as { maximum?: number; maxLength?: number } | undefined;
    expect(property("execute_command", "timeoutMs")?.maximum).toBe(env().ATRIUM_EXEC_MAX_TIMEOUT_MS);
    expect(property("execute_code", "timeoutMs")?.maximum).toBe(env().ATRIUM_EXEC_MAX_TIMEOUT_MS);
    expect(property("submit_task", "timeoutMs")?.maximum).toBe(MAX_TASK_TIMEOUT_MS);
    expect(property("submit_task", "maxRetries")?.maximum).toBe(5);
    expect(property("execute_command", "stdin")?.maxLength).toBe(1024 * 1024);
    expect(property("write_file", "content")?.maxLength).toBeGreaterThan(0);
  });

  it("lists workspaces, writes, reads, edits, lists, greps and deletes files", async () => {
    const { client } = await connect(fullKey);
    const list = await call(client, "list_workspaces", {});
    expect(structured<{ items: { id: string; role: string }[] }>(list).items).toContainEqual(expect.objectContaining({ id: wsId, role: "owner" }));
    expect(text(list)).toContain(wsId);

    const written = await call(client, "write_file", { workspaceId: wsId, path: "src/app.py", content: "x = 1\ny = 1\nprint(x)\n" });
    expect(written.isError).toBeFalsy();
    expect(structured<{ path: string; created: boolean }>(written)).toMatchObject({ path: "src/app.py", created: true });

    const read = await call(client, "read_file", { workspaceId: wsId, path: "src/app.py" });
    expect(text(read)).toBe("x = 1\ny = 1\nprint(x)\n");
    expect(structured<{ language: string; version: string }>(read).language).toBe("python");

    const edited = await call(client, "edit_file", { workspaceId: wsId, path: "src/app.py", oldText: "print(x)", newText: "print(x + y)" });
    expect(edited.isError).toBeFalsy();
    expect(structured<{ replacements: number }>(edited).replacements).toBe(1);

    const ambiguous = await call(client, "edit_file", { workspaceId: wsId, path: "src/app.py", oldText: " = 1", newText: " = 2" });
    expect(ambiguous.isError).toBe(true);
    expect(text(ambiguous)).toContain("occurs 2 times");
    expect(text(ambiguous)).toMatch(/more surrounding lines|replaceAll/);
    expect(structured<{ error: { reason: string } }>(ambiguous).error.reason).toBe("edit_snippet_not_unique");
    const missing = await call(client, "edit_file", { workspaceId: wsId, path: "src/app.py", oldText: "nope", newText: "yes" });
    expect(structured<{ error: { reason: string } }>(missing).error.reason).toBe("edit_snippet_not_found");
    expect(text(await call(client, "read_file", { workspaceId: wsId, path: "src/app.py" }))).toBe("x = 1\ny = 1\nprint(x + y)\n");

    expect(structured<{ created: boolean }>(await call(client, "mkdir", { workspaceId: wsId, path: "docs/notes" })).created).toBe(true);
    expect(structured<{ exists: boolean; type: string }>(await call(client, "file_exists", { workspaceId: wsId, path: "docs/notes" }))).toMatchObject({ exists: true, type: "directory" });
    const listing = await call(client, "list_files", { workspaceId: wsId });
    expect(text(listing)).toMatch(/docs\/\n.*src\//s);
    const grep = await call(client, "grep", { workspaceId: wsId, query: "print" });
    expect(text(grep)).toContain("src/app.py:3: print(x + y)");
    expect(structured<{ total: number }>(grep).total).toBe(1);

    expect(text(await call(client, "delete_file", { workspaceId: wsId, path: "docs", recursive: true }))).toBe("Deleted folder docs.");
    expect(structured<{ exists: boolean }>(await call(client, "file_exists", { workspaceId: wsId, path: "docs" })).exists).toBe(false);
  });

  it("refuses a protected file with a message saying what to do, audited with channel MCP and the key", async () => {
    const { client } = await connect(fullKey);
    const denied = await call(client, "read_file", { workspaceId: wsId, path: ".env" });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toContain("This path is protected (.env files hold secrets); Atrium never reads or writes it through the API. Use another file.");
    expect(structured<{ error: { code: string; reason: string } }>(denied).error).toMatchObject({ code: "PATH_DENIED", reason: "critical_file" });
    const row = await lastAudit({ apiKeyId: await keyIdOf(fullKey), reason: "critical_file" });
    expect(row).toMatchObject({ channel: "MCP", action: "files.read", outcome: "DENIED", target: ".env", workspaceId: wsId, actorUserId: owner.id });
  });

  it("refuses writes to a read-only key, audited", async () => {
    const readOnly = await makeKey(owner, { scopes: ["read"] });
    const { client } = await connect(readOnly);
    expect(text(await call(client, "read_file", { workspaceId: wsId, path: "src/app.py" }))).toContain("print(x + y)");
    const refused = await call(client, "write_file", { workspaceId: wsId, path: "src/app.py", content: "hacked" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('lacks the "write" scope');
    expect(await lastAudit({ apiKeyId: await keyIdOf(readOnly), reason: "missing_scope" })).toMatchObject({ channel: "MCP", action: "files.write", permission: "write" });
  });

  it("with requireReadBeforeWrite, refuses changing a file this key has not read", async () => {
    const careful = await makeKey(owner, { scopes: ["read", "write"], requireReadBeforeWrite: true });
    await writeFile(path.join(rootPath, "notes.txt"), "one\n");
    const { client } = await connect(careful);

    expect((await call(client, "write_file", { workspaceId: wsId, path: "fresh.txt", content: "new files are fine\n" })).isError).toBeFalsy();
    for (const [tool, args] of [
      ["write_file", { content: "two\n" }],
      ["edit_file", { oldText: "one", newText: "two" }],
      ["delete_file", {}],
    ] as const) {
      const refused = await call(client, tool, { workspaceId: wsId, path: "./notes.txt", ...args });
      expect(refused.isError, tool).toBe(true);
      expect(text(refused)).toContain("Read it first");
      expect(structured<{ error: { reason: string } }>(refused).error.reason).toBe("read_before_write");
    }
    expect(await lastAudit({ apiKeyId: await keyIdOf(careful), reason: "read_before_write" })).toMatchObject({ channel: "MCP", target: "notes.txt", workspaceId: wsId });

    await call(client, "read_file", { workspaceId: wsId, path: "notes.txt" });
    expect((await call(client, "edit_file", { workspaceId: wsId, path: "notes.txt", oldText: "one", newText: "two" })).isError).toBeFalsy();

    // Changed behind the session's back since it last saw it: the write is refused, not lost.
    await writeFile(path.join(rootPath, "notes.txt"), "changed elsewhere\n");
    const stale = await call(client, "write_file", { workspaceId: wsId, path: "notes.txt", content: "three\n" });
    expect(structured<{ error: { reason: string } }>(stale).error.reason).toBe("version_conflict");
    expect(text(stale)).toContain("Read it again");

    // What a key has read belongs to the key on every door, not to one session: another session
    // of the same key sees the same (stale) read, and a read there lets both write.
    const other = await connect(careful);
    expect(structured<{ error: { reason: string } }>(await call(other.client, "write_file", { workspaceId: wsId, path: "notes.txt", content: "x" })).error.reason).toBe("version_conflict");
    await call(other.client, "read_file", { workspaceId: wsId, path: "notes.txt" });
    expect((await call(client, "write_file", { workspaceId: wsId, path: "notes.txt", content: "four\n" })).isError).toBeFalsy();
  });

  it("creates, lists and restores snapshots through the tools", async () => {
    const { client } = await connect(fullKey);
    await writeFile(path.join(rootPath, "snap.txt"), "original\n");
    const created = await call(client, "create_snapshot", { workspaceId: wsId, label: "before change" });
    expect(created.isError, text(created)).toBeFalsy();
    const snap = structured<{ id: string; label: string; sizeBytes: number; createdAt: string }>(created);
    expect(snap).toMatchObject({ label: "before change" });
    expect(typeof snap.sizeBytes).toBe("number");
    expect(text(created)).toContain(snap.id);
    expect(structured<{ items: { id: string }[] }>(await call(client, "list_snapshots", { workspaceId: wsId })).items.map((s) => s.id)).toContain(snap.id);

    await writeFile(path.join(rootPath, "snap.txt"), "changed\n");
    const restored = await call(client, "restore_snapshot", { workspaceId: wsId, snapshotId: snap.id });
    expect(restored.isError, text(restored)).toBeFalsy();
    expect(structured<{ restored: { id: string }; preRestore: { kind: string } }>(restored)).toMatchObject({ restored: { id: snap.id }, preRestore: { kind: "PRE_RESTORE" } });
    expect(text(restored)).toContain("to undo");
    expect(text(await call(client, "read_file", { workspaceId: wsId, path: "snap.txt" }))).toBe("original\n");

    const missing = await call(client, "restore_snapshot", { workspaceId: wsId, snapshotId: "nope" });
    expect(missing.isError).toBe(true);
    expect(structured<{ error: { reason: string } }>(missing).error.reason).toBe("snapshot_not_found");
    expect(text(missing)).toContain("Call list_snapshots");

    // Into a new workspace instead: this one stays as it is.
    const asNew = await call(client, "restore_snapshot", { workspaceId: wsId, snapshotId: snap.id, newWorkspaceName: `MCP copy ${Date.now()}` });
    expect(asNew.isError, text(asNew)).toBeFalsy();
    const copy = structured<{ workspace: { id: string; name: string } }>(asNew).workspace;
    expect(text(asNew)).toContain("source workspace was not changed");
    expect(text(await call(client, "read_file", { workspaceId: copy.id, path: "snap.txt" }))).toBe("original\n");
  });

  it("keeps sessions to the key that opened them and ends them on DELETE", async () => {
    const { transport } = await connect(fullKey);
    const sessionId = transport.sessionId!;
    expect(mcpSessions().has(sessionId)).toBe(true);
    const stranger = await makeKey(await makeUser(), { scopes: ["read"] });
    const hijack = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${stranger}`, "mcp-session-id": sessionId, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    expect(hijack.status).toBe(404);
    await transport.terminateSession();
    expect(mcpSessions().has(sessionId)).toBe(false);
  });

  it.skipIf(!hasDocker)("submits a background task and reads its result with get_task", async () => {
    const { client } = await connect(fullKey);
    // Strict preset: argv without a shell or a network, so the run needs no Docker bridge.
    const submitted = await call(client, "submit_task", { workspaceId: wsId, command: ["echo", "from-a-task"], priority: "high", preset: "strict" });
    expect(submitted.isError).toBeFalsy();
    const task = structured<{ id: string; status: string; priority: string }>(submitted);
    expect(task).toMatchObject({ status: "QUEUED", priority: "high" });
    expect(text(submitted)).toContain(`get_task with taskId "${task.id}"`);

    const { TaskWorker } = await import("~/server/tasks/worker");
    const worker = new TaskWorker({ concurrency: 1, perWorkspace: 1, onlyWorkspaces: [wsId], useQueue: false, pollMs: 200, flushMs: 200, log: () => undefined });
    await worker.start();
    try {
      const done = await vi.waitFor(async () => {
        const r = await call(client, "get_task", { workspaceId: wsId, taskId: task.id });
        if (structured<{ status: string }>(r).status !== "COMPLETED") throw new Error("not done yet");
        return r;
      }, { timeout: 60_000, interval: 200 });
      expect(structured<{ exitCode: number; stdoutTail: string }>(done)).toMatchObject({ exitCode: 0, stdoutTail: "from-a-task\n" });
      expect(text(done)).toContain("COMPLETED, exit code 0");
      expect(text(done)).toContain("stdout:\nfrom-a-task");
    } finally {
      await worker.stop();
    }
    const missing = await call(client, "get_task", { workspaceId: wsId, taskId: "no-such-task" });
    expect(missing.isError).toBe(true);
    expect(structured<{ error: { reason: string } }>(missing).error.reason).toBe("task_not_found");
  });

  it.skipIf(!hasDocker)("runs commands in the workspace's sandbox, as a shell string or an argument list", async () => {
    const { client } = await connect(fullKey);
    const result = await call(client, "execute_command", { workspaceId: wsId, command: "echo hi" });
    expect(result.isError).toBeFalsy();
    expect(structured<{ exitCode: number; stdout: string }>(result)).toMatchObject({ exitCode: 0, stdout: "hi\n" });
    expect(text(result)).toContain("exit code 0");
    // The busybox test image has no bash/python/node, so execute_code is not exercised here.
    const argv = await call(client, "execute_command", { workspaceId: wsId, command: ["sh", "-c", "wc -l < src/app.py; echo oops >&2; exit 3"] });
    expect(structured<{ exitCode: number; stdout: string }>(argv)).toMatchObject({ exitCode: 3, stderr: "oops\n" });
    expect(structured<{ stdout: string }>(argv).stdout.trim()).toBe("3");
    expect(text(argv)).toMatch(/^exit code 3, \d+ ms\nstdout:\n\s*3\nstderr:\noops$/);
  });
});
