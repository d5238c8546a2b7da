// Attacks through the web doors: password floods, forged X-Forwarded-For, cross-site requests
// riding a session cookie, hostile characters in inputs, strict's "no shell" and snapshots that
// would carry blocked paths out. Each case fails when the defence it names is removed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { clientIp } from "~/server/auth/client-ip";
import { verifyCredentials } from "~/server/auth/users";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { POST as trpcPost } from "~/app/api/trpc/[trpc]/route";
import { POST as importPost } from "~/app/api/workspaces/import/route";
import { POST as uploadPost } from "~/app/api/workspaces/[workspaceId]/files/upload/route";
import { failure, lastAudit, makeKey, makeUser, sessionCookie, STRONG_PASSWORD } from "~/test/actors";
import { connectSocket, startRealtimeServer } from "~/test/realtime-server";

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

    const imported = await importPost(new Request("http://atrium.test/api/workspaces/import?name=x", { method: "POST", headers: { cookie, origin: EVIL, host: "atrium.test" }, body: new Uint8Array([1, 2, 3]) }));
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
