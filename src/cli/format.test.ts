import { describe, expect, it } from "vitest";
import { defaultKeyName, formatMigrateResult, redactUrl } from "./format";

describe("formatters", () => {
  it("says what db migrate applied, or that nothing was pending", () => {
    expect(formatMigrateResult({ applied: ["001_init", "002_more"], alreadyApplied: [], modified: [] })).toEqual({
      out: ["applied 001_init", "applied 002_more", "database is up to date (applied 2 migrations, 0 already applied)"],
      err: [],
    });
    expect(formatMigrateResult({ applied: [], alreadyApplied: ["001_init"], modified: ["001_init"] })).toEqual({
      out: ["database is up to date (1 migration already applied)"],
      err: [expect.stringMatching(/^warning: migration 001_init changed after it was applied/) as string],
    });
  });

  it("names default keys by date and hides database credentials", () => {
    expect(defaultKeyName(new Date("2026-03-04T23:00:00Z"))).toBe("cli 2026-03-04");
    expect(redactUrl("postgresql://postgres:s3cret@db.internal:5433/atrium?sslmode=require")).toBe("postgresql://db.internal:5433/atrium");
  });
});
