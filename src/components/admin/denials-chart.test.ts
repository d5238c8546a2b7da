import { describe, expect, it } from "vitest";
import { lastDays } from "./denials-chart";

describe("lastDays", () => {
  it("lists UTC days oldest first, ending today, across a month boundary", () => {
    expect(lastDays(3, new Date("2026-03-01T23:30:00Z"))).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(lastDays(1, new Date("2026-01-05T00:00:00Z"))).toEqual(["2026-01-05"]);
  });
});
