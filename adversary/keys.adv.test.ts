// What a narrow API key tries in order to get wider: minting a key without its restrictions,
// seeing or creating workspaces outside its pins, administering the instance, outrunning its rate
// limit on the door that does not count, changing files it never read on the door that does not
// check, and reading stored credential material out of any response. Real PostgreSQL, real
// socket.io clients, the real REST, MCP and tRPC HTTP handlers.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { io as connectIo } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as trpcGet } from "~/app/api/trpc/[trpc]/route";
import { POST as uploadRoute } from "~/app/api/workspaces/[workspaceId]/files/upload/route";
import { DELETE, GET, PATCH, POST, PUT } from "~/app/api/v1/[...path]/route";
import { handleMcpRequest } from "~/server/agent/mcp/http";
import { hashKey } from "~/server/auth/api-keys";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import type { Ack, WhoAmI, WorkspaceJoined } from "~/server/realtime/events";
import { SOCKET_PATH } from "~/server/realtime/events";
import type { RealtimeServer } from "~/server/realtime/server";
import { callerAs, callerWithKey, failure, lastAudit, makeKey, makeUser } from "~/test/actors";
import { type ClientSocket, startRealtimeServer } from "~/test/realtime-server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

// ---- doors ----

const rest = { GET, POST, PUT, PATCH, DELETE } as const;

async function restCall(method: keyof typeof rest, route: string, key: string, body?: unknown): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  return rest[method](new Request(`http://atrium.test/api/v1${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

async function restJson<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** A batched GET through the real tRPC route (what the browser client sends). */
async function trpcBatch(key: string, procedures: string[]): Promise<{ status: number; text: string; headers: Headers }> {
  const url = `http://atrium.test/api/trpc/${procedures.join(",")}?batch=1`;
  const res = await trpcGet(new Request(url, { headers: { authorization: `Bearer ${key}` } }));
  return { status: res.status, text: await res.text(), headers: res.headers };
}

let realtime: { io: RealtimeServer; url: string };

function connectWithKey(key: string): Promise<ClientSocket> {
  const socket: ClientSocket = connectIo(realtime.url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true, auth: { token: key } });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
  });
}

const sockets: ClientSocket[] = [];
const mcpClients: Client[] = [];

/** An MCP client whose requests go straight to the route handler; every response body is kept. */
async function mcpWithKey(key: string, bodies: Promise<string>[]): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL("http://atrium.test/api/mcp"), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
    fetch: async (input, init) => {
      const res = await handleMcpRequest(new Request(input, init));
      if ((init?.method ?? "GET") !== "GET") bodies.push(res.clone().text());
      return res;
    },
  });
  const client = new Client({ name: "keys-adversary", version: "1.0.0" });
  await client.connect(transport);
  mcpClients.push(client);
  return client;
}

/** Emits through `emit` and resolves with the acknowledgement. */
const ack = <T>(emit: (done: (result: Ack<T>) => void) => void): Promise<Ack<T>> => new Promise((resolve) => emit(resolve));

// ---- fixture ----

let admin: ActorUser;
let member: ActorUser;
let wsA: { id: string; rootPath: string };
let wsB: { id: string };
let memberWs: { id: string; rootPath: string };

async function newWorkspace(user: ActorUser, name: string): Promise<{ id: string; rootPath: string }> {
  const ws = await (await callerAs(user)).workspaces.create({ name, template: "empty" });
  return { id: ws.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).rootPath };
}

beforeAll(async () => {
  realtime = await startRealtimeServer();
  admin = await makeUser({ admin: true });
  member = await makeUser();
  wsA = await newWorkspace(admin, `Pinned A ${Date.now()}`);
  wsB = await newWorkspace(admin, `Other B ${Date.now()}`);
  memberWs = await newWorkspace(member, `Careful ${Date.now()}`);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(mcpClients.map((c) => c.close().catch(() => undefined)));
  await realtime.io.close();
});

// ---- keys narrow, never widen ----

