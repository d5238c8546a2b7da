// server.ts stamps each request with the caller's address under this header (after removing any
// value the client sent), so handlers inside Next, which cannot see the socket, can audit it.
// Behind a proxy (ATRIUM_TRUST_PROXY) the address is the right-most hop of X-Forwarded-For that is
// not one of our own proxies: everything left of it was written by the client and proves nothing.
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

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

const lists = new Map<string, BlockList>();

function trustedList(trusted: readonly string[]): BlockList {
  const key = trusted.join(",");
  let list = lists.get(key);
  if (!list) {
    list = new BlockList();
    for (const entry of trusted) {
      const cidr = parseCidr(entry);
      if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
    lists.set(key, list);
  }
  return list;
}

/** `::ffff:10.0.0.1` is the IPv4 address it wraps; `[::1]` and ports in forwarded values are not expected. */
function normalize(address: string): string | null {
  const a = address.trim();
  const v4 = a.startsWith("::ffff:") ? a.slice(7) : a;
  return isIP(v4) ? v4 : null;
}

function isTrusted(address: string, trusted: readonly string[]): boolean {
  return trustedList(trusted).check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * The caller's address. Without trustProxy: the socket's peer. With it: walk from the peer
 * leftwards through X-Forwarded-For while each hop is a trusted proxy, and answer the first one
 * that is not (a forged entry further left is never reached). A peer that is not itself a
 * trusted proxy is the answer, whatever it forwarded.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean, trusted: readonly string[] = DEFAULT_TRUSTED_PROXIES): string | null {
  const raw = req.socket.remoteAddress;
  const peer = raw ? (normalize(raw) ?? raw) : null;
  if (!trustProxy || !peer) return peer;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").filter((h) => h.trim() !== "");
  let answer = peer;
  for (let i = hops.length; i >= 0; i--) {
    if (!isTrusted(answer, trusted)) return answer;
    if (i === 0) break;
    const next = normalize(hops[i - 1] ?? "");
    // A trusted proxy wrote something that is not an address: it is the last hop we can vouch for.
    if (!next) return answer;
    answer = next;
  }
  return answer;
}
