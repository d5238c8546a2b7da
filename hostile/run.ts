// `npm run test:hostile`: Atrium under hostile conditions, against a real server on its OWN
// PostgreSQL and its OWN dockerd (both may be killed here; the machine's shared ones never are).
// Prints a table of what was tried and what held; exits 1 when anything did not hold.
//   npm run test:hostile -- [--only load,faults,input,memory]
// Sizes: HOSTILE_TERMINALS (50), HOSTILE_SESSIONS (10), HOSTILE_SECONDS (30), HOSTILE_WRITERS (20),
// HOSTILE_BURST (20 lines per 0.1 s), HOSTILE_FILES (100000), HOSTILE_KEEP=1 keeps the temp dirs;
// the memory soak's in hostile/memory.ts.
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Atrium, onInterrupt } from "../bench/support/server";
import { badInputCases } from "./bad-input";
import { faultCases } from "./faults";
import { loadCase } from "./load";
import { memoryCase } from "./memory";
import type { Hostile, Outcome } from "./support/context";
import { OwnDockerd, OwnPostgres } from "./support/infra";

const { values } = parseArgs({ options: { only: { type: "string", default: "load,faults,input,memory" } } });
const only = new Set(values.only.split(",").map((s) => s.trim()));
const IMAGE = process.env.ATRIUM_BENCH_IMAGE ?? "atrium/test:busybox";
const started = performance.now();
const log = (line: string) => console.error(`[hostile ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);

/** Left-aligned columns: this table is words, not numbers. */
function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, widths.map((w) => "-".repeat(w)), ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

async function main(): Promise<number> {
  const base = path.join(tmpdir(), `atrium-hostile-${Date.now().toString(36)}-${process.pid}`);
  await mkdir(base, { recursive: true, mode: 0o711 });
  const pg = new OwnPostgres(path.join(base, "pg"));
  const dockerd = new OwnDockerd(path.join(base, "docker"));
  let server: Atrium | null = null;
  const cleanup = async () => {
    await server?.dispose().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    await dockerd.dispose().catch(() => undefined);
    if (process.env.HOSTILE_KEEP !== "1") {
      const { rm } = await import("node:fs/promises");
      await rm(base, { recursive: true, force: true }).catch(() => undefined);
    }
  };
  const release = onInterrupt(cleanup);
  const outcomes: Outcome[] = [];
  try {
    log(`own PostgreSQL and dockerd under ${base}`);
    await Promise.all([pg.start(), dockerd.start()]);
    await dockerd.loadImage(IMAGE);
    server = new Atrium({
      name: "hostile",
      postgresUrl: pg.url,
      dockerHost: dockerd.host,
      // --bridge=none: sandboxes cannot have a network here, so the default preset goes without.
      env: { ATRIUM_SANDBOX_PRESETS: JSON.stringify({ default: { network: false } }) },
    });
    await server.init();
    log(`server on ${server.url} (pid ${server.pid})`);
    const h: Hostile = {
      server,
      pg,
      dockerd,
      log,
      record: (o) => {
        outcomes.push(o);
        log(`${o.held ? "HELD  " : "FAILED"} ${o.case}: ${o.detail}`);
      },
    };
    const step = async (name: string, fn: (h: Hostile) => Promise<void>) => {
      if (!only.has(name)) return;
      log(`--- ${name}`);
      try {
        await fn(h);
      } catch (error) {
        h.record({ case: name, tried: "(the case itself)", held: false, detail: `aborted: ${error instanceof Error ? error.message : String(error)}` });
        console.error(error);
      }
    };
    await step("input", badInputCases);
    await step("load", loadCase);
    // Before the faults: they kill and restart the engine and the database under the shared server.
    await step("memory", memoryCase);
    await step("faults", faultCases);
  } finally {
    await cleanup();
    release();
  }
  const failed = outcomes.filter((o) => !o.held);
  console.log(`\nhostile suite ${new Date().toISOString()} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log(textTable(["case", "held", "tried", "numbers / what happened"], outcomes.map((o) => [o.case, o.held ? "yes" : "NO", o.tried, o.detail])));
  console.log(JSON.stringify({ suite: "hostile", date: new Date().toISOString(), held: outcomes.length - failed.length, failed: failed.length, outcomes }));
  if (outcomes.length === 0) {
    console.log("nothing ran");
    return 1;
  }
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 1;
});
