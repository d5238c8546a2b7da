// socket.io for integration tests: the real realtime server on a random local port, and typed
// clients that authenticate with a session cookie the way a browser does.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from "~/server/realtime/events";
import { createRealtime, type RealtimeServer } from "~/server/realtime/server";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function startRealtimeServer(): Promise<{ io: RealtimeServer; url: string }> {
  const http = createServer();
  const io = createRealtime(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

/** A client that does not reconnect by itself (tests decide when a connection ends). */
export function connectSocket(url: string, cookie: string, headers: Record<string, string> = {}): ClientSocket {
  return connect(url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie, ...headers } });
}