describe("a key pinned to one workspace (admin scope, read-before-write, an expiry, a rate limit)", () => {
  let pinned: string;
  let pinnedId: string;

  beforeAll(async () => {
    pinned = await makeKey(admin, { scopes: ["read", "write", "admin"], workspaceIds: [wsA.id], requireReadBeforeWrite: true, expiresInDays: 10, rateLimitPerMinute: 500 });
    pinnedId = (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(pinned) } })).id;
  });

  it("cannot mint a key for every workspace, or for another one (refused, audited)", async () => {
    const viaKey = await callerWithKey(pinned);
    expect(await failure(viaKey.apiKeys.create({ name: "everywhere", scopes: ["read"] }))).toMatchObject({ code: "FORBIDDEN", reason: "workspace_escalation" });
    expect(await lastAudit({ apiKeyId: pinnedId, reason: "workspace_escalation" })).toMatchObject({ action: "apiKeys.create", outcome: "DENIED" });
    expect(await failure(viaKey.apiKeys.create({ name: "elsewhere", scopes: ["read"], workspaceIds: [wsA.id, wsB.id] }))).toMatchObject({ code: "FORBIDDEN", reason: "workspace_escalation" });
    expect(await failure(viaKey.apiKeys.create({ name: "wider", scopes: ["read", "exec"], workspaceIds: [wsA.id] }))).toMatchObject({ code: "FORBIDDEN", reason: "scope_escalation" });
    expect(await lastAudit({ apiKeyId: pinnedId, reason: "scope_escalation" })).toMatchObject({ action: "apiKeys.create", outcome: "DENIED" });
  });

  it("mints only keys as narrow as itself: read-before-write kept, expiry and rate limit no looser", async () => {
    const viaKey = await callerWithKey(pinned);
    const parent = await db().apiKey.findUniqueOrThrow({ where: { id: pinnedId } });
    const { key, apiKey } = await viaKey.apiKeys.create({ name: "child", scopes: ["read", "admin"], workspaceIds: [wsA.id], requireReadBeforeWrite: false, expiresInDays: 3650, rateLimitPerMinute: 600 });
    expect(apiKey).toMatchObject({ workspaceIds: [wsA.id], requireReadBeforeWrite: true, rateLimitPerMinute: 500 });
    expect(apiKey.expiresAt?.getTime()).toBeLessThanOrEqual(parent.expiresAt!.getTime());
    const noExpiry = (await viaKey.apiKeys.create({ name: "forever", scopes: ["read"], workspaceIds: [wsA.id] })).apiKey;
    expect(noExpiry.expiresAt?.getTime()).toBe(parent.expiresAt!.getTime());
    // The child is as limited in use as it looks: it cannot reach workspace B either.
    expect(await failure((await callerWithKey(key)).workspaces.get({ workspaceId: wsB.id }))).toMatchObject({ code: "NOT_FOUND", reason: "api_key_workspace_not_allowed" });
  });

  it("lists only its workspace on tRPC, REST and MCP; scope all is refused", async () => {
    const viaKey = await callerWithKey(pinned);
    expect((await viaKey.workspaces.list({})).items.map((w) => w.id)).toEqual([wsA.id]);
    expect((await viaKey.workspaces.list({ scope: "mine" })).items.map((w) => w.id)).toEqual([wsA.id]);
    expect(await failure(viaKey.workspaces.list({ scope: "all" }))).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    const viaRest = await restJson<{ items: { id: string }[] }>(await restCall("GET", "/workspaces", pinned), 200);
    expect(viaRest.items.map((w) => w.id)).toEqual([wsA.id]);
    const mcp = await mcpWithKey(pinned, []);
    const listed = (await mcp.callTool({ name: "list_workspaces", arguments: {} })) as CallToolResult;
    expect((listed.structuredContent as { items: { id: string }[] }).items.map((w) => w.id)).toEqual([wsA.id]);
  });

  it("creates no workspace: create on tRPC and REST, import, restore as new (refused, audited)", async () => {
    const viaKey = await callerWithKey(pinned);
    expect(await failure(viaKey.workspaces.create({ name: `Escape ${Date.now()}`, template: "empty" }))).toMatchObject({ code: "FORBIDDEN", reason: "api_key_pinned" });
    expect(await lastAudit({ apiKeyId: pinnedId, reason: "api_key_pinned", action: "workspaces.create" })).toMatchObject({ outcome: "DENIED" });
    const viaRest = await restJson<{ error: { reason: string } }>(await restCall("POST", "/workspaces", pinned, { name: `Escape REST ${Date.now()}` }), 403);
    expect(viaRest.error.reason).toBe("api_key_pinned");
    const imported = await rest.POST(new Request("http://atrium.test/api/v1/workspaces/import?name=Escape", { method: "POST", headers: { authorization: `Bearer ${pinned}` }, body: "not even an archive" }));
    expect((await restJson<{ error: { reason: string } }>(imported, 403)).error.reason).toBe("api_key_pinned");
    const snapshot = await (await callerAs(admin)).snapshots.create({ workspaceId: wsA.id, label: "seed" });
    expect(await failure(viaKey.snapshots.restoreAsNew({ workspaceId: wsA.id, snapshotId: snapshot.id, name: `Escape snap ${Date.now()}` }))).toMatchObject({ code: "FORBIDDEN", reason: "api_key_pinned" });
    expect(await db().workspace.count({ where: { ownerId: admin.id, name: { startsWith: "Escape" } } })).toBe(0);
  });

  it("does not administer the instance, even with the admin scope (an unpinned admin key does)", async () => {
    const viaKey = await callerWithKey(pinned);
    for (const [name, call] of [
      ["admin.users", () => viaKey.admin.users()],
      ["admin.sessions", () => viaKey.admin.sessions({})],
      ["audit.list", () => viaKey.audit.list({})],
      ["admin.setUserDisabled", () => viaKey.admin.setUserDisabled({ userId: member.id, disabled: true })],
    ] as const) {
      expect(await failure(call()), name).toMatchObject({ code: "FORBIDDEN", reason: "api_key_pinned" });
      expect(await lastAudit({ apiKeyId: pinnedId, action: name }), name).toMatchObject({ reason: "api_key_pinned", outcome: "DENIED" });
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: member.id } })).disabledAt).toBeNull();
    const unpinned = await callerWithKey(await makeKey(admin, { scopes: ["read", "admin"] }));
    await expect(unpinned.admin.users()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: admin.id })]));
  });

  it("sees and revokes only keys within its pins", async () => {
    const wide = await makeKey(admin, { name: "wide", scopes: ["read"] });
    const wideId = (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(wide) } })).id;
    const viaKey = await callerWithKey(pinned);
    const listed = await viaKey.apiKeys.list();
    expect(listed.map((k) => k.id)).not.toContain(wideId);
    expect(listed.every((k) => k.workspaceIds.length > 0 && k.workspaceIds.every((id) => id === wsA.id))).toBe(true);
    expect(await failure(viaKey.apiKeys.revoke({ id: wideId }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: wideId } })).revokedAt).toBeNull();
  });
});

