// PostgreSQL stopped under every door: tRPC, REST, each streaming HTTP route, socket.io
// acknowledgements (and the handshake) and MCP all answer 503 UNAVAILABLE with the same typed
// body (and Retry-After where HTTP), never a 500. The database stopped here is this file's OWN
// embedded PostgreSQL (started in a temporary directory on a free port), never the machine's.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as mcpPost } from "~/app/api/mcp/route";
import { GET as trpcGet } from "~/app/api/trpc/[trpc]/route";
import { GET as restGet } from "~/app/api/v1/[...path]/route";
import { GET as exportGet } from "~/app/api/workspaces/[workspaceId]/export/route";
import { GET as downloadGet } from "~/app/api/workspaces/[workspaceId]/files/download/route";
import { POST as uploadPost } from "~/app/api/workspaces/[workspaceId]/files/upload/route";
import { GET as snapshotGet } from "~/app/api/workspaces/[workspaceId]/snapshots/[snapshotId]/download/route";
import { POST as importPost } from "~/app/api/workspaces/import/route";
import type { ActorUser } from "~/server/auth/types";
import { disconnectDb } from "~/server/db/client";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "~/server/db/embedded";
import { migrate } from "~/server/db/migrate";
import type { AppErrorBody } from "~/server/errors";
import { appVersion, bootedRuntime, setRuntime } from "~/server/runtime";
import { freePort } from "~/test/database";
import { callerAs, makeKey, makeUser, sessionCookie } from "~/test/actors";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import type { RealtimeServer } from "~/server/realtime/server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const BASE = "http://atrium.test";

/** An acknowledgement as the tests read it (socket.io types `timeout().emitWithAck` loosely). */
type Failed = { ok: boolean; error?: AppErrorBody };
const MCP_ACCEPT = "application/json, text/event-stream";

function expectUnavailable(body: AppErrorBody | undefined, where: string): void {
  expect(body, where).toMatchObject({ code: "UNAVAILABLE", reason: "database_unavailable", retryAfterSeconds: 5 });
  expect(body?.message, where).toMatch(/database is not reachable right now\. Try again/);
}

