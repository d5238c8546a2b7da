// One typed socket.io connection for a page (the IDE opens one and shares it through context).
// socket.io-client reconnects by itself; `status` says where it is, so views can show
// "reconnecting" instead of an error.
"use client";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, IdentityRevoked, ServerToClientEvents } from "~/server/realtime/events";
import type { AppErrorBody } from "~/server/errors";

export type AtriumSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "failed";

/** Must match SOCKET_PATH in the server's events.ts (a value import would pull server code in). */
const SOCKET_PATH = "/api/socket";

export function useSocket(): { socket: AtriumSocket | null; status: ConnectionStatus; error: AppErrorBody | null } {
  // Created once per mount on the client (the IDE renders only in the browser); connected below.
  const [socket] = useState<AtriumSocket | null>(() =>
    typeof window === "undefined" ? null : io({ path: SOCKET_PATH, transports: ["websocket"], withCredentials: true, autoConnect: false }),
  );
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [error, setError] = useState<AppErrorBody | null>(null);

  useEffect(() => {
    if (!socket) return;
    const s = socket;
    const onConnect = () => {
      setStatus("connected");
      setError(null);
    };
    // "failed" (a refused or revoked identity) stays: no retry would fix it.
    const onDisconnect = () => setStatus((prev) => (prev === "failed" ? "failed" : "reconnecting"));
    const onError = (err: Error & { data?: AppErrorBody }) => {
      // A refused handshake (signed out) will not fix itself by retrying.
      if (err.data?.code === "UNAUTHORIZED") {
        setStatus("failed");
        s.disconnect();
      } else setStatus((prev) => (prev === "connecting" ? "connecting" : "reconnecting"));
      setError(err.data ?? { code: "UNAVAILABLE", message: "The live connection to Atrium was lost; retrying." });
    };
    // The server ended this connection's identity (signed out, key revoked, account disabled): it
    // closes the socket next, and retrying with the same credentials would only be refused.
    const onRevoked = (revoked: IdentityRevoked) => {
      if (!revoked.disconnected) return;
      setStatus("failed");
      setError({ code: "UNAUTHORIZED", message: revoked.message, reason: revoked.reason });
      s.disconnect();
    };
    // The browser knows the network is gone long before a heartbeat times out: drop the connection
    // at once (editors switch to offline mode and keep edits) and reconnect when it comes back.
    let wentOffline = false;
    const onOffline = () => {
      if (!s.connected) return;
      wentOffline = true;
      s.disconnect();
      setStatus((prev) => (prev === "failed" ? "failed" : "reconnecting"));
    };
    const onOnline = () => {
      if (!wentOffline) return;
      wentOffline = false;
      s.connect();
    };
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    s.on("connect", onConnect);
    s.on("disconnect", onDisconnect);
    s.on("connect_error", onError);
    s.on("identity:revoked", onRevoked);
    s.connect();
    return () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      s.off("connect", onConnect);
      s.off("disconnect", onDisconnect);
      s.off("connect_error", onError);
      s.off("identity:revoked", onRevoked);
      s.disconnect();
    };
  }, [socket]);

  return { socket, status, error };
}

/** A refused or unanswered socket request; `body` is what the server said (code, message, reason). */
export class RealtimeError extends Error {
  constructor(readonly body: AppErrorBody) {
    super(body.message);
  }
}

/** Emits a request and resolves with its acknowledgement (rejects with a RealtimeError). */
export function request<T>(emit: (ack: (result: Ack<T>) => void) => void, timeoutMs = 15_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RealtimeError({ code: "UNAVAILABLE", message: "Atrium did not answer in time. Check your connection and try again." })),
      timeoutMs,
    );
    emit((result) => {
      clearTimeout(timer);
      if (result.ok) resolve(result.data);
      else reject(new RealtimeError(result.error));
    });
  });
}
