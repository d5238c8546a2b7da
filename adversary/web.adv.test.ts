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
import { failure, makeUser, STRONG_PASSWORD } from "~/test/actors";

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
