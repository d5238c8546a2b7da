// File reads and writes (4 KiB and 4 MiB) and grep over 10,000 files through a REAL Atrium server,
// via tRPC and REST, against `fs` called directly in this process on the same directory and
// `grep -r`, in interleaved rounds. Atrium's writes are atomic (temp file, fsync, rename) and go
// through the path guard, quota and version checks; `fs.writeFile` is none of that, so the atomic
// `fs` sequence is shown as well. Not part of `npm test`.
//   npx tsx bench/files.bench.ts [--rounds 40] [--big-rounds 12] [--grep-rounds 8] [--grep-files 10000]
import { execFile } from "node:child_process";
import { mkdir, open, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { interleaved } from "./harness";
import { keyRing } from "./support/helpers";
import { printGroups } from "./support/report";
import { type Atrium, onInterrupt, startAtrium } from "./support/server";

const run = promisify(execFile);
// Folders made here beside Atrium stand for what a sandbox makes: the sandbox uid's, as in a real
// workspace (Atrium's confined file helper runs as that uid).
const giveToSandbox = (p: string) => run("chown", ["-R", `${process.env.ATRIUM_SANDBOX_UID ?? "2000000"}:${process.env.ATRIUM_SANDBOX_GID ?? "2000000"}`, p]);
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "40" },
    "big-rounds": { type: "string", default: "12" },
    "grep-rounds": { type: "string", default: "8" },
    "grep-files": { type: "string", default: "10000" },
  },
});
const ROUNDS = Number(values.rounds);
const BIG_ROUNDS = Number(values["big-rounds"]);
const GREP_ROUNDS = Number(values["grep-rounds"]);
const GREP_FILES = Number(values["grep-files"]);

function check(r: { status: number; text: string }, what: string): void {
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
}

async function sizeGroup(server: Atrium, key: () => string, wsId: string, root: string, label: string, bytes: number, rounds: number) {
  const content = "0123456789abcdef".repeat(bytes / 16);
  const file = `bench/${label}.txt`;
  const abs = path.join(root, file);
  await mkdir(path.dirname(abs), { recursive: true });
  await giveToSandbox(path.dirname(abs));
  const write = await interleaved(
    {
      "Atrium tRPC files.write": async () => check(await server.trpc("mutation", "files.write", { workspaceId: wsId, path: file, content }), "tRPC write"),
      "Atrium REST PUT": async () => check(await server.rest("PUT", `/workspaces/${wsId}/files/content`, { path: file, content }, { key: key() }), "REST write"),
      "fs temp+fsync+rename": async () => {
        const tmp = `${abs}.tmp`;
        const fh = await open(tmp, "w");
        await fh.writeFile(content);
        await fh.sync();
        await fh.close();
        await rename(tmp, abs);
      },
      "fs.writeFile": () => writeFile(abs, content),
    },
    rounds,
  );
  const read = await interleaved(
    {
      "Atrium tRPC files.read": async () => {
        const r = await server.trpc<{ content: string }>("query", "files.read", { workspaceId: wsId, path: file });
        check(r, "tRPC read");
        if (r.body.content.length !== content.length) throw new Error("short read");
      },
      "Atrium REST GET": async () => {
        const r = await server.rest<{ content: string }>("GET", `/workspaces/${wsId}/files/content?path=${file}`, undefined, { key: key() });
        check(r, "REST read");
        if (r.body.content.length !== content.length) throw new Error("short read");
      },
      "fs.readFile": async () => void (await readFile(abs, "utf8")),
    },
    rounds,
  );
  return [
    { title: `write ${label}`, baseline: "fs.writeFile", unit: "ms" as const, samples: write },
    { title: `read ${label}`, baseline: "fs.readFile", unit: "ms" as const, samples: read },
  ];
}

async function main(): Promise<void> {
  const server = await startAtrium({ name: "bench-files" });
  const release = onInterrupt(() => server.dispose());
  try {
    const key = await keyRing(server, 8);
    const wsId = await server.workspace("bench files");
    const root = (await server.ok<{ rootPath: string }>("GET", `/workspaces/${wsId}`)).rootPath;
    const groups = [...(await sizeGroup(server, key, wsId, root, "4 KiB", 4096, ROUNDS)), ...(await sizeGroup(server, key, wsId, root, "4 MiB", 4 << 20, BIG_ROUNDS))];

    // A source-like tree: 100 folders of 100 files, one in ten mentioning the needle once.
    const tree = path.join(root, "tree");
    for (let d = 0; d < Math.ceil(GREP_FILES / 100); d++) {
      await mkdir(path.join(tree, `dir${d}`), { recursive: true });
      await Promise.all(
        Array.from({ length: Math.min(100, GREP_FILES - d * 100) }, (_, f) => {
          const lines = Array.from({ length: 30 }, (_, l) => `line ${l} of file ${f} in dir ${d}: ${l === 17 && f % 10 === 0 ? "the needle is here" : "nothing to see"}`);
          return writeFile(path.join(tree, `dir${d}`, `file${f}.ts`), lines.join("\n") + "\n");
        }),
      );
    }
    await giveToSandbox(tree);
    const expected = Math.ceil(GREP_FILES / 10);
    const grep = await interleaved(
      {
        "Atrium REST grep": async () => {
          const r = await server.rest<{ matches: unknown[] }>("GET", `/workspaces/${wsId}/files/grep?pattern=needle&path=tree&maxResults=10000`, undefined, { key: key() });
          check(r, "REST grep");
          if (r.body.matches.length !== expected) throw new Error(`REST grep found ${r.body.matches.length}, expected ${expected}`);
        },
        "Atrium tRPC files.grep": async () => {
          const r = await server.trpc<{ matches: unknown[] }>("query", "files.grep", { workspaceId: wsId, query: "needle", path: "tree", maxResults: 10_000 });
          check(r, "tRPC grep");
          if (r.body.matches.length !== expected) throw new Error(`tRPC grep found ${r.body.matches.length}, expected ${expected}`);
        },
        "grep -rn CLI": async () => {
          const { stdout } = await run("grep", ["-rn", "needle", tree], { maxBuffer: 64 << 20 });
          if (stdout.split("\n").filter(Boolean).length !== expected) throw new Error("grep -r count");
        },
      },
      GREP_ROUNDS,
    );
    groups.push({ title: `grep over ${GREP_FILES} files (${expected} matches)`, baseline: "grep -rn CLI", unit: "ms", samples: grep });
    printGroups("files", groups, { rounds: ROUNDS, bigRounds: BIG_ROUNDS, grepRounds: GREP_ROUNDS, grepFiles: GREP_FILES });
  } finally {
    await server.dispose();
    release();
  }
}

await main();
