// Attacks through the web doors: password floods, forged X-Forwarded-For, cross-site requests
// riding a session cookie, hostile characters in inputs, strict's "no shell" and snapshots that
// would carry blocked paths out. Each case fails when the defence it names is removed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import * as audit from "~/server/audit/audit";
import { clientIp } from "~/server/auth/client-ip";
import { verifyCredentials } from "~/server/auth/users";
import { db } from "~/server/db/client";
import type { ActorUser } from "~/server/auth/types";
import { isAppError } from "~/server/errors";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { POST as mcpPost } from "~/app/api/mcp/route";
import { GET as trpcGet, POST as trpcPost } from "~/app/api/trpc/[trpc]/route";
import { GET as restGet, PATCH as restPatch, POST as restPost } from "~/app/api/v1/[...path]/route";
import { GET as snapshotDownload } from "~/app/api/workspaces/[workspaceId]/snapshots/[snapshotId]/download/route";
import { POST as importPost } from "~/app/api/workspaces/import/route";
import { POST as uploadPost } from "~/app/api/workspaces/[workspaceId]/files/upload/route";
import { failure, lastAudit, makeKey, makeUser, sessionCookie, STRONG_PASSWORD } from "~/test/actors";
import { connectSocket, startRealtimeServer } from "~/test/realtime-server";
import { makeTeam, teamWorkspace } from "~/server/workspaces/test-helpers";

// Workspaces made here live in a throw-away data dir.
vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const ctx = (ip: string) => ({ actor: null, ip, channel: "UI" as const });

async function signInOutcomes(email: string): Promise<{ checked: number; refused: number }> {
  const rows = await db().auditEvent.groupBy({ by: ["reason"], where: { action: "auth.signIn", target: email }, _count: true });
  const count = (reason: string) => rows.find((r) => r.reason === reason)?._count ?? 0;
  return { checked: count("invalid_credentials"), refused: count("rate_limited") };
}

describe("password floods", () => {
  it("lets exactly 5 of 20 concurrent wrong passwords reach the password check (count and decide in one statement)", async () => {
    const user = await makeUser();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => verifyCredentials(ctx("198.51.100.21"), { email: user.email, password: `wrong-${i}-password` })),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(await signInOutcomes(user.email)).toEqual({ checked: env().ATRIUM_SIGNIN_MAX_PER_ACCOUNT, refused: 20 - env().ATRIUM_SIGNIN_MAX_PER_ACCOUNT });
  });

  it("a flood of wrong passwords from many other addresses does not stop the owner signing in from theirs", async () => {
    const owner = await makeUser({ admin: true });
    // Enough addresses to pass the account's ceiling, each using all of its free failures.
    const addresses = Array.from({ length: 12 }, (_, i) => `192.0.2.${100 + i}`);
    await Promise.all(
      addresses.map(async (ip) => {
        for (let i = 0; i < env().ATRIUM_SIGNIN_MAX_PER_ACCOUNT; i++) await failure(verifyCredentials(ctx(ip), { email: owner.email, password: `guess-${ip}-${i}` }));
      }),
    );
    await expect(verifyCredentials(ctx("198.51.100.1"), { email: owner.email, password: STRONG_PASSWORD })).resolves.toMatchObject({ id: owner.id });
    expect((await signInOutcomes(owner.email)).checked).toBeGreaterThanOrEqual(env().ATRIUM_SIGNIN_ACCOUNT_CEILING);
    // Past the ceiling, a new address gets one free failure before its delays begin: slowed, not locked.
    await failure(verifyCredentials(ctx("198.51.100.2"), { email: owner.email, password: "another-guess-1" }));
    expect(await failure(verifyCredentials(ctx("198.51.100.2"), { email: owner.email, password: "another-guess-2" }))).toMatchObject({ reason: "rate_limited" });
  });
});

