// The workspace watcher through a REAL Atrium server (production build, the machine's PostgreSQL
// and Docker), measured from a socket.io client in the workspace's room, as the explorer hears it:
//   1. propagation: an agent's REST PUT, and `echo >>` run in the sandbox through REST exec →
//      `files:changed` naming that file at the client (p50/p99); baselines in the same rounds: the
//      PUT's and the exec's own response times.
//   2. cost on a 100,000-file workspace: the server's RSS and CPU at rest and while 10,000 files of
//      a large subtree are rewritten (a `git checkout` of a big tree), with nobody in the room (no
//      watcher: the baseline) and with a client in it (watcher on), plus the inotify watches held.
// Not part of `npm test`.
//   npx tsx bench/watch.bench.ts [--rounds 40] [--files 100000] [--bulk 10000] [--rest-seconds 10]
import { execFile } from "node:child_process";
import { appendFile, mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import type { FilesChanged } from "~/server/realtime/events";
import { stats, table } from "./harness";
import { printGroups } from "./support/report";
import { type Atrium, type ClientSocket, onInterrupt, sleep, startAtrium } from "./support/server";

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "40" },
    files: { type: "string", default: "100000" },
    bulk: { type: "string", default: "10000" },
    "rest-seconds": { type: "string", default: "10" },
  },
});
const ROUNDS = Number(values.rounds);
const FILES = Number(values.files);
const BULK = Number(values.bulk);
const REST_SECONDS = Number(values["rest-seconds"]);
const IDLE_MS = 1000;
const log = (line: string) => console.error(`[watch] ${line}`);
const giveToSandbox = (p: string) => run("chown", ["-R", `${process.env.ATRIUM_SANDBOX_UID ?? "2000000"}:${process.env.ATRIUM_SANDBOX_GID ?? "2000000"}`, p]);

/** Every path the client hears, with when it heard it. */
class Ear {
  readonly heard = new Map<string, number>();
  batches = 0;
  overflows = 0;
  private readonly waiters = new Map<string, () => void>();
  constructor(readonly socket: ClientSocket) {
    socket.on("files:changed", (p: FilesChanged) => {
      const now = performance.now();
      this.batches++;
      if (p.overflow) this.overflows++;
      for (const c of p.changes) {
        this.heard.set(c.path, now);
        this.waiters.get(c.path)?.();
      }
    });
  }
  /** When `p` is next heard (ms, performance clock). */
  next(p: string, timeoutMs = 30_000): Promise<number> {
    this.heard.delete(p);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${p} was not heard within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(p, () => {
        clearTimeout(timer);
        this.waiters.delete(p);
        resolve(this.heard.get(p)!);
      });
    });
  }
}

/** utime + stime of a process in ms. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** inotify watches the process holds now (one `inotify wd:` line per watch in fdinfo). */
async function inotifyWatches(pid: number): Promise<number> {
  let n = 0;
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    if (!target.includes("inotify")) continue;
    const info = await readFile(`/proc/${pid}/fdinfo/${fd}`, "utf8").catch(() => "");
    n += info.split("\n").filter((l) => l.startsWith("inotify wd:")).length;
  }
  return n;
}

/** CPU ms used and the peak RSS while `during` runs (RSS sampled every 100 ms). */
async function cost(server: Atrium, during: () => Promise<void>): Promise<{ cpu: number; peakRss: number; seconds: number }> {
  let peakRss = await server.rss();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, await server.rss());
      await sleep(100);
    }
  })();
  const cpu0 = await cpuMs(server.pid);
  const t0 = performance.now();
  await during();
  const cpu = (await cpuMs(server.pid)) - cpu0;
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  return { cpu, peakRss, seconds };
}

