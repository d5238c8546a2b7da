// server.ts stamps each request with the caller's address under this header (after removing any
// value the client sent), so handlers inside Next, which cannot see the socket, can audit it.
// Behind a proxy (ATRIUM_TRUST_PROXY) the address is the right-most hop of X-Forwarded-For that is
// not one of our own proxies (proxy-addr, Express's own): everything left of it was written by the
// client and proves nothing.
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

export const CLIENT_IP_HEADER = "x-atrium-client-ip";

/** What ATRIUM_TRUSTED_PROXIES means when unset: loopback, private and link-local networks. */
export const DEFAULT_TRUSTED_PROXIES = [
  "127.0.0.0/8",
  "::1/128",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
] as const;

/** `1.2.3.4`, `10.0.0.0/8`, `::1`, `fd00::/8`: one address or a network. Null when it is neither. */
export function parseCidr(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", bits, extra] = entry.trim().split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

const compiled = new Map<string, ReturnType<typeof proxyaddr.compile>>();

function trustOf(trusted: readonly string[]): ReturnType<typeof proxyaddr.compile> {
  const key = trusted.join(",");
  let trust = compiled.get(key);
  if (!trust) {
    // env.ts has checked each entry with parseCidr; anything else would have stopped the start.
    trust = proxyaddr.compile(trusted.filter((entry) => parseCidr(entry) !== null).map((entry) => entry.trim()));
    compiled.set(key, trust);
  }
  return trust;
}

/** `::ffff:10.0.0.1` is the IPv4 address it wraps; `[::1]` and ports in forwarded values are not expected. */
function normalize(address: string): string | null {
  const a = address.trim();
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  return isIP(v4) ? v4 : null;
}

/**
 * The caller's address. Without trustProxy: the socket's peer. With it: proxy-addr walks from the
 * peer leftwards through X-Forwarded-For while each hop is a trusted proxy and answers the first
 * one that is not (a forged entry further left is never reached). A peer that is not itself a
 * trusted proxy is the answer, whatever it forwarded. A trusted proxy that wrote something that is
 * not an address is the last hop we can vouch for, so it is the answer.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean, trusted: readonly string[] = DEFAULT_TRUSTED_PROXIES): string | null {
  const raw = req.socket.remoteAddress;
  const peer = raw ? (normalize(raw) ?? raw) : null;
  if (!trustProxy || !raw || !peer) return peer;
  const header = req.headers["x-forwarded-for"];
  // Node joins repeated header lines with ", "; a list is joined the same way for the parser.
  const view: Pick<IncomingMessage, "socket" | "headers"> = { socket: req.socket, headers: { ...req.headers, "x-forwarded-for": Array.isArray(header) ? header.join(",") : header } };
  const chain = proxyaddr.all(view as IncomingMessage, trustOf(trusted));
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = normalize(chain[i] ?? "");
    if (address) return address;
  }
  return peer;
}