// ---- one rate limit on every door ----

describe("the per-key rate limit", () => {
  it("counts every tRPC call, batched ones included", async () => {
    const key = await makeKey(member, { scopes: ["read"], rateLimitPerMinute: 3 });
    const viaKey = await callerWithKey(key);
    await viaKey.auth.me();
    await viaKey.auth.me();
    await viaKey.auth.me();
    expect(await failure(viaKey.auth.me())).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "api_key_rate_limited" });

    // One HTTP request with a batch of three procedures costs three.
    const batched = await makeKey(member, { scopes: ["read"], rateLimitPerMinute: 2 });
    const res = await trpcBatch(batched, ["auth.me", "auth.me", "auth.me"]);
    expect(res.text).toContain("api_key_rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("counts every socket.io event, and refuses over-budget events in their acknowledgement", async () => {
    const key = await makeKey(member, { scopes: ["read"], rateLimitPerMinute: 4 });
    const socket = await connectWithKey(key); // the handshake counts as one
    sockets.push(socket);
    const whoami = () => ack<WhoAmI>((done) => socket.emit("session:whoami", done));
    expect(await whoami()).toMatchObject({ ok: true });
    expect(await whoami()).toMatchObject({ ok: true });
    expect(await whoami()).toMatchObject({ ok: true });
    const refused = await whoami();
    expect(refused).toMatchObject({ ok: false, error: { code: "RATE_LIMITED", reason: "api_key_rate_limited" } });
    // A new connection is a request too: refused at the handshake.
    await expect(connectWithKey(key)).rejects.toMatchObject({ data: { reason: "api_key_rate_limited" } });
  });

  it("is one budget across doors, and REST answers carry RateLimit-* headers", async () => {
    const key = await makeKey(member, { scopes: ["read"], rateLimitPerMinute: 4 });
    await (await callerWithKey(key)).auth.me();
    const first = await restCall("GET", "/workspaces", key);
    await restJson(first, 200);
    expect(first.headers.get("ratelimit-limit")).toBe("4");
    expect(first.headers.get("ratelimit-remaining")).toBe("2");
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    const socket = await connectWithKey(key);
    sockets.push(socket);
    // The handshake and one event use the last two: the next event is over.
    expect(await ack<WhoAmI>((done) => socket.emit("session:whoami", done))).toMatchObject({ ok: true });
    expect(await ack<WhoAmI>((done) => socket.emit("session:whoami", done))).toMatchObject({ ok: false, error: { reason: "api_key_rate_limited" } });
    const over = await restCall("GET", "/workspaces", key);
    await restJson(over, 429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(over.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("cannot be set above the instance's limit", async () => {
    expect(await failure((await callerAs(member)).apiKeys.create({ name: "greedy", scopes: ["read"], rateLimitPerMinute: 1_000_000 }))).toMatchObject({ reason: "rate_limit_too_high" });
  });
});

// ---- requireReadBeforeWrite on every door ----

describe("requireReadBeforeWrite", () => {
  it("holds on tRPC for write, append, move, copy over and delete (audited), and uses the version read", async () => {
    const key = await makeKey(member, { scopes: ["read", "write"], requireReadBeforeWrite: true });
    const keyId = (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(key) } })).id;
    for (const name of ["a.txt", "b.txt", "c.txt", "d.txt"]) await writeFile(path.join(memberWs.rootPath, name), `${name}\n`);
    const viaKey = await callerWithKey(key);
    const refusals = [
      () => viaKey.files.write({ workspaceId: memberWs.id, path: "a.txt", content: "x" }),
      () => viaKey.files.append({ workspaceId: memberWs.id, path: "a.txt", content: "x" }),
      () => viaKey.files.move({ workspaceId: memberWs.id, from: "b.txt", to: "moved.txt" }),
      () => viaKey.files.copy({ workspaceId: memberWs.id, from: "c.txt", to: "d.txt", overwrite: true }),
      () => viaKey.files.delete({ workspaceId: memberWs.id, path: "d.txt" }),
    ];
    for (const refused of refusals) expect(await failure(refused())).toMatchObject({ code: "FORBIDDEN", reason: "read_before_write" });
    expect(await lastAudit({ apiKeyId: keyId, reason: "read_before_write" })).toMatchObject({ channel: "API", action: "files.delete", target: "d.txt", workspaceId: memberWs.id });

    await viaKey.files.write({ workspaceId: memberWs.id, path: "new.txt", content: "new files are fine" });
    await viaKey.files.read({ workspaceId: memberWs.id, path: "a.txt" });
    await viaKey.files.write({ workspaceId: memberWs.id, path: "a.txt", content: "changed after reading" });
    await viaKey.files.append({ workspaceId: memberWs.id, path: "a.txt", content: " and appended" });
    await writeFile(path.join(memberWs.rootPath, "a.txt"), "changed by someone else\n");
    expect(await failure(viaKey.files.write({ workspaceId: memberWs.id, path: "a.txt", content: "blind" }))).toMatchObject({ code: "CONFLICT", reason: "version_conflict" });
    expect(await lastAudit({ apiKeyId: keyId, reason: "version_conflict" })).toMatchObject({ target: "a.txt" });
  });

  it("holds on REST, and a read through another door counts", async () => {
    const key = await makeKey(member, { scopes: ["read", "write"], requireReadBeforeWrite: true });
    await writeFile(path.join(memberWs.rootPath, "rest.txt"), "one\n");
    const put = () => restCall("PUT", `/workspaces/${memberWs.id}/files/content`, key, { path: "rest.txt", content: "two\n" });
    expect((await restJson<{ error: { reason: string } }>(await put(), 403)).error.reason).toBe("read_before_write");
    expect((await restJson<{ error: { reason: string } }>(await restCall("DELETE", `/workspaces/${memberWs.id}/files?path=rest.txt`, key), 403)).error.reason).toBe("read_before_write");
    // Read over MCP, write over REST: the key has read it.
    const mcp = await mcpWithKey(key, []);
    await mcp.callTool({ name: "read_file", arguments: { workspaceId: memberWs.id, path: "rest.txt" } });
    await restJson(await put(), 200);
    // Uploads could replace files unseen: refused for such keys.
    const form = new FormData();
    form.append("files", new Blob(["evil"]), "rest.txt");
    const upload = await rest.POST(new Request(`http://atrium.test/api/v1/workspaces/${memberWs.id}/files/upload`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form }));
    expect((await restJson<{ error: { reason: string } }>(upload, 403)).error.reason).toBe("read_before_write");
    const direct = await uploadRoute(new Request(`http://atrium.test/api/workspaces/${memberWs.id}/files/upload`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: form }), {
      params: Promise.resolve({ workspaceId: memberWs.id }),
    });
    expect((await restJson<{ error: { reason: string } }>(direct, 403)).error.reason).toBe("read_before_write");
    expect(await readFile(path.join(memberWs.rootPath, "rest.txt"), "utf8")).toBe("two\n");
  });
});

