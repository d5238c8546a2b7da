import { describe, expect, it } from "vitest";
import { healthReport } from "./health";

// CI provides a Docker engine; there a missing engine must fail this test rather than pass quietly.
const dockerRequired = process.env.CI === "true" || process.env.ATRIUM_REQUIRE_DOCKER === "1";

describe("healthReport", () => {
  it("reports the database, the Docker engine and the version", async () => {
    const report = await healthReport();
    expect(report.database).toMatchObject({ ok: true, embedded: false });
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    // No server.ts start-up in this process: the firewall was never tried, which is not a fault.
    expect(report.sandbox).toMatchObject({ driver: "docker", isolated: true, network: { name: "atrium-sandbox", firewall: "unknown" } });
    if (dockerRequired || report.docker.ok) {
      expect(report.docker).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+/) as unknown });
      expect(report.status).toBe("ok");
    } else {
      expect(report.docker.error).toBeTruthy();
      expect(report.status).toBe("degraded");
    }
  });
});

describe("healthReport and the sandbox firewall", () => {
  it("is degraded, and says why, when the firewall could not be installed", async () => {
    const { installSandboxFirewall } = await import("~/server/sandbox/firewall");
    const { sandboxSettings } = await import("~/server/sandbox/service");
    // A runner that fails as iptables does for an unprivileged user; nothing touches the real tables.
    const denied = () => Promise.reject(new Error("iptables-restore: Permission denied (you must be root)"));
    await installSandboxFirewall(sandboxSettings().network, { run: denied, resolvers: [] });
    const report = await healthReport();
    expect(report.sandbox.network).toMatchObject({ firewall: "inactive", detail: expect.stringContaining("Permission denied") as unknown });
    expect(report.status).not.toBe("ok");
  });
});
