// Where the server's memory goes under the mixed load of issue 13 (REST file calls from 16 keys, MCP
// clients that abandon sessions, socket.io clients that vanish, sandboxes): a REAL production server
// on the machine's PostgreSQL and Docker, ROUNDS rounds of hostile/support/mixed-load.ts, and after
// each round the server's RSS and heap (after a full GC) as ratios of the first round's. With
// --snapshots it also writes heap snapshots before the load and after the last round, to diff with
// bench/support/heap-diff.ts. Not part of `npm test`.
//   npx tsx bench/memory.bench.ts [--rounds 3] [--idle 30] [--snapshots DIR] [--malloc-arena-max N]
//   (sizes as in hostile/support/mixed-load.ts; e.g. MEMORY_REST_PER_KEY=250 MEMORY_MCP_SESSIONS=48 MEMORY_SOCKETS=48)
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { MIXED, mixedRound, prepareMixedLoad } from "../hostile/support/mixed-load";
import { mb, MemoryProbe, probeEnv, residentBreakdown, settled } from "../hostile/support/memory-probe";
import { onInterrupt, sleep, startAtrium } from "./support/server";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    idle: { type: "string", default: "30" },
    snapshots: { type: "string" },
    "malloc-arena-max": { type: "string" },
  },
});
const log = (line: string) => console.error(`[memory] ${line}`);

async function main(): Promise<void> {
  const base = path.join("/tmp", `atrium-memory-probe-${process.pid}`);
  const arena = values["malloc-arena-max"];
  const server = await startAtrium({
    name: "bench-memory",
    env: { ...probeEnv(base), ATRIUM_KEY_RATE_LIMIT: "1000000", ...(arena ? { MALLOC_ARENA_MAX: arena } : {}) },
  });
  const probe = new MemoryProbe(server, base);
  const release = onInterrupt(() => server.dispose().then(() => probe.dispose()));
  try {
    const fx = await prepareMixedLoad(server, log);
    const rows: { when: string; rss: number; rssGc: number; heap: number; external: number; seconds: number }[] = [];
    const measure = async (when: string, seconds: number) => {
      const raw = await probe.ask("stats");
      const gc = await settled(probe);
      rows.push({ when, rss: raw.rss, rssGc: gc.rss, heap: gc.heapUsed, external: gc.external, seconds });
      log(`${when}: RSS ${mb(raw.rss)} MB (after GC ${mb(gc.rss)} MB), heap ${mb(gc.heapUsed)} of ${mb(gc.heapTotal)} MB, external ${mb(gc.external)} MB, array buffers ${mb(gc.arrayBuffers)} MB, malloced ${mb(gc.malloced)} MB`);
      const where = await residentBreakdown(server.pid);
      log(`  resident: ${Object.entries(where).filter(([, v]) => v >= 2 ** 20).map(([k, v]) => `${k} ${mb(v)} MB`).join(", ")}; ${gc.registries.mcpSessions} MCP sessions`);
    };
    await measure("before the load", 0);
    if (values.snapshots) {
      await mkdir(values.snapshots, { recursive: true });
      log(`snapshot: ${(await probe.ask(`snapshot ${path.join(values.snapshots, "before.heapsnapshot")}`)).snapshot}`);
    }
    const rounds = Number(values.rounds);
    log(`${rounds} rounds of: ${MIXED.keys} keys × ${MIXED.restPerKey} REST calls, ${MIXED.mcpSessions} MCP sessions, ${MIXED.sockets} sockets, ${MIXED.sandboxes} sandboxes`);
    for (let r = 1; r <= rounds; r++) {
      const t0 = performance.now();
      const counts = await mixedRound(server, fx, r);
      const seconds = (performance.now() - t0) / 1000;
      log(`round ${r}: ${JSON.stringify(counts)} in ${seconds.toFixed(0)} s`);
      await measure(`after round ${r}`, seconds);
    }
    if (values.snapshots) log(`snapshot: ${(await probe.ask(`snapshot ${path.join(values.snapshots, "after.heapsnapshot")}`)).snapshot}`);
    const idle = Number(values.idle);
    log(`idle for ${idle} s`);
    await sleep(idle * 1000);
    await measure(`idle ${idle} s`, 0);

    const first = rows.find((r) => r.when === "after round 1") ?? rows[0]!;
    console.log(`\nmemory bench ${new Date().toISOString()} (MALLOC_ARENA_MAX ${arena ?? "unset"}); ratios against round 1, same run`);
    console.log(["when", "RSS MB", "RSS after GC MB", "heap MB", "external MB", "× round 1 (RSS after GC)", "s"].join("\t"));
    for (const r of rows) console.log([r.when, mb(r.rss), mb(r.rssGc), mb(r.heap), mb(r.external), (r.rssGc / first.rssGc).toFixed(2), r.seconds.toFixed(0)].join("\t"));
  } finally {
    await server.dispose();
    await probe.dispose();
    release();
  }
}

await main();