/** An HTTP door's answer: 503, Retry-After, `{ error: { code: "UNAVAILABLE", … } }`. */
async function expectHttp503(res: Response, where: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${where}: ${text.slice(0, 300)}`).toBe(503);
  expect(res.headers.get("retry-after"), where).toBe("5");
  expectUnavailable((JSON.parse(text) as { error: AppErrorBody }).error, where);
}

describe("PostgreSQL stopped: every door answers 503 UNAVAILABLE", () => {
  let dir: string;
  let pg: EmbeddedDatabase;
  const previous = bootedRuntime();
  let owner: ActorUser;
  let cookie: string;
  let key: string;
  let wsId: string;
  let mcpSession: string;
  let realtime: { io: RealtimeServer; url: string };
  let socket: ClientSocket;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "atrium-outage-pg-"));
    pg = await startEmbeddedPostgres({ dir, port: await freePort(), database: "atrium_outage" });
    await migrate(pg.url);
    await disconnectDb();
    setRuntime({ databaseUrl: pg.url, authSecret: previous?.authSecret ?? "test-secret-test-secret-test-secret-0123", version: appVersion() });
    await makeUser(); // the instance's first account is an admin; the owner below is a plain user
    owner = await makeUser();
    cookie = await sessionCookie(owner.id);
    key = await makeKey(owner, { scopes: ["read", "write", "exec"] });
    wsId = (await (await callerAs(owner)).workspaces.create({ name: "outage", template: "empty" })).id;

    // An MCP session and a socket opened while the database is up, as a running client would have.
    const init = await mcpPost(
      new Request(`${BASE}/api/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: MCP_ACCEPT },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "outage", version: "1" } } }),
      }),
    );
    expect(init.status).toBe(200);
    mcpSession = init.headers.get("mcp-session-id") ?? "";
    await init.body?.cancel();
    const initialized = await mcpPost(
      new Request(`${BASE}/api/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: MCP_ACCEPT, "mcp-session-id": mcpSession, "mcp-protocol-version": "2025-06-18" },
        body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      }),
    );
    expect(initialized.status).toBeLessThan(300);

    realtime = await startRealtimeServer();
    socket = connectSocket(realtime.url, cookie);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const joined = await socket.emitWithAck("workspace:join", { workspaceId: wsId });
    expect(joined.ok).toBe(true);

    await pg.stop();
  });

  afterAll(async () => {
    socket?.disconnect();
    await realtime?.io.close();
    await disconnectDb();
    if (previous) setRuntime(previous);
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("tRPC: 503 with the app error in tRPC's envelope and Retry-After", async () => {
    const res = await trpcGet(new Request(`${BASE}/api/trpc/workspaces.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie } }));
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = JSON.parse(text) as { error: { json: { message: string; data: { code: string; httpStatus: number; app: AppErrorBody } } } };
    expect(body.error.json.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
    expectUnavailable(body.error.json.data.app, "tRPC");
    expect(body.error.json.message).toBe(body.error.json.data.app.message);
  });

  it("REST: 503 with `{ error }` and Retry-After", async () => {
    await expectHttp503(await restGet(new Request(`${BASE}/api/v1/workspaces/${wsId}`, { headers: { authorization: `Bearer ${key}` } })), "REST get workspace");
    await expectHttp503(await restGet(new Request(`${BASE}/api/v1/workspaces/${wsId}/export`, { headers: { authorization: `Bearer ${key}` } })), "REST export");
  });

  it("the streaming HTTP routes: upload, download, export, import and snapshot download all 503", async () => {
    const params = Promise.resolve({ workspaceId: wsId });
    const form = new FormData();
    form.append("files", new Blob(["hello"]), "hello.txt");
    await expectHttp503(await uploadPost(new Request(`${BASE}/api/workspaces/${wsId}/files/upload`, { method: "POST", headers: { cookie }, body: form }), { params }), "upload");
    await expectHttp503(await downloadGet(new Request(`${BASE}/api/workspaces/${wsId}/files/download?path=a.txt`, { headers: { cookie } }), { params }), "download");
    await expectHttp503(await exportGet(new Request(`${BASE}/api/workspaces/${wsId}/export`, { headers: { cookie } }), { params }), "export");
    await expectHttp503(
      await importPost(new Request(`${BASE}/api/workspaces/import?name=again`, { method: "POST", headers: { cookie, "content-type": "application/gzip" }, body: new Uint8Array([31, 139]) }), { params: Promise.resolve({}) }),
      "import",
    );
    await expectHttp503(
      await snapshotGet(new Request(`${BASE}/api/workspaces/${wsId}/snapshots/s1/download`, { headers: { cookie } }), { params: Promise.resolve({ workspaceId: wsId, snapshotId: "s1" }) }),
      "snapshot download",
    );
    // With an API key too (the identity lookup is what fails first).
    await expectHttp503(await downloadGet(new Request(`${BASE}/api/workspaces/${wsId}/files/download?path=a.txt`, { headers: { authorization: `Bearer ${key}` } }), { params }), "download with a key");
  });

  it("socket.io: acknowledgements carry UNAVAILABLE, and a new connection is refused with it", async () => {
    const listed = (await socket.timeout(15_000).emitWithAck("terminal:list", { workspaceId: wsId })) as Failed;
    expect(listed.ok).toBe(false);
    expectUnavailable(listed.error, "terminal:list");
    const joined = (await socket.timeout(15_000).emitWithAck("workspace:join", { workspaceId: wsId })) as Failed;
    expect(joined.ok).toBe(false);
    expectUnavailable(joined.error, "workspace:join");
    // The connection stays up: an outage is not a revocation.
    expect(socket.connected).toBe(true);

    const late = connectSocket(realtime.url, cookie);
    const refusal = await new Promise<Error & { data?: AppErrorBody }>((resolve) => late.once("connect_error", resolve));
    late.disconnect();
    expectUnavailable(refusal.data, "socket handshake");
  });

  it("MCP: a tool call in an open session, and a new session, get UNAVAILABLE", async () => {
    const res = await mcpPost(
      new Request(`${BASE}/api/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: MCP_ACCEPT, "mcp-session-id": mcpSession, "mcp-protocol-version": "2025-06-18" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "list_files", arguments: { workspaceId: wsId, path: "" } } }),
      }),
    );
    const text = await res.text();
    if (res.status === 503) {
      // The key is looked up per request: the outage is met before any tool runs.
      expect(res.headers.get("retry-after")).toBe("5");
      expectUnavailable((JSON.parse(text) as { error: AppErrorBody }).error, "MCP request");
    } else {
      // A tool result with isError, its structured error the same body as every other door's.
      expect(res.status, text.slice(0, 300)).toBe(200);
      const data = text.split("\n").find((l) => l.startsWith("data: "));
      const message = JSON.parse(data ? data.slice(6) : text) as { result: { isError: boolean; structuredContent: { error: AppErrorBody } } };
      expect(message.result.isError).toBe(true);
      expectUnavailable(message.result.structuredContent.error, "MCP tool result");
    }
    const fresh = await mcpPost(
      new Request(`${BASE}/api/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: MCP_ACCEPT },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "outage", version: "1" } } }),
      }),
    );
    await expectHttp503(fresh, "MCP initialize");
  });
});