describe("X-Forwarded-For behind a trusted proxy", () => {
  let server: Server;
  let url = "";

  beforeAll(async () => {
    // What server.ts does: the address comes from clientIp with ATRIUM_TRUST_PROXY on; the peer
    // (this test, on loopback) plays the trusted reverse proxy that appends the client's address.
    server = createServer((req, res) => {
      const body: Buffer[] = [];
      req.on("data", (c: Buffer) => body.push(c));
      req.on("end", () => {
        const { email, password } = JSON.parse(Buffer.concat(body).toString()) as { email: string; password: string };
        verifyCredentials(ctx(clientIp(req, true) ?? ""), { email, password }).then(
          () => res.writeHead(200).end("ok"),
          (error: unknown) => res.writeHead(isAppError(error) ? error.httpStatus : 500).end(isAppError(error) ? error.reason : "error"),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("a client cannot escape its address's limits by forging the left-most X-Forwarded-For entry", async () => {
    const user = await makeUser();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(url, {
        method: "POST",
        // The client sent "X-Forwarded-For: 203.0.113.<i>"; our proxy appended what it saw.
        headers: { "x-forwarded-for": `203.0.113.${i + 1}, 198.51.100.77` },
        body: JSON.stringify({ email: user.email, password: `wrong-${i}-password` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const audit = await db().auditEvent.findFirst({ where: { action: "auth.signIn", target: user.email }, orderBy: { at: "desc" } });
    expect(audit?.ip).toBe("198.51.100.77");
  });
});

describe("cross-site requests riding the session cookie", () => {
  const EVIL = "https://evil.example";
  const params = (workspaceId: string) => ({ params: Promise.resolve({ workspaceId }) });

  async function reasonOf(res: Response): Promise<string | undefined> {
    const body = (await res.json()) as { error?: { reason?: string; json?: { data?: { app?: { reason?: string } } } } };
    return body.error?.reason ?? body.error?.json?.data?.app?.reason;
  }

  it("refuses a tRPC mutation from another site's page, audited, and lets Atrium's own pages and keys through", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user.id);
    const mutation = (headers: Record<string, string>) =>
      trpcPost(new Request("http://atrium.test/api/trpc/workspaces.create", { method: "POST", headers: { "content-type": "application/json", host: "atrium.test", ...headers }, body: JSON.stringify({ json: { name: `csrf-${Math.random().toString(36).slice(2, 8)}`, template: "empty" } }) }));

    const forged = await mutation({ cookie, origin: EVIL });
    expect(forged.status).toBe(403);
    expect(await reasonOf(forged)).toBe("cross_origin");
    expect(await lastAudit({ actorUserId: user.id, reason: "cross_origin" })).toMatchObject({ action: "workspaces.create", outcome: "DENIED", target: `Origin: ${EVIL}` });
    // A browser that sends no Origin still tells where the request came from.
    expect((await mutation({ cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await mutation({ cookie, origin: "null" })).status).toBe(403);

    // Same site: the mutation runs (the workspace is created); so does a key's, from anywhere.
    expect((await mutation({ cookie, origin: "http://atrium.test" })).status).toBe(200);
    const key = await makeKey(user, { scopes: ["read", "write"] });
    expect((await mutation({ authorization: `Bearer ${key}`, cookie, origin: EVIL })).status).toBe(200);
  });

  it("refuses a cross-site upload and import signed in by cookie", async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user.id);
    const data = new FormData();
    data.append("files", new Blob(["x"]), "x.txt");
    const upload = await uploadPost(new Request("http://atrium.test/api/workspaces/w1/files/upload", { method: "POST", headers: { cookie, origin: EVIL, host: "atrium.test" }, body: data }), params("w1"));
    expect(upload.status).toBe(403);
    expect(await reasonOf(upload)).toBe("cross_origin");
    expect(await lastAudit({ actorUserId: user.id, reason: "cross_origin" })).toMatchObject({ action: "files.upload" });

    const imported = await importPost(new Request("http://atrium.test/api/workspaces/import?name=x", { method: "POST", headers: { cookie, origin: EVIL, host: "atrium.test" }, body: new Uint8Array([1, 2, 3]) }), { params: Promise.resolve({}) });
    expect(imported.status).toBe(403);
    expect(await lastAudit({ actorUserId: user.id, reason: "cross_origin" })).toMatchObject({ action: "workspaces.import" });

    // From Atrium's own page the request reaches the handler (which then judges the workspace).
    const own = await uploadPost(new Request("http://atrium.test/api/workspaces/w1/files/upload", { method: "POST", headers: { cookie, origin: "http://atrium.test", host: "atrium.test" }, body: data }), params("w1"));
    expect(await reasonOf(own)).not.toBe("cross_origin");
  });

  it("refuses a socket.io handshake signed in by cookie from another site, audited", async () => {
    const { io, url } = await startRealtimeServer();
    try {
      const user = await makeUser();
      const cookie = await sessionCookie(user.id);
      const evil = connectSocket(url, cookie, { origin: EVIL });
      const outcome = await new Promise<{ data?: { reason?: string } } | "connected">((resolve) => {
        evil.on("connect_error", resolve);
        evil.on("connect", () => resolve("connected"));
      });
      evil.close();
      expect(outcome).not.toBe("connected");
      expect(outcome !== "connected" && outcome.data?.reason).toBe("cross_origin");
      expect(await lastAudit({ actorUserId: user.id, reason: "cross_origin" })).toMatchObject({ action: "socket.connect", channel: "TERMINAL" });

      const own = connectSocket(url, cookie, { origin: url });
      await new Promise<void>((resolve, reject) => {
        own.on("connect", resolve);
        own.on("connect_error", reject);
      });
      own.close();
    } finally {
      await io.close();
    }
  });
});

describe("hostile characters and keys in inputs", () => {
  const NUL = "a\u0000b";
  const LONE = "a\ud800b";

  interface Door {
    status: number;
    body: { error?: { code?: string; reason?: string; message?: string; json?: { data?: { app?: { code?: string; reason?: string; message?: string } } } } };
  }
  const appOf = (d: Door) => d.body.error?.json?.data?.app ?? d.body.error;

  async function viaTrpc(key: string, procedure: string, input: unknown, method: "GET" | "POST"): Promise<Door> {
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const res =
      method === "GET"
        ? await trpcGet(new Request(`http://atrium.test/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers }))
        : await trpcPost(new Request(`http://atrium.test/api/trpc/${procedure}`, { method: "POST", headers, body: JSON.stringify({ json: input }) }));
    return { status: res.status, body: (await res.json()) as Door["body"] };
  }

  async function viaRest(key: string, method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<Door> {
    const handler = { GET: restGet, POST: restPost, PATCH: restPatch }[method];
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const res = await handler(new Request(`http://atrium.test/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
    return { status: res.status, body: (await res.json()) as Door["body"] };
  }

  async function viaMcp(key: string, tool: string, args: unknown): Promise<Door> {
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" };
    // The raw text, so a JSON `__proto__` member arrives as the attacker wrote it.
    const body = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"${tool}","arguments":${typeof args === "string" ? args : JSON.stringify(args)}}}`;
    const res = await mcpPost(new Request("http://atrium.test/api/mcp", { method: "POST", headers, body }));
    const json = (await res.json()) as { error?: { data?: { code?: string; reason?: string; message?: string } } };
    return { status: res.status, body: { error: json.error?.data } };
  }

  function expectRefused(door: Door, reason: string, field: string): void {
    expect(door.status, JSON.stringify(door.body)).toBe(400);
    expect(appOf(door)).toMatchObject({ code: "INVALID_INPUT", reason });
    expect(appOf(door)?.message).toContain(field);
  }

  it("NUL and unpaired surrogates in ?q=, a task's command, a snapshot label and metadata values are a 400 on tRPC, REST and MCP, and audited", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const key = await makeKey(team.owner, { scopes: ["read", "write", "exec"] });
    for (const [bad, reason] of [
      [NUL, "nul_character"],
      [LONE, "invalid_unicode"],
    ] as const) {
      expectRefused(await viaTrpc(key, "workspaces.list", { q: bad }, "GET"), reason, "q");
      // A URL cannot carry an unpaired surrogate (its UTF-8 bytes decode to U+FFFD); NUL it can.
      if (bad === NUL) expectRefused(await viaRest(key, "GET", `/workspaces?q=${encodeURIComponent(bad)}`), reason, "q");

      expectRefused(await viaTrpc(key, "tasks.submit", { workspaceId: ws.id, command: ["echo", bad] }, "POST"), reason, "command[1]");
      expectRefused(await viaRest(key, "POST", `/workspaces/${ws.id}/tasks`, { command: ["echo", bad] }), reason, "command[1]");
      expectRefused(await viaMcp(key, "submit_task", { workspaceId: ws.id, command: ["echo", bad] }), reason, "command[1]");

      expectRefused(await viaTrpc(key, "snapshots.create", { workspaceId: ws.id, label: bad }, "POST"), reason, "label");
      expectRefused(await viaRest(key, "POST", `/workspaces/${ws.id}/snapshots`, { label: bad }), reason, "label");
      expectRefused(await viaMcp(key, "create_snapshot", { workspaceId: ws.id, label: bad }), reason, "label");

      expectRefused(await viaTrpc(key, "workspaces.update", { workspaceId: ws.id, metadata: { team: bad } }, "POST"), reason, "metadata.team");
      expectRefused(await viaRest(key, "PATCH", `/workspaces/${ws.id}`, { metadata: { team: bad } }), reason, "metadata.team");

      const denial = await lastAudit({ actorUserId: team.owner.id, reason });
      expect(denial).toMatchObject({ outcome: "DENIED", permission: "input", target: "metadata.team" });
    }
    // Nothing got through: no task, no snapshot, metadata unchanged.
    expect(await db().task.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db().snapshot.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("`__proto__`, `constructor` and `prototype` keys are a 400 on every door, not a 500", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const key = await makeKey(team.owner, { scopes: ["read", "write", "exec"] });
    const proto = '{"workspaceId":"' + ws.id + '","metadata":{"__proto__":{"polluted":true}}}';
    const res = await trpcPost(new Request("http://atrium.test/api/trpc/workspaces.update", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: `{"json":${proto}}` }));
    expectRefused({ status: res.status, body: (await res.json()) as Door["body"] }, "reserved_key", "metadata.__proto__");
    const rest = await restPatch(new Request(`http://atrium.test/api/v1/workspaces/${ws.id}`, { method: "PATCH", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: '{"metadata":{"__proto__":{"x":1}}}' }));
    expectRefused({ status: rest.status, body: (await rest.json()) as Door["body"] }, "reserved_key", "metadata.__proto__");
    expectRefused(await viaTrpc(key, "workspaces.update", { workspaceId: ws.id, metadata: { constructor: "x" } }, "POST"), "reserved_key", "metadata.constructor");
    expectRefused(await viaMcp(key, "execute_command", `{"workspaceId":"${ws.id}","command":["env"],"env":{"__proto__":{"PATH":"/tmp"}}}`), "reserved_key", "env.__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("socket.io events get the same check; keystrokes may carry NUL", async () => {
    const { io, url } = await startRealtimeServer();
    try {
      const team = await makeTeam();
      const ws = await teamWorkspace(team, { template: "empty" });
      const socket = connectSocket(url, await sessionCookie(team.owner.id));
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", resolve);
        socket.on("connect_error", reject);
      });
      const exec = await socket.emitWithAck("exec:start", { workspaceId: ws.id, command: ["echo", NUL] });
      expect(exec).toMatchObject({ ok: false, error: { code: "INVALID_INPUT", reason: "nul_character" } });
      const join = await socket.emitWithAck("workspace:join", { workspaceId: LONE });
      expect(join).toMatchObject({ ok: false, error: { code: "INVALID_INPUT", reason: "invalid_unicode" } });
      // Ctrl+@ is NUL: it passes the input check (and fails later only because there is no such terminal).
      const typed: unknown = await socket.emitWithAck("terminal:input", { terminalId: "nope", data: "\u0000" });
      expect(typed).toMatchObject({ ok: false, error: { reason: "terminal_not_found" } });
      socket.close();
    } finally {
      await io.close();
    }
  });

  it("the audit log stores an event whose content holds NUL, unpaired surrogates and a __proto__ key instead of losing it", async () => {
    const user = await makeUser();
    const details = JSON.parse('{"__proto__":{"x":1},"cmd":"rm\\u0000x"}') as Record<string, unknown>;
    await audit.denied({ actor: { user, apiKey: null }, ip: null, channel: "API" }, { action: "tasks.submit", reason: "shell_disabled", target: `sh -c ${NUL} ${LONE}`, details });
    const row = await lastAudit({ actorUserId: user.id, reason: "shell_disabled" });
    expect(row?.target).toBe("sh -c a\\u0000b a\ufffdb");
    expect(row?.details).toMatchObject({ cmd: "rm\\u0000x" });
  });
});

describe("snapshots carry blocked paths: download and restore-as-new are owners' only", () => {
  it("a viewer cannot download, and an editor cannot restore as new, a snapshot holding a blocked folder, on any door; both audited", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    await team.as.owner.files.write({ workspaceId: ws.id, path: "secret/plans.txt", content: "the owner's secret\n" });
    await team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: "secret/**", effect: "block" });
    const snap = await team.as.owner.snapshots.create({ workspaceId: ws.id, label: "with secret" });

    const download = async (who: ActorUser, via: "cookie" | "key") => {
      const headers: Record<string, string> = via === "cookie" ? { cookie: await sessionCookie(who.id) } : { authorization: `Bearer ${await makeKey(who, { scopes: ["read", "write"] })}` };
      return via === "cookie"
        ? snapshotDownload(new Request(`http://atrium.test/api/workspaces/${ws.id}/snapshots/${snap.id}/download`, { headers }), { params: Promise.resolve({ workspaceId: ws.id, snapshotId: snap.id }) })
        : restGet(new Request(`http://atrium.test/api/v1/workspaces/${ws.id}/snapshots/${snap.id}/download`, { headers }));
    };
    for (const who of [team.viewer, team.editor]) {
      for (const via of ["cookie", "key"] as const) {
        const res = await download(who, via);
        expect(res.status, `${via} download`).toBe(403);
        expect(await lastAudit({ actorUserId: who.id, action: "snapshots.download" })).toMatchObject({ outcome: "DENIED", reason: "role_required" });
      }
    }
    expect((await download(team.owner, "key")).status).toBe(200);
    expect((await download(team.admin, "cookie")).status).toBe(200);

    const editorKey = await makeKey(team.editor, { scopes: ["read", "write"] });
    const before = await db().workspace.count({ where: { ownerId: team.editor.id } });
    expect(await failure(team.as.editor.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: snap.id, name: "Loot" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    const rest = await restPost(new Request(`http://atrium.test/api/v1/snapshots/${snap.id}/restore-as-new`, { method: "POST", headers: { authorization: `Bearer ${editorKey}`, "content-type": "application/json" }, body: JSON.stringify({ name: "Loot 2" }) }));
    expect(rest.status).toBe(403);
    const mcp = await mcpPost(
      new Request("http://atrium.test/api/mcp", {
        method: "POST",
        headers: { authorization: `Bearer ${editorKey}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "adv", version: "1" } } }),
      }),
    );
    const sessionId = mcp.headers.get("mcp-session-id") ?? "";
    await mcp.text();
    const call = await mcpPost(
      new Request("http://atrium.test/api/mcp", {
        method: "POST",
        headers: { authorization: `Bearer ${editorKey}`, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "restore_snapshot", arguments: { workspaceId: ws.id, snapshotId: snap.id, newWorkspaceName: "Loot 3" } } }),
      }),
    );
    expect(await call.text()).toMatch(/role_required|only|owner/i);
    expect(await db().workspace.count({ where: { ownerId: team.editor.id } })).toBe(before);
    expect(await lastAudit({ actorUserId: team.editor.id, action: "snapshots.restoreAsNew" })).toMatchObject({ outcome: "DENIED", reason: "role_required", target: snap.id });

    // The owner still can (and the snapshot is complete: the blocked folder is in it).
    const copy = await team.as.owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: snap.id, name: "Owner's copy" });
    expect(copy.restored.fileCount).toBeGreaterThanOrEqual(1);
  });
});

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);

describe.skipIf(!hasDocker)("strict's \"no shell\" through the real exec path", () => {
  it("refuses env/nice/timeout/busybox/xargs wrappers and interpreters given code, audited; nothing runs", async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, allowedImages: [], dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `web-adv-${process.pid}` }));
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const session = await team.as.editor.sandbox.sessions.create({ workspaceId: ws.id, preset: "strict" });
    try {
      const tries = [
        ["env", "sh", "-c", "echo pwned > /workspace/pwned-env"],
        ["nice", "sh", "-c", "echo pwned > /workspace/pwned-nice"],
        ["timeout", "5", "sh", "-c", "echo pwned > /workspace/pwned-timeout"],
        ["busybox", "sh", "-c", "echo pwned > /workspace/pwned-busybox"],
        ["xargs", "sh", "-c", "echo pwned > /workspace/pwned-xargs"],
        ["awk", "BEGIN { system(\"echo pwned > /workspace/pwned-awk\") }"],
        ["find", "/workspace", "-maxdepth", "0", "-exec", "sh", "-c", "echo pwned > /workspace/pwned-find", ";"],
      ];
      for (const command of tries) {
        expect(await failure(team.as.editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command })), command.join(" ")).toMatchObject({ code: "FORBIDDEN", reason: "shell_disabled" });
        const denial = await lastAudit({ actorUserId: team.editor.id, reason: "shell_disabled" });
        expect(denial).toMatchObject({ action: "sandbox.exec", workspaceId: ws.id, target: command.join(" ") });
      }
      // Tasks are judged the same way when submitted.
      expect(await failure(team.as.editor.tasks.submit({ workspaceId: ws.id, command: ["env", "sh", "-c", "id"], preset: "strict" }))).toMatchObject({ reason: "shell_disabled" });
      // Plain programs still run, and nothing above did.
      const listed = await team.as.editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: ["ls", "-a", "/workspace"] });
      expect(listed.exitCode).toBe(0);
      expect(listed.stdout).not.toContain("pwned");
    } finally {
      await stopSessionById(session.id, "test_cleanup");
    }
  });
});
