// The drain on a real loopback HTTP server: in-flight requests finish, a request pipelined on a
// kept-alive connection gets 503 + Connection: close, new connections are refused.
import { createServer, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { trackHttpDrain } from "./http-drain";
import { connectRefused } from "~/test/connect-refused";

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

/** A server whose /slow answers when `release()` is called; everything else at once. */
async function start() {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    if (drain.refuse(req, res)) return;
    if (req.url === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: hello\n\n");
      return;
    }
    if (req.url === "/slow") void released.then(() => res.end("slow done"));
    else if (req.url === "/stream") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("part ");
      void released.then(() => res.end("done"));
    }
    else res.end("fast");
  });
  const drain = trackHttpDrain(server);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, drain, release, port: (server.address() as AddressInfo).port };
}

/** Raw HTTP/1.1 on one connection: writes `first`, and `second` when asked; collects all it reads until the server closes. */
function rawConnection(port: number, first: string) {
  const socket = net.connect(port, "127.0.0.1");
  socket.write(first);
  let text = "";
  socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
  const closed = new Promise<string>((resolve) => socket.once("close", () => resolve(text)));
  return { send: (more: string) => socket.write(more), closed, read: () => text };
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`;

describe("trackHttpDrain", () => {
  it("lets in-flight requests finish, refuses new ones and closes each connection after its last answer", async () => {
    const { drain, release, port } = await start();
    const slow = rawConnection(port, get("/slow"));
    const idle = rawConnection(port, get("/fast"));
    const events = rawConnection(port, `GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
    await expect.poll(() => drain.inFlight()).toBe(1);
    await expect.poll(() => idle.read()).toContain("fast");
    await expect.poll(() => events.read()).toContain("data: hello");

    drain.begin();
    // The idle kept-alive connection is closed at once; a new connection is refused.
    expect(await idle.closed).toContain("HTTP/1.1 200");
    expect(await connectRefused(port)).toBe(true);
    // A request pipelined behind the slow one, on its kept-alive connection: answered 503, connection closed.
    slow.send(get("/fast"));
    const settled = drain.settled(5000);
    release();
    expect(await settled).toBe(true);
    const text = await slow.closed;
    const [first, second] = text.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toMatch(/connection: close/i);
    expect(first).toContain("slow done");
    // The first answer said `Connection: close`, so the server reads no further request on it.
    expect(second ?? "").not.toContain("fast");
    // The event stream was never waited for; it ends with closeAll.
    drain.closeAll();
    expect(await events.closed).toContain("data: hello");
  });

  it("answers 503 + Connection: close to a request pipelined behind a response that was already streaming", async () => {
    const { server, drain, release, port } = await start();
    let requests = 0;
    server.on("request", () => requests++);
    const conn = rawConnection(port, get("/stream"));
    await expect.poll(() => conn.read()).toContain("part");
    drain.begin();
    conn.send(get("/fast"));
    await expect.poll(() => requests).toBe(2);
    release();
    expect(await drain.settled(5000)).toBe(true);
    const [first, second] = (await conn.closed).split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toContain("done");
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/connection: close/i);
    expect(second).toContain('"reason":"server_draining"');
    expect(second).not.toContain("fast");
  });

  it("leaves upgraded connections (websockets) to their owner", async () => {
    const { server, drain, port } = await start();
    const upgraded = new Promise<net.Socket>((resolve) =>
      server.on("upgrade", (_req, socket: net.Socket) => {
        socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n");
        resolve(socket);
      }),
    );
    const conn = rawConnection(port, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n");
    const socket = await upgraded;
    await expect.poll(() => conn.read()).toContain("101");
    drain.begin();
    expect(await drain.settled(1000)).toBe(true);
    // Its owner (socket.io) can still say goodbye after draining began.
    socket.write("server:closing");
    await expect.poll(() => conn.read()).toContain("server:closing");
    socket.end();
    await conn.closed;
  });

  it("forgets a connection its client dropped mid-request (nothing held for the life of the process)", async () => {
    const { drain, release, port } = await start();
    const socket = net.connect(port, "127.0.0.1");
    socket.write(get("/slow"));
    await expect.poll(() => drain.inFlight()).toBe(1);
    expect(drain.connections()).toBe(1);
    socket.destroy();
    await expect.poll(() => drain.inFlight()).toBe(0);
    release();
    await expect.poll(() => drain.connections()).toBe(0);
  });

  it("gives up after the timeout when a request does not finish", async () => {
    const { drain, port } = await start();
    const conn = rawConnection(port, get("/slow"));
    await expect.poll(() => drain.inFlight()).toBe(1);
    drain.begin();
    expect(await drain.settled(200)).toBe(false);
    drain.closeAll();
    expect(await conn.closed).toBe("");
  });
});
