import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("has defaults that run Atrium with nothing configured", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ PORT: 3000, ATRIUM_ALLOW_SIGNUP: true, ATRIUM_DEFAULT_QUOTA_BYTES: 5 * 1024 ** 3 });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.dataDir).toBe(path.resolve(".atrium"));
    expect(e.publicUrl).toBe("http://localhost:3000");
  });

  it("reads booleans, numbers and URLs", () => {
    const e = parseEnv({ ATRIUM_ALLOW_SIGNUP: "no", PORT: "8080", ATRIUM_PUBLIC_URL: "https://atrium.example.com/", DATABASE_URL: "postgresql://u:p@db:5432/atrium" });
    expect(e).toMatchObject({ ATRIUM_ALLOW_SIGNUP: false, PORT: 8080, publicUrl: "https://atrium.example.com", DATABASE_URL: "postgresql://u:p@db:5432/atrium" });
  });

  it("names each bad variable and what it expects", () => {
    const found = problems({ PORT: "eighty", ATRIUM_ALLOW_SIGNUP: "maybe", DATABASE_URL: "mysql://x", ATRIUM_AUTH_SECRET: "short" });
    expect(found).toEqual(
      expect.arrayContaining([
        'PORT: expected a whole number from 0 to 65535 (got "eighty")',
        'ATRIUM_ALLOW_SIGNUP: expected true or false (got "maybe")',
        expect.stringMatching(/^DATABASE_URL: expected a PostgreSQL URL/),
        expect.stringMatching(/^ATRIUM_AUTH_SECRET: expected at least 32 characters/),
      ]),
    );
  });

  it("wants the bootstrap admin's email and password together", () => {
    expect(problems({ ATRIUM_ADMIN_EMAIL: "root@example.com" })).toEqual([
      "ATRIUM_ADMIN_PASSWORD: ATRIUM_ADMIN_EMAIL and ATRIUM_ADMIN_PASSWORD must be set together",
    ]);
    expect(problems({ ATRIUM_ADMIN_EMAIL: "not an email", ATRIUM_ADMIN_PASSWORD: "x" })).toEqual(["ATRIUM_ADMIN_EMAIL: expected an email address"]);
  });

  it("reads the shutdown settings", () => {
    expect(parseEnv({})).toMatchObject({ ATRIUM_SHUTDOWN_GRACE_MS: 10_000, ATRIUM_SANDBOXES_ON_SHUTDOWN: "keep" });
    expect(parseEnv({ ATRIUM_SHUTDOWN_GRACE_MS: "0", ATRIUM_SANDBOXES_ON_SHUTDOWN: "stop" })).toMatchObject({ ATRIUM_SHUTDOWN_GRACE_MS: 0, ATRIUM_SANDBOXES_ON_SHUTDOWN: "stop" });
    expect(problems({ ATRIUM_SHUTDOWN_GRACE_MS: "-5", ATRIUM_SANDBOXES_ON_SHUTDOWN: "remove" })).toEqual([
      'ATRIUM_SHUTDOWN_GRACE_MS: expected a whole number from 0 to 3600000 (got "-5")',
      'ATRIUM_SANDBOXES_ON_SHUTDOWN: expected "keep" (the next start adopts them) or "stop"',
    ]);
  });

  it("treats empty values as unset", () => {
    const e = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.PORT).toBe(3000);
  });

  it("explains how to fix the whole configuration in its message", () => {
    expect(() => parseEnv({ PORT: "-1" })).toThrow(/Atrium cannot start: the configuration is invalid\.\n {2}- PORT: .*\nFix these environment variables/);
  });
});
