// Spawns the real `atrium` CLI (bin/atrium.mjs) against a fresh database, as an operator or a
// script would: exit codes, what goes to stdout versus stderr, and what lands in the database.
// Children get the database through their own environment, not this worker's runtime.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "atrium.mjs");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let database: TestDatabase;
let dataDir: string;
let childEnv: NodeJS.ProcessEnv;

function atrium(args: string[], stdin = ""): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "atrium-cli-"));
  // Only this test's database and data directory: nothing from the run's own configuration.
  childEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) {
    if (key.startsWith("ATRIUM_") || key === "DATABASE_URL" || key === "NODE_OPTIONS") delete childEnv[key];
  }
  Object.assign(childEnv, { DATABASE_URL: database.url, ATRIUM_DATA_DIR: dataDir });
});

afterAll(async () => {
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("atrium CLI", () => {
  it("creates a user, then an API key that is printed alone and stored only as its sha256", async () => {
    const user = await atrium(["user", "create", "--email", "Ada@Example.com", "--password", "correct horse battery", "--name", "Ada", "--admin"]);
    expect(user).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created user ada@example\.com \(admin\) id=\S+\n$/) as string });
    const userId = /id=(\S+)/.exec(user.stdout)![1]!;

    const created = await atrium(["apikey", "create", "--user", "ada@example.com", "--scopes", "read,write,exec", "--name", "ci agent"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^atr_[0-9A-Za-z]{40}\n$/);
    expect(created.stderr).toMatch(/will not be shown again/);
    const key = created.stdout.trim();
    expect(created.stderr).not.toContain(key);

    const rows = await query<{ userId: string; name: string; prefix: string; scopes: string[]; expiresAt: Date | null }>(
      `SELECT "userId", name, prefix, scopes::text[] AS scopes, "expiresAt" FROM "ApiKey" WHERE "secretHash" = $1`,
      [createHash("sha256").update(key).digest("hex")],
    );
    expect(rows).toEqual([{ userId, name: "ci agent", prefix: key.slice(0, 12), scopes: ["READ", "WRITE", "EXEC"], expiresAt: null }]);
    const audit = await query<{ channel: string; actorUserId: string }>(`SELECT channel::text, "actorUserId" FROM "AuditEvent" WHERE action = 'apiKeys.create'`);
    expect(audit).toEqual([{ channel: "CLI", actorUserId: userId }]);
  });

  it("reads --password - from stdin and makes an ordinary user", async () => {
    const result = await atrium(["user", "create", "--email", "bob@example.com", "--password", "-"], "another good password\n");
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created user bob@example\.com \(user\) id=/) as string });
    const expiring = await atrium(["apikey", "create", "--user", "bob@example.com", "--scopes", "read", "--expires-days", "7"]);
    expect(expiring.code).toBe(0);
    expect(expiring.stderr).toMatch(/scopes read, expires \d{4}-\d\d-\d\d/);
  });

  it("refuses a duplicate user with exit 1 and the service's message", async () => {
    const result = await atrium(["user", "create", "--email", "ada@example.com", "--password", "yet another password"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/^error: An account with this email already exists\./m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a key for an unknown user with exit 1", async () => {
    const result = await atrium(["apikey", "create", "--user", "nobody@example.com", "--scopes", "read"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/^error: no account has the email nobody@example\.com/m);
  });

  it("refuses the admin scope for a non-admin with exit 1", async () => {
    const result = await atrium(["apikey", "create", "--user", "bob@example.com", "--scopes", "read,admin"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/^error: Only instance administrators can create keys with the admin scope/m);
  });

  it("refuses a bad scope with exit 2 and a one-line message naming --scopes", async () => {
    const result = await atrium(["apikey", "create", "--user", "ada@example.com", "--scopes", "read,root"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: --scopes: unknown scope "root"; expected a comma-separated list of read, write, exec, admin\n',
    });
  });

  it("says the database is up to date after migrating", async () => {
    const result = await atrium(["db", "migrate"]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^database is up to date \(\d+ migrations? already applied\)\n$/) as string });
  });

  it("gives the installation one generated container label, kept in the data dir across starts", async () => {
    const file = path.join(dataDir, "instance-id");
    const first = (await readFile(file, "utf8")).trim();
    expect(first).toMatch(/^atrium-[0-9a-f]{12}$/);
    expect((await atrium(["db", "migrate"])).code).toBe(0);
    expect((await readFile(file, "utf8")).trim()).toBe(first);
    // Another installation (its own data dir) gets its own, so neither reconciles away the other's sandboxes.
    const otherDir = await mkdtemp(path.join(tmpdir(), "atrium-cli-other-"));
    try {
      const other = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, "db", "migrate"], { cwd: ROOT, env: { ...childEnv, ATRIUM_DATA_DIR: otherDir }, stdio: "ignore" });
        child.on("error", reject);
        child.on("close", resolve);
      });
      expect(other).toBe(0);
      const second = (await readFile(path.join(otherDir, "instance-id"), "utf8")).trim();
      expect(second).toMatch(/^atrium-[0-9a-f]{12}$/);
      expect(second).not.toBe(first);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it("doctor exits 0 and reports the database and migrations OK", async () => {
    const result = await atrium(["doctor"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✔ configuration +valid/m);
    expect(result.stdout).toMatch(/^✔ data directory +\S+ is writable/m);
    expect(result.stdout).toMatch(/^✔ database +PostgreSQL \S+.* answered in \d+ ms$/m);
    expect(result.stdout).toMatch(/^✔ migrations +up to date/m);
    expect(result.stdout).toMatch(/^[✔✖] docker /m);
    expect(result.stdout).toMatch(/^✔ node +v\d+/m);
  });

  it("prints usage and exits 2 for an unknown command", async () => {
    const result = await atrium(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command "frobnicate"\n\nAtrium admin CLI/);
  });
});