async function main(): Promise<void> {
  const server = await startAtrium({ name: "bench-watch", env: { ATRIUM_KEY_RATE_LIMIT: "1000000", ATRIUM_WATCH_IDLE_MS: String(IDLE_MS) } });
  const release = onInterrupt(() => server.dispose());
  try {
    const wsId = await server.workspace("watch bench");
    const root = (await server.ok<{ rootPath: string }>("GET", `/workspaces/${wsId}`)).rootPath;
    await mkdir(path.join(root, "lat"), { recursive: true });
    await giveToSandbox(path.join(root, "lat"));
    const socket = await server.socket();
    const ear = new Ear(socket);
    const join = async () => {
      const joined = await socket.emitWithAck("workspace:join", { workspaceId: wsId });
      if (!joined.ok) throw new Error(JSON.stringify(joined.error));
    };
    await join();
    // The watcher starts with the first join: a probe says when it hears.
    for (let i = 0; ; i++) {
      const heard = ear.next(`lat/probe-${i}`, 2000).then(() => true, () => false);
      await writeFile(path.join(root, `lat/probe-${i}`), "x");
      if (await heard) break;
    }

    // 1. Propagation.
    log(`propagation: ${ROUNDS} rounds of REST PUT and sandbox echo`);
    const session = await server.ok<{ id: string }>("POST", `/workspaces/${wsId}/sessions`, {});
    const samples: Record<string, number[]> = { "REST PUT response": [], "PUT → files:changed": [], "REST exec response": [], "exec echo >> → files:changed": [] };
    for (let r = 0; r < ROUNDS; r++) {
      const putPath = `lat/put-${r}.txt`;
      const heardPut = ear.next(putPath);
      const t0 = performance.now();
      const put = await server.rest("PUT", `/workspaces/${wsId}/files/content`, { path: putPath, content: `round ${r}` });
      if (put.status !== 200) throw new Error(`PUT: ${put.status} ${put.text.slice(0, 200)}`);
      samples["REST PUT response"]!.push(performance.now() - t0);
      samples["PUT → files:changed"]!.push((await heardPut) - t0);

      const heardExec = ear.next("lat/exec.txt");
      const t1 = performance.now();
      const exec = await server.rest<{ exitCode: number }>("POST", `/workspaces/${wsId}/exec`, { command: ["sh", "-c", `echo ${r} >> /workspace/lat/exec.txt`], sessionId: session.id });
      if (exec.status !== 200 || exec.body.exitCode !== 0) throw new Error(`exec: ${exec.status} ${exec.text.slice(0, 200)}`);
      samples["REST exec response"]!.push(performance.now() - t1);
      samples["exec echo >> → files:changed"]!.push((await heardExec) - t1);
    }
    await server.rest("DELETE", `/sessions/${session.id}`);

    // 2. Cost on a large tree.
    log(`cost: writing ${FILES} files`);
    const big = path.join(root, "big");
    const perDir = 100;
    for (let d = 0; d * perDir < FILES; d++) {
      const dir = path.join(big, `d${String(d).padStart(4, "0")}`);
      await mkdir(dir, { recursive: true });
      await Promise.all(Array.from({ length: Math.min(perDir, FILES - d * perDir) }, (_, i) => writeFile(path.join(dir, `f${i}.txt`), `file ${d}/${i}\n`)));
    }
    await giveToSandbox(big);
    const bulkDirs = Math.ceil(BULK / perDir);
    /** Rewrites BULK files of one subtree, as a checkout does, then lets the server settle. */
    const checkout = async (generation: number) => {
      for (let d = 0; d < bulkDirs; d++) {
        const dir = path.join(big, `d${String(d).padStart(4, "0")}`);
        await Promise.all(Array.from({ length: perDir }, (_, i) => appendFile(path.join(dir, `f${i}.txt`), `checkout ${generation}\n`)));
      }
      await sleep(3000);
    };

    const rows: string[][] = [];
    const json: Record<string, unknown> = {};
    const measure = async (label: string) => {
      const rest = await cost(server, () => sleep(REST_SECONDS * 1000));
      const batches0 = ear.batches;
      const overflows0 = ear.overflows;
      const bulk = await cost(server, () => checkout(rows.length));
      const watches = await inotifyWatches(server.pid);
      const rssMb = (await server.rss()) / 2 ** 20;
      const row = {
        rssMb,
        restCpuPct: (rest.cpu / (rest.seconds * 1000)) * 100,
        bulkCpuMs: bulk.cpu,
        bulkPeakRssMb: bulk.peakRss / 2 ** 20,
        inotifyWatches: watches,
        messages: ear.batches - batches0,
        overflows: ear.overflows - overflows0,
      };
      json[label] = row;
      rows.push([label, row.rssMb.toFixed(0), row.restCpuPct.toFixed(2), row.bulkCpuMs.toFixed(0), row.bulkPeakRssMb.toFixed(0), String(watches), String(row.messages), String(row.overflows)]);
    };

    // Baseline: nobody in the room, so no watcher (after the idle delay).
    await socket.emitWithAck("workspace:leave", { workspaceId: wsId });
    await sleep(IDLE_MS + 1000);
    await measure("no watcher (nobody in the room)");
    await join();
    const ready = Date.now();
    for (let i = 0; ; i++) {
      const heard = ear.next(`lat/ready-${i}`, 5000).then(() => true, () => false);
      await writeFile(path.join(root, `lat/ready-${i}`), "x");
      if (await heard) break;
    }
    log(`watcher on ${FILES} files ready in ${((Date.now() - ready) / 1000).toFixed(1)} s`);
    await measure("watcher on (one client in the room)");

    // The native watcher alone, in this process: what a watched 100k-file tree costs in memory,
    // apart from the server's heap swings (RSS before and after subscribing, then unsubscribing).
    const { subscribe } = await import("@parcel/watcher");
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const alone = await subscribe(big, () => undefined, { backend: "inotify", ignore: ["**/.git"] });
    const startS = (performance.now() - t0) / 1000;
    const rss1 = process.memoryUsage().rss;
    await alone.unsubscribe();
    json["native watcher alone (bench process)"] = { rssDeltaMb: (rss1 - rss0) / 2 ** 20, startSeconds: startS };

    const percentiles = Object.fromEntries(
      ["PUT → files:changed", "exec echo >> → files:changed"].map((name) => {
        const st = stats(samples[name]!);
        return [name, { p50: st.median, p99: st.p99, n: st.n }];
      }),
    );
    printGroups("watch", [
      { title: "agent PUT → files:changed at a socket client (baseline: the PUT's own response)", baseline: "REST PUT response", unit: "ms", samples: { "REST PUT response": samples["REST PUT response"]!, "PUT → files:changed": samples["PUT → files:changed"]! } },
      { title: "sandbox `echo >>` via REST exec → files:changed (baseline: the exec's own response)", baseline: "REST exec response", unit: "ms", samples: { "REST exec response": samples["REST exec response"]!, "exec echo >> → files:changed": samples["exec echo >> → files:changed"]! } },
    ], { cost: json, files: FILES, bulk: BULK, percentiles });
    for (const [name, p] of Object.entries(percentiles)) console.log(`${name}: p50 ${p.p50.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms (n=${p.n}; target p50 ≤ 300 ms)`);
    console.log(`\nwatcher cost on ${FILES.toLocaleString()} files (${BULK.toLocaleString()} rewritten per "checkout"; CPU at rest over ${REST_SECONDS} s)`);
    console.log(`native watcher alone on ${FILES.toLocaleString()} files: +${((rss1 - rss0) / 2 ** 20).toFixed(1)} MB RSS, ready in ${startS.toFixed(1)} s`);
    console.log(table(["", "RSS MB", "rest CPU %", "checkout CPU ms", "checkout peak RSS MB", "inotify watches", "messages", "overflows"], rows));
  } finally {
    release();
    await server.dispose();
  }
}

await main();
