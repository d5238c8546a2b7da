// server.ts stamps each request with the caller's address under this header (after removing any
// value the client sent), so handlers inside Next, which cannot see the socket, can audit it.
import type { IncomingMessage } from "node:http";

export const CLIENT_IP_HEADER = "x-atrium-client-ip";

export function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  const addr = req.socket.remoteAddress ?? null;
  return addr?.startsWith("::ffff:") ? addr.slice(7) : addr;
}