// ---- no stored credential material in any response ----

describe("responses", () => {
  it("never carry secretHash, passwordHash or a stored hash, on any door", async () => {
    const bodies: string[] = [];
    const mcpBodies: Promise<string>[] = [];
    const adminKey = await makeKey(admin, { scopes: ["read", "write", "admin"] });
    const viaCookie = await callerAs(admin);
    const viaKey = await callerWithKey(adminKey);
    const keep = (value: unknown) => bodies.push(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));

    // tRPC: keys, the caller, users, members, workspaces, the audit log.
    const created = await viaCookie.apiKeys.create({ name: "walk", scopes: ["read"] });
    keep(created);
    keep(await viaKey.apiKeys.create({ name: "walk via key", scopes: ["read"] }));
    keep(await viaCookie.apiKeys.list());
    keep(await viaKey.apiKeys.list());
    keep(await viaKey.apiKeys.revoke({ id: created.apiKey.id }));
    keep(await viaKey.auth.me());
    keep(await viaKey.admin.users());
    keep(await viaKey.members.list({ workspaceId: wsA.id }));
    keep(await viaKey.workspaces.list({ scope: "all" }));
    keep(await viaKey.workspaces.get({ workspaceId: wsA.id }));
    keep(await viaKey.audit.list({}));
    // The tRPC HTTP route, as the browser reads it.
    bodies.push((await trpcBatch(adminKey, ["apiKeys.list", "auth.me", "admin.users"])).text);
    // REST.
    for (const route of ["/workspaces", `/workspaces/${wsA.id}`]) bodies.push(await (await restCall("GET", route, adminKey)).text());
    // MCP.
    const mcp = await mcpWithKey(adminKey, mcpBodies);
    await mcp.callTool({ name: "list_workspaces", arguments: {} });
    bodies.push(...(await Promise.all(mcpBodies)));
    // socket.io acknowledgements that carry users or keys.
    const socket = await connectWithKey(adminKey);
    sockets.push(socket);
    keep(await ack<WhoAmI>((done) => socket.emit("session:whoami", done)));
    keep(await ack<WorkspaceJoined>((done) => socket.emit("workspace:join", { workspaceId: wsA.id }, done)));

    const secrets = [
      ...(await db().apiKey.findMany({ where: { userId: admin.id }, select: { secretHash: true } })).map((k) => k.secretHash),
      ...(await db().user.findMany({ where: { id: { in: [admin.id, member.id] } }, select: { passwordHash: true } })).map((u) => u.passwordHash),
    ].filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThan(3);
    expect(bodies.length).toBeGreaterThan(15);
    for (const body of bodies) {
      expect(body).not.toMatch(/secretHash|passwordHash/i);
      for (const secret of secrets) expect(body.includes(secret), `a stored hash in ${body.slice(0, 200)}`).toBe(false);
    }
  });
});
