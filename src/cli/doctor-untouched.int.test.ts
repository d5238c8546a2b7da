// `atrium doctor` only looks: README's exact invocation (`npm run atrium -- doctor`), in a real
// child process in this checkout with its default data dir (./.atrium), must leave every file and
// directory of the tree (minus .git) as it found it: contents, sizes, modes and modification times.
// A rewrite of src/generated, a probe file in the data dir or a freshly made auth secret all fail it.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";

const ROOT = path.resolve(import.meta.dirname, "../..");
// node_modules is hard to hash whole on a small machine: its entries' times and sizes are enough
// there (npm rewrites files, it does not patch them in place); everything else by content too.
const CONTENT_SKIP = new Set(["node_modules"]);

async function treeState(): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const walk = async (dir: string, hashContents: boolean): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(ROOT, full);
      if (rel === ".git") continue;
      const s = await lstat(full);
      let line = `${s.mode} ${s.size} ${s.mtimeMs}`;
      if (entry.isDirectory()) {
        state.set(`${rel}/`, line);
        await walk(full, hashContents && !CONTENT_SKIP.has(rel));
        continue;
      }
      if (hashContents && entry.isFile()) line += ` ${createHash("sha256").update(await readFile(full)).digest("hex")}`;
      state.set(rel, line);
    }
  };
  await walk(ROOT, true);
  return state;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, was] of before) {
    const now = after.get(file);
    if (now === undefined) out.push(`removed ${file}`);
    else if (now !== was) out.push(`changed ${file}`);
  }
  for (const file of after.keys()) if (!before.has(file)) out.push(`added ${file}`);
  return out;
}

/** README's command, as a person types it in the checkout. */
function npmRunDoctor(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "atrium", "--", "doctor"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

let database: TestDatabase;
let baseEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  database = await createTestDatabase();
  // The operator's environment: none of this test run's configuration.
  baseEnv = { ...process.env };
  for (const key of Object.keys(baseEnv)) {
    if (key.startsWith("ATRIUM_") || key.startsWith("npm_") || key === "DATABASE_URL" || key === "NODE_OPTIONS" || key.startsWith("VITEST")) delete baseEnv[key];
  }
});

afterAll(async () => {
  await database?.drop();
});

// Two walks of the whole checkout (node_modules included) around a child process: slow on a busy machine.
describe("atrium doctor leaves the tree untouched", { timeout: 240_000 }, () => {
  it("with DATABASE_URL: checks the database and the exec agent, writes nothing", async () => {
    const before = await treeState();
    const result = await npmRunDoctor({ ...baseEnv, DATABASE_URL: database.url });
    const after = await treeState();
    expect(result.output).toMatch(/^✔ database +PostgreSQL/m);
    expect(result.output).toMatch(/^[✔✖] exec agent /m);
    expect(changes(before, after), result.output).toEqual([]);
  });

  it("with the embedded database (no DATABASE_URL): neither creates nor starts a cluster", async () => {
    const before = await treeState();
    const result = await npmRunDoctor(baseEnv);
    const after = await treeState();
    expect(result.output).toMatch(/^✔ database +embedded PostgreSQL/m);
    expect(changes(before, after), result.output).toEqual([]);
  });
});
