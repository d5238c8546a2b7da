// Scale through a REAL Atrium server: how many idle sessions open (up to --max), memory per idle
// session (Atrium's RSS growth per session plus each container's own usage), and the latency of
// exec (REST, socket.io), a 4 KiB read and keystroke echo with one session open versus with all of
// them open. Not part of `npm test`.
//   npx tsx bench/scale.bench.ts [--max 50] [--rounds 30] [--keys 60]
import { execFile } from "node:child_process";
import { parseArgs, promisify } from "node:util";
import { keyRing } from "./support/helpers";
import { printGroups } from "./support/report";
import { type Atrium, bytesOf, onInterrupt, sleep, startAtrium } from "./support/server";

const run = promisify(execFile);
const { values } = parseArgs({ options: { max: { type: "string", default: "50" }, rounds: { type: "string", default: "30" }, keys: { type: "string", default: "60" } } });
const MAX = Number(values.max);
const ROUNDS = Number(values.rounds);
const KEYS = Number(values.keys);
const KEYCHARS = "GHJKLMNPQRSTUVWXYZ";

const UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, kB: 1e3, MB: 1e6, GB: 1e9 };

/** Sum and count of the memory Docker reports for this instance's containers. */
async function containerMemory(instanceId: string): Promise<{ total: number; count: number }> {
  const { stdout: ids } = await run("docker", ["ps", "-q", "--filter", `label=atrium.instance=${instanceId}`]);
  const list = ids.split("\n").filter(Boolean);
  if (list.length === 0) return { total: 0, count: 0 };
  const { stdout } = await run("docker", ["stats", "--no-stream", "--format", "{{.MemUsage}}", ...list], { maxBuffer: 16 << 20 });
  let total = 0;
  for (const line of stdout.split("\n").filter(Boolean)) {
    const m = /^([\d.]+)\s*([A-Za-z]+)/.exec(line);
    if (m) total += Number(m[1]) * (UNITS[m[2]!] ?? 1);
  }
  return { total, count: list.length };
}

/** The median of a few RSS readings a second apart: one reading is at the mercy of the GC. */
async function steadyRss(server: Atrium): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(await server.rss());
    await sleep(1000);
  }
  return readings.sort((a, b) => a - b)[2]!;
}

async function latencies(server: Atrium, wsId: string, sessionId: string, key: () => string): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = { exec: [], socket: [], read: [], echo: [] };
  const socket = await server.socket();
  const opened = await socket.emitWithAck("terminal:open", { workspaceId: wsId, sessionId, cols: 120, rows: 40 });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  let text = "";
  socket.on("terminal:output", (o) => {
    if (o.terminalId === opened.data.terminalId) text += bytesOf(o.data).toString("latin1");
  });
  const until = async (test: () => boolean) => {
    const end = Date.now() + 30_000;
    while (!test()) {
      if (Date.now() > end) throw new Error(`terminal: timed out; last output ${JSON.stringify(text.slice(-100))}`);
      await new Promise((r) => setImmediate(r));
    }
  };
  await until(() => text.includes("$ "));
  socket.emit("terminal:input", { terminalId: opened.data.terminalId, data: "#" });
  await until(() => text.includes("#"));
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    const e = await server.rest<{ exitCode: number }>("POST", `/workspaces/${wsId}/exec`, { command: ["true"], sessionId }, { key: key() });
    if (e.status !== 200) throw new Error(`exec ${e.status} ${e.text}`);
    out.exec!.push(performance.now() - t0);

    t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      let execId = "";
      const onExit = (x: { execId: string }) => {
        if (x.execId !== execId) return;
        socket.off("exec:exited", onExit);
        resolve();
      };
      socket.on("exec:exited", onExit);
      socket.emit("exec:start", { workspaceId: wsId, command: ["true"], sessionId }, (ack) => (ack.ok ? (execId = ack.data.execId) : reject(new Error(JSON.stringify(ack.error)))));
    });
    out.socket!.push(performance.now() - t0);

    const read = await server.rest("GET", `/workspaces/${wsId}/files/content?path=probe.txt`, undefined, { key: key() });
    if (read.status !== 200) throw new Error(`read ${read.status}`);
    out.read!.push(read.ms);

    await sleep(30);
    const ch = KEYCHARS[r % KEYCHARS.length]!;
    text = "";
    t0 = performance.now();
    socket.emit("terminal:input", { terminalId: opened.data.terminalId, data: ch });
    await until(() => text.includes(ch));
    out.echo!.push(performance.now() - t0);
  }
  socket.close();
  return out;
}

