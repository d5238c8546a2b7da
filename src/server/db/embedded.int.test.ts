// The embedded default: data survives restarts, and a SIGKILLed Atrium's leftover PostgreSQL is
// stopped and replaced cleanly on the next start.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "~/test/database";
import { startEmbeddedPostgres } from "./embedded";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps its data across a stop and a start", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-emb-"));
    dirs.push(dir);
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dir, port });
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    await expect(query(first.url, "SELECT 1")).rejects.toThrow();
    const second = await startEmbeddedPostgres({ dir, port });
    expect(second.url).toBe(first.url);
    expect(await query<{ v: string }>(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    await second.stop();
  });

  it("recovers after the process that started it was SIGKILLed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-emb-"));
    dirs.push(dir);
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/test/fixtures/start-embedded.ts", dir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /ready (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    await query(url, "CREATE TABLE survived (v int); INSERT INTO survived VALUES (42)");

    // While that Atrium lives (e.g. the CLI runs beside the server) its database is shared, never stopped.
    const beside = await startEmbeddedPostgres({ dir, port });
    expect(beside).toMatchObject({ shared: true, url });
    await beside.stop();
    expect(await query<{ v: number }>(url, "SELECT v FROM survived")).toEqual([{ v: 42 }]);

    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    // Its postmaster is still running and holds the data directory.
    expect(await query<{ one: number }>(url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);

    const restarted = await startEmbeddedPostgres({ dir, port });
    expect(restarted.shared).toBe(false);
    expect(await query<{ v: number }>(restarted.url, "SELECT v FROM survived")).toEqual([{ v: 42 }]);
    await restarted.stop();
  });
});
