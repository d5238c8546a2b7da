import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIp, parseCidr } from "./client-ip";

function req(remoteAddress: string, forwarded?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded } } as unknown as IncomingMessage;
}

describe("clientIp", () => {
  it("ignores X-Forwarded-For unless the proxy is trusted", () => {
    expect(clientIp(req("203.0.113.9", "1.1.1.1"), false)).toBe("203.0.113.9");
    expect(clientIp(req("::ffff:203.0.113.9"), false)).toBe("203.0.113.9");
  });

  it("takes the right-most hop that is not a trusted proxy, never the left-most", () => {
    // The client forged "6.6.6.6"; our proxy (127.0.0.1) appended the address it saw.
    expect(clientIp(req("127.0.0.1", "6.6.6.6, 198.51.100.7"), true)).toBe("198.51.100.7");
    // Two proxies of ours in a row (10.x, then loopback).
    expect(clientIp(req("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3"), true)).toBe("198.51.100.7");
    // Split over several header lines.
    expect(clientIp(req("127.0.0.1", ["6.6.6.6", "198.51.100.7"]), true)).toBe("198.51.100.7");
  });

  it("answers the peer when the peer is not a trusted proxy, whatever it forwarded", () => {
    expect(clientIp(req("203.0.113.9", "10.0.0.1, 127.0.0.1"), true)).toBe("203.0.113.9");
  });

  it("answers the left-most hop when every hop is trusted, and stops at garbage", () => {
    expect(clientIp(req("127.0.0.1", "192.168.1.5"), true)).toBe("192.168.1.5");
    expect(clientIp(req("127.0.0.1", "not-an-ip"), true)).toBe("127.0.0.1");
    expect(clientIp(req("127.0.0.1"), true)).toBe("127.0.0.1");
  });

  it("honours a configured list instead of the private ranges", () => {
    const trusted = ["203.0.113.0/24"];
    expect(clientIp(req("203.0.113.9", "10.9.9.9"), true, trusted)).toBe("10.9.9.9");
    expect(clientIp(req("10.0.0.1", "198.51.100.7"), true, trusted)).toBe("10.0.0.1");
  });
});

describe("parseCidr", () => {
  it("accepts addresses and networks and refuses the rest", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseCidr("::1")).toEqual({ address: "::1", prefix: 128, family: "ipv6" });
    for (const bad of ["10.0.0.0/33", "example.com", "1.2.3.4/8/1", "1.2.3.4/x", ""]) expect(parseCidr(bad)).toBeNull();
  });
});

describe("clientIp against spoofed X-Forwarded-For", () => {
  it("never believes hops a client wrote, however many, in any form", () => {
    // A direct client (not a proxy of ours) pretending to be loopback behind a proxy.
    expect(clientIp(req("198.51.100.7", "127.0.0.1"), true)).toBe("198.51.100.7");
    expect(clientIp(req("198.51.100.7", "10.0.0.1, 192.168.0.1, 127.0.0.1"), true)).toBe("198.51.100.7");
    // Behind our proxy, a client-written chain of "trusted" addresses: the proxy appended the real one.
    expect(clientIp(req("127.0.0.1", "127.0.0.1, 10.0.0.1, 198.51.100.7"), true)).toBe("198.51.100.7");
    // IPv4-mapped peers are judged and answered as the IPv4 address they wrap.
    expect(clientIp(req("::ffff:127.0.0.1", "6.6.6.6, 198.51.100.7"), true)).toBe("198.51.100.7");
    expect(clientIp(req("::ffff:198.51.100.7", "127.0.0.1"), true)).toBe("198.51.100.7");
    // IPv6 hops and proxies.
    expect(clientIp(req("::1", "2001:db8::1"), true)).toBe("2001:db8::1");
    expect(clientIp(req("2001:db8::9", "::1"), true)).toBe("2001:db8::9");
    // Garbage between good hops stops the walk at the last hop we can vouch for.
    expect(clientIp(req("127.0.0.1", "198.51.100.7, bogus"), true)).toBe("127.0.0.1");
    expect(clientIp(req("127.0.0.1", " , ,198.51.100.7 , "), true)).toBe("198.51.100.7");
  });
});