async function main(): Promise<void> {
  const server = await startAtrium({ name: "bench-scale" });
  const release = onInterrupt(() => server.dispose());
  try {
    const key = await keyRing(server, Math.max(2, Math.ceil(KEYS / 10)));
    const wsId = await server.workspace("bench scale");
    await server.ok("PUT", `/workspaces/${wsId}/files/content`, { path: "probe.txt", content: "p".repeat(4096) });
    const first = await server.ok<{ id: string }>("POST", `/workspaces/${wsId}/sessions`, {});
    await sleep(2000);
    const before = await latencies(server, wsId, first.id, key);
    const rss0 = await steadyRss(server);
    const mem0 = await containerMemory(server.instanceId);

    let open = 1;
    let failure = "";
    const openMs: number[] = [];
    while (open < MAX) {
      const t0 = performance.now();
      const r = await server.rest<{ id: string }>("POST", `/workspaces/${wsId}/sessions`, {}, { key: key() });
      if (r.status !== 200 && r.status !== 201) {
        failure = `session ${open + 1}: ${r.status} ${r.text.slice(0, 200)}`;
        break;
      }
      openMs.push(performance.now() - t0);
      open++;
    }
    await sleep(5000); // let them go idle
    const rss1 = await steadyRss(server);
    const mem1 = await containerMemory(server.instanceId);
    const after = await latencies(server, wsId, first.id, key);

    const perSessionServer = (rss1 - rss0) / Math.max(1, open - 1);
    const perContainer = mem1.total / Math.max(1, mem1.count);
    const mib = (b: number) => (b / 2 ** 20).toFixed(1);
    console.log(
      `\nscale: ${open} idle sessions open${failure ? ` (stopped: ${failure})` : ` (the --max ${MAX})`}; opening one took median ${[...openMs].sort((a, b) => a - b)[Math.floor(openMs.length / 2)]?.toFixed(0) ?? "-"} ms` +
        `\nmemory per idle session: Atrium +${mib(perSessionServer)} MiB RSS (${mib(rss0)} → ${mib(rss1)} MiB), container ${mib(perContainer)} MiB (Docker's count, ${mem1.count} containers), together ${mib(perSessionServer + perContainer)} MiB`,
    );
    const label = `${open} sessions open`;
    printGroups(
      "scale",
      [
        { title: "exec round trip of `true`, REST", baseline: "1 session open", unit: "ms", samples: { "1 session open": before.exec!, [label]: after.exec! } },
        { title: "exec round trip of `true`, socket.io", baseline: "1 session open", unit: "ms", samples: { "1 session open": before.socket!, [label]: after.socket! } },
        { title: "read a 4 KiB file, REST", baseline: "1 session open", unit: "ms", samples: { "1 session open": before.read!, [label]: after.read! } },
        { title: "keystroke echo over socket.io", baseline: "1 session open", unit: "ms", samples: { "1 session open": before.echo!, [label]: after.echo! } },
      ],
      {
        sessionsOpen: open,
        stoppedBy: failure || null,
        memory: {
          serverRssBeforeMiB: +mib(rss0),
          serverRssAfterMiB: +mib(rss1),
          serverPerSessionMiB: +mib(perSessionServer),
          containerPerSessionMiB: +mib(perContainer),
          containersBefore: mem0.count,
          containersAfter: mem1.count,
        },
      },
    );
  } finally {
    await server.dispose();
    release();
  }
}

await main();
