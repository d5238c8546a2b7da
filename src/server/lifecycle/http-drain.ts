// Draining the HTTP server on shutdown: stop listening (new connections are refused), answer any
// new request on a kept-alive connection with 503 + `Connection: close`, let the requests already
// in flight (REST exec, uploads, downloads, MCP tool calls) finish, and close each connection as
// its last response ends. Node's `closeAllConnections()` alone would cut them mid-response.
//
// Not waited for: long-lived listeners that never "finish" (an MCP client's GET event stream,
// socket.io polling; websockets are upgraded and leave the HTTP server's hands). They end when
// the grace is over or when the rest is done.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface HttpDrain {
  /** Call first in the request handler: true when it answered (draining) and the handler must not. */
  refuse(req: IncomingMessage, res: ServerResponse): boolean;
  /** Stops listening and closes idle connections; requests in flight go on. */
  begin(): void;
  /** Resolves true once no request is in flight, false when `timeoutMs` passed first. */
  settled(timeoutMs: number): Promise<boolean>;
  /** Requests in flight now (listeners not counted). */
  inFlight(): number;
  /** HTTP connections open now (upgraded ones not counted). */
  connections(): number;
  /** Ends every connection still open (after the grace). */
  closeAll(): void;
}

/** A request that waits for events rather than answering: not something to wait for. */
export function isListener(req: IncomingMessage, listenerPaths: readonly string[] = []): boolean {
  if (listenerPaths.some((p) => req.url?.startsWith(p))) return true;
  return req.method === "GET" && (req.headers.accept ?? "").includes("text/event-stream");
}

export function trackHttpDrain(server: Server, options: { listenerPaths?: readonly string[] } = {}): HttpDrain {
  const busy = new Map<Socket, number>();
  const open = new Set<ServerResponse>();
  let inFlight = 0;
  let draining = false;
  const waiters = new Set<() => void>();

  server.on("connection", (socket: Socket) => {
    busy.set(socket, 0);
    socket.once("close", () => busy.delete(socket));
  });
  // An upgraded connection (socket.io's websocket) is no longer HTTP: its owner closes it, not the drain.
  server.on("upgrade", (_req: IncomingMessage, socket: Socket) => busy.delete(socket));

  /** `counted`: a request to wait for (refused answers and listeners are not, but still hold their connection open until written). */
  const track = (req: IncomingMessage, res: ServerResponse, counted: boolean) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    if (counted) {
      inFlight++;
      open.add(res);
    }
    res.once("close", () => {
      // A connection that closed first (client gone) is already forgotten: never add it back.
      const before = busy.get(socket);
      if (before !== undefined) {
        busy.set(socket, before - 1);
        // Its last answer is out: nothing more will be served on this connection.
        if (draining && before === 1) socket.end();
      }
      if (!counted) return;
      open.delete(res);
      inFlight--;
      if (inFlight === 0) for (const wake of [...waiters]) wake();
    });
  };

  return {
    refuse(req, res) {
      if (!draining) {
        track(req, res, !isListener(req, options.listenerPaths));
        return false;
      }
      track(req, res, false);
      const body = JSON.stringify({
        error: { code: "UNAVAILABLE", message: "This server is shutting down. Retry the request; it will reach another replica or this one once restarted.", reason: "server_draining" },
      });
      res.shouldKeepAlive = false;
      res.writeHead(503, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close", "retry-after": "1", "cache-control": "no-store" });
      res.end(body);
      return true;
    },
    begin() {
      if (draining) return;
      draining = true;
      // Stops listening; since Node 19 this also closes connections with no request in flight.
      server.close(() => undefined);
      for (const [socket, n] of busy) if (n === 0) socket.end();
      // Answers not started yet tell their client not to send another request on this connection.
      for (const res of open) if (!res.headersSent) res.setHeader("connection", "close");
    },
    settled(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(result);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(wake);
      });
    },
    inFlight: () => inFlight,
    connections: () => busy.size,
    closeAll() {
      server.closeAllConnections();
      for (const socket of busy.keys()) socket.destroy();
    },
  };
}
