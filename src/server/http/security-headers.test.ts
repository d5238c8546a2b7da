import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("securityHeaders", () => {
  it("forbids framing by other sites and sniffing, and limits referrers", () => {
    const h = securityHeaders({ dev: false });
    expect(h["x-frame-options"]).toBe("SAMEORIGIN");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'self'");
  });

  it("loads code only from Atrium itself, with eval only in development", () => {
    const prod = contentSecurityPolicy({ dev: false });
    expect(prod).toContain("default-src 'self'");
    expect(prod).toContain("worker-src 'self' blob:");
    expect(prod).toContain("object-src 'none'");
    expect(prod).not.toContain("unsafe-eval");
    expect(prod).not.toMatch(/https?:|\*/);
    expect(contentSecurityPolicy({ dev: true })).toContain("'unsafe-eval'");
  });
});
