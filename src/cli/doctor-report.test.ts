import { describe, expect, it } from "vitest";
import { type CheckResult, formatCheck, migrationChecks, migrationStatus, nodeCheck, satisfiesRange, verdict } from "./doctor-report";

const ok = (label: string, required = true): CheckResult => ({ label, ok: true, required, detail: "fine" });
const bad = (label: string, required: boolean): CheckResult => ({ label, ok: false, required, detail: "broken", fix: "repair it" });

describe("doctor report", () => {
  it("formats a passing check on one line and a failing one with its fix", () => {
    expect(formatCheck(ok("database"))).toBe("✔ database        fine");
    expect(formatCheck({ ...bad("docker", false), notes: ["one", "two"] })).toBe(
      ["✖ docker          broken (warning)", "                  one", "                  two", "                  → repair it"].join("\n"),
    );
    expect(formatCheck(bad("database", true))).toBe("✖ database        broken\n                  → repair it");
  });

  it("exits 1 only for required failures, or for warnings with --strict", () => {
    expect(verdict([ok("a"), ok("b")], false)).toEqual({ summary: "All checks passed.", exitCode: 0 });
    expect(verdict([ok("a"), bad("docker", false), bad("image", false)], false)).toMatchObject({ exitCode: 0, summary: expect.stringMatching(/2 warnings/) as string });
    expect(verdict([ok("a"), bad("docker", false)], true)).toEqual({ summary: "1 check failed (--strict).", exitCode: 1 });
    expect(verdict([bad("database", true), bad("docker", false)], false)).toMatchObject({ exitCode: 1, summary: expect.stringMatching(/^1 required check failed/) as string });
  });

  it("compares migration files with _prisma_migrations as the runner does", () => {
    const files = [
      { name: "001_init", checksum: "a" },
      { name: "002_more", checksum: "b" },
      { name: "003_new", checksum: "c" },
    ];
    const row = (name: string, checksum: string, finished: boolean, rolledBack = false) => ({
      migration_name: name,
      checksum,
      finished_at: finished ? new Date() : null,
      rolled_back_at: rolledBack ? new Date() : null,
    });
    expect(migrationStatus(files, null)).toEqual({ applied: [], pending: ["001_init", "002_more", "003_new"], failed: [], modified: [], unknown: [] });
    expect(
      migrationStatus(files, [row("001_init", "a", true), row("002_more", "CHANGED", true), row("003_new", "c", false, true), row("000_future", "z", true)]),
    ).toEqual({ applied: ["001_init", "002_more"], pending: ["003_new"], failed: [], modified: ["002_more"], unknown: ["000_future"] });
    expect(migrationStatus(files, [row("001_init", "a", true), row("002_more", "b", false)])).toMatchObject({ failed: ["002_more"], pending: ["003_new"] });
  });

  it("turns the migration state into checks: failed is required, the rest are warnings", () => {
    const none = { applied: [], pending: [], failed: [], modified: [], unknown: [] };
    expect(migrationChecks({ ...none, applied: ["a", "b"] })).toEqual([{ label: "migrations", ok: true, required: true, detail: "up to date (2 applied)" }]);
    const [pending] = migrationChecks({ ...none, pending: ["a", "b", "c", "d"] });
    expect(pending).toMatchObject({ ok: false, required: false, detail: "4 pending: a, b, c and 1 more", fix: expect.stringContaining("atrium db migrate") as string });
    const [failed] = migrationChecks({ ...none, failed: ["x"] });
    expect(failed).toMatchObject({ ok: false, required: true, detail: "x failed earlier and was not resolved" });
  });

  it("checks Node against the engines range", () => {
    const range = ">=20.19 <21 || >=22.12";
    expect(satisfiesRange("v20.19.0", range)).toBe(true);
    expect(satisfiesRange("v20.20.2", range)).toBe(true);
    expect(satisfiesRange("v20.18.3", range)).toBe(false);
    expect(satisfiesRange("v21.7.0", range)).toBe(false);
    expect(satisfiesRange("v22.11.0", range)).toBe(false);
    expect(satisfiesRange("v22.12.0", range)).toBe(true);
    expect(satisfiesRange("v24.1.0", range)).toBe(true);
    expect(satisfiesRange("v20.0.0", "^20")).toBeNull();
    expect(nodeCheck("v20.20.2", range)).toEqual({ label: "node", ok: true, required: true, detail: `v20.20.2 satisfies ${range}` });
    expect(nodeCheck("v18.0.0", range)).toMatchObject({ ok: false, required: true, fix: expect.stringContaining(range) as string });
  });
});
