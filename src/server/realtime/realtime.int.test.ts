// socket.io handshakes with real clients on a random port: the same identities as HTTP.
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppErrorBody } from "~/server/errors";
import { makeKey, makeUser, sessionCookie } from "~/test/actors";
import { type Ack, type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH, type WhoAmI } from "./events";
import type { RealtimeServer } from "./server";
import { startRealtimeServer } from "~/test/realtime-server";

let io: RealtimeServer;
let url: string;

beforeAll(async () => {
  ({ io, url } = await startRealtimeServer());
});

afterAll(async () => {
  await io.close();
});

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function open(options: { token?: string; cookie?: string }): ClientSocket {
  return connect(url, {
    path: SOCKET_PATH,
    transports: ["websocket"],
    reconnection: false,
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
  });
}

function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(err));
  });
}

function refused(socket: ClientSocket): Promise<AppErrorBody> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected, but should have been refused")));
    socket.once("connect_error", (err) => resolve((err as Error & { data: AppErrorBody }).data));
  });
}

function whoami(socket: ClientSocket): Promise<Ack<WhoAmI>> {
  return new Promise((resolve) => socket.emit("session:whoami", resolve));
}

describe("socket.io handshake", () => {
  it("accepts an API key in auth.token and a session cookie, as the same user", async () => {
    const user = await makeUser();
    const viaKey = open({ token: await makeKey(user, { scopes: ["read", "exec"] }) });
    await connected(viaKey);
    const keyAnswer = await whoami(viaKey);
    expect(keyAnswer).toMatchObject({ ok: true, data: { user: { id: user.id }, apiKey: { scopes: ["read", "exec"] } } });
    viaKey.close();

    const viaCookie = open({ cookie: await sessionCookie(user.id) });
    await connected(viaCookie);
    expect(await whoami(viaCookie)).toEqual({ ok: true, data: { user, apiKey: null } });
    viaCookie.close();
  });

  it("refuses missing, malformed and revoked credentials with typed reasons", async () => {
    expect(await refused(open({}))).toMatchObject({ code: "UNAUTHORIZED", reason: "not_signed_in" });
    expect(await refused(open({ token: "atr_nope" }))).toMatchObject({ code: "UNAUTHORIZED", reason: "api_key_malformed" });
    expect(await refused(open({ token: `atr_${"z".repeat(40)}` }))).toMatchObject({ code: "UNAUTHORIZED", reason: "api_key_invalid" });
  });
});

describe("a key's socket events", () => {
  it("reach their handlers in the order they were sent, though each is charged in PostgreSQL first", async () => {
    const user = await makeUser();
    const seen: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const N = 40;
    // A handler of our own beside the real ones (events the contract does not declare, hence the casts).
    const onConnection = (s: { on: (event: string, handler: (n: number) => void) => void }) =>
      s.on("test:order", (n) => {
        seen.push(n);
        if (seen.length === N) done();
      });
    io.on("connection", onConnection as never);
    const socket = open({ token: await makeKey(user, { scopes: ["read"] }) });
    await connected(socket);
    const emitUntyped = socket.emit.bind(socket) as unknown as (event: string, n: number) => void;
    for (let i = 0; i < N; i++) emitUntyped("test:order", i);
    await all;
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => i));
    socket.close();
    io.off("connection", onConnection as never);
  });
});
