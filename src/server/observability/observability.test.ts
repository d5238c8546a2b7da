import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metricsAuthorized } from "./http";
import { scrubSecrets } from "./logger";
import { requestIdFrom } from "./request-context";
import { routeTemplate } from "./route-template";

describe("routeTemplate", () => {
  it("names routes by template, never by id", () => {
    expect(routeTemplate("/api/trpc/files.read,files.list")).toBe("/api/trpc");
    expect(routeTemplate("/workspaces/cm123abc")).toBe("/workspaces/[workspaceId]");
    expect(routeTemplate("/api/workspaces/cm1/snapshots/cm2/download")).toBe("/api/workspaces/[workspaceId]/snapshots/[snapshotId]/download");
    expect(routeTemplate("/api/workspaces/cm1/files/upload/")).toBe("/api/workspaces/[workspaceId]/files/upload");
    expect(routeTemplate("/_next/static/chunks/abc.js")).toBe("/_next/static");
    expect(routeTemplate("/api/health/ready")).toBe("/api/health/ready");
    expect(routeTemplate("/")).toBe("/");
  });

  it("puts every unknown path under one label", () => {
    expect(routeTemplate("/wp-admin/setup.php")).toBe("unmatched");
    expect(routeTemplate("/workspaces/a/b/c")).toBe("unmatched");
    expect(routeTemplate(`/${"x".repeat(5000)}`)).toBe("unmatched");
  });
});

describe("requestIdFrom", () => {
  it("keeps a sane caller id and replaces anything else", () => {
    expect(requestIdFrom("req-1234-abcd")).toBe("req-1234-abcd");
    expect(requestIdFrom(["trace.0001:x", "other-id-0002"])).toBe("trace.0001:x");
    for (const bad of [undefined, "", "short", "has spaces in it", "x".repeat(129), "line\nbreak-injected", "{\"json\":1}"]) {
      const id = requestIdFrom(bad);
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("scrubSecrets", () => {
  it("removes keys, bearer tokens and session cookies from any text", () => {
    const key = `atr_${"a1B2".repeat(10)}`;
    const line = JSON.stringify({ msg: `failed for ${key}`, header: `Bearer ${key}`, cookie: "next-auth.session-token=eyJhbGciOi.payload.sig; other=1", secure: "__Secure-next-auth.session-token=abc.def" });
    const out = scrubSecrets(line);
    expect(out).not.toContain(key.slice(12));
    expect(out).toContain("atr_a1B2a1B2…[redacted]");
    expect(out).not.toContain("eyJhbGciOi");
    expect(out).not.toContain("abc.def");
    expect(out).toContain("other=1");
    expect(() => JSON.parse(out) as unknown).not.toThrow();
  });
});

describe("metricsAuthorized", () => {
  it("is open without a token and needs the exact bearer token with one", () => {
    expect(metricsAuthorized(undefined, undefined)).toBe(true);
    expect(metricsAuthorized("Bearer secret-token-123456", "secret-token-123456")).toBe(true);
    expect(metricsAuthorized("bearer  secret-token-123456", "secret-token-123456")).toBe(true);
    expect(metricsAuthorized(undefined, "secret-token-123456")).toBe(false);
    expect(metricsAuthorized("Bearer secret-token-12345", "secret-token-123456")).toBe(false);
    expect(metricsAuthorized("secret-token-123456", "secret-token-123456")).toBe(false);
  });
});

describe("tracing when OTEL_EXPORTER_OTLP_ENDPOINT is not set", () => {
  // A fresh Node process each time: which OpenTelemetry modules did starting tracing load?
  const loaded = (endpoint: string) => {
    const script = `
      import { createRequire } from "node:module";
      const { startTracing, stopTracing } = await import("./src/server/observability/tracing.ts");
      const on = await startTracing(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined);
      const cache = Object.keys(createRequire(import.meta.url).cache);
      await stopTracing();
      console.log(JSON.stringify({ on, otel: cache.filter((p) => p.includes("@opentelemetry")).length }));`;
    const root = path.resolve(import.meta.dirname, "..", "..", "..");
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NODE_ENV: "production", ATRIUM_LOG_LEVEL: "silent", OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as { on: boolean; otel: number };
  };

  it("loads no OpenTelemetry module at all", () => {
    expect(loaded("")).toEqual({ on: false, otel: 0 });
  });

  it("loads the SDK when it is set (so the check above can fail)", () => {
    const r = loaded("http://127.0.0.1:9");
    expect(r.on).toBe(true);
    expect(r.otel).toBeGreaterThan(10);
  });
});
