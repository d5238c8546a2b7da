import { describe, expect, it } from "vitest";
import { healthReport } from "./health";

// CI provides a Docker engine; there a missing engine must fail this test rather than pass quietly.
const dockerRequired = process.env.CI === "true" || process.env.ATRIUM_REQUIRE_DOCKER === "1";

describe("healthReport", () => {
  it("reports the database, the Docker engine and the version", async () => {
    const report = await healthReport();
    expect(report.database).toMatchObject({ ok: true, embedded: false });
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.sandbox).toEqual({ driver: "docker", isolated: true });
    if (dockerRequired || report.docker.ok) {
      expect(report.docker).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+/) as unknown });
      expect(report.status).toBe("ok");
    } else {
      expect(report.docker.error).toBeTruthy();
      expect(report.status).toBe("degraded");
    }
  });
});
