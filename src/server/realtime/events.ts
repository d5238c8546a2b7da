// The socket.io contract, shared by server and browser (the client imports only these types).
// Events are `domain:verb`; requests acknowledge with Ack<T>; broadcasts are past tense.
import type { Actor } from "~/server/auth/types";
import type { AppErrorBody } from "~/server/errors";

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

export interface WhoAmI {
  user: { id: string; email: string; name: string; role: "ADMIN" | "USER" };
  apiKey: { id: string; prefix: string; scopes: string[] } | null;
}

export interface ClientToServerEvents {
  "session:whoami": (ack: (result: Ack<WhoAmI>) => void) => void;
}

export interface ServerToClientEvents {
  /** Sent when the server shuts down, so clients can show "reconnecting" instead of an error. */
  "server:closing": (payload: { reason: string }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  actor: Actor;
  ip: string | null;
}

export const SOCKET_PATH = "/api/socket";
