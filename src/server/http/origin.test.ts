import { describe, expect, it } from "vitest";
import { crossSiteReason, usesCookie } from "./origin";

const lookup = (h: Record<string, string>) => (name: string) => h[name];
const policy = { publicUrl: "https://atrium.example.com", trustProxy: false };

describe("crossSiteReason", () => {
  it("accepts the public URL's origin and the host the request was sent to", () => {
    expect(crossSiteReason(lookup({ origin: "https://atrium.example.com", host: "10.0.0.5:3000" }), policy)).toBeNull();
    expect(crossSiteReason(lookup({ origin: "http://10.0.0.5:3000", host: "10.0.0.5:3000" }), policy)).toBeNull();
    expect(crossSiteReason(lookup({ origin: "http://ATRIUM.test", host: "atrium.test" }), policy)).toBeNull();
  });

  it("refuses other origins, opaque origins and cross-site fetch metadata", () => {
    expect(crossSiteReason(lookup({ origin: "https://evil.example", host: "atrium.example.com" }), policy)).toBe("Origin: https://evil.example");
    expect(crossSiteReason(lookup({ origin: "http://atrium.example.com", host: "other" }), policy)).toBe("Origin: http://atrium.example.com");
    expect(crossSiteReason(lookup({ origin: "null", host: "atrium.example.com" }), policy)).toBe("Origin: null");
    expect(crossSiteReason(lookup({ "sec-fetch-site": "cross-site" }), policy)).toBe("Sec-Fetch-Site: cross-site");
    expect(crossSiteReason(lookup({ "sec-fetch-site": "same-origin" }), policy)).toBeNull();
    expect(crossSiteReason(lookup({}), policy)).toBeNull();
  });

  it("believes X-Forwarded-Host only behind a trusted proxy", () => {
    const h = lookup({ origin: "https://evil.example", host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" });
    expect(crossSiteReason(h, policy)).not.toBeNull();
    expect(crossSiteReason(lookup({ origin: "https://code.example", host: "127.0.0.1:3000", "x-forwarded-host": "code.example" }), { ...policy, trustProxy: true })).toBeNull();
  });
});

describe("usesCookie", () => {
  it("is a cookie without a bearer key", () => {
    expect(usesCookie(lookup({ cookie: "a=b" }))).toBe(true);
    expect(usesCookie(lookup({ cookie: "a=b", authorization: "Bearer atr_x" }))).toBe(false);
    expect(usesCookie(lookup({}))).toBe(false);
  });
});
