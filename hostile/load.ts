// Load: many terminals printing numbered lines at once, file writers beside them, and a probe that
// keeps asking other questions. Holds when every terminal's lines arrive complete and in order,
// every write reads back as written, every probe is answered, and the server's memory stays bounded.
import { stats } from "../bench/harness";
import { sleep } from "../bench/support/server";
import { env, type Hostile, openTerminal, startSession, stillUp, type Terminal } from "./support/context";

const TERMINALS = env("HOSTILE_TERMINALS", 50);
const SESSIONS = env("HOSTILE_SESSIONS", 10);
const SECONDS = env("HOSTILE_SECONDS", 30);
const WRITERS = env("HOSTILE_WRITERS", 20);
/** Lines per burst; a burst every 0.1 s (so each terminal prints a few hundred lines a second). */
const BURST = env("HOSTILE_BURST", 20);
const RSS_HEADROOM_MB = env("HOSTILE_RSS_HEADROOM_MB", 768);
const PAD = "x".repeat(60);

/** Lines L1..Ln in order, each exactly once; returns the problem or null. */
export function checkSequence(text: string, expected: number): string | null {
  let next = 1;
  for (const raw of text.split("\n")) {
    const m = /^L(\d+) x+\r?$/.exec(raw);
    if (!m) continue;
    const n = Number(m[1]);
    if (n !== next) return `line ${next} expected, got ${n}`;
    next++;
  }
  return next - 1 === expected ? null : `${next - 1} lines arrived, the shell printed ${expected}`;
}

/** The order check must be able to fail: a lost, a repeated and a swapped line are each caught. */
function checkerCatches(): boolean {
  const lines = (ns: number[]) => ns.map((n) => `L${n} ${PAD}\r`).join("\n");
  return (
    checkSequence(lines([1, 2, 3, 4]), 4) === null &&
    checkSequence(lines([1, 2, 4]), 4) !== null &&
    checkSequence(lines([1, 2, 2, 3]), 3) !== null &&
    checkSequence(lines([1, 3, 2, 4]), 4) !== null &&
    checkSequence(lines([1, 2, 3]), 4) !== null
  );
}

export async function loadCase(h: Hostile): Promise<void> {
  if (!checkerCatches()) throw new Error("the line-order check does not catch lost or reordered lines");
  const { server } = h;
  const pid = server.pid;
  const wsId = await server.workspace("hostile load");
  await server.ok("POST", `/workspaces/${wsId}/files/mkdir`, { path: "load" });
  const keys = await Promise.all(Array.from({ length: WRITERS + 1 }, (_, i) => server.mintKey(`load ${i}`)));
  // A person may have 32 terminals open, so the terminals belong to two people, each in their own sessions.
  const second = await server.user("load-second@bench.atrium.test");
  const invited = await server.trpc("mutation", "members.invite", { workspaceId: wsId, email: "load-second@bench.atrium.test", role: "editor" });
  if (invited.status !== 200) throw new Error(`members.invite: ${invited.status} ${invited.text.slice(0, 200)}`);
  const owners = [server.adminKey, second];
  h.log(`load: starting ${SESSIONS} sessions for ${TERMINALS} terminals (two people)`);
  const sessions: string[] = [];
  for (let i = 0; i < SESSIONS; i++) sessions.push(await startSession(server, wsId, owners[i % 2]));
  const terms: Terminal[] = [];
  for (let i = 0; i < TERMINALS; i++) terms.push(await openTerminal(server, wsId, sessions[i % SESSIONS]!, owners[(i % SESSIONS) % 2]));
  const prompts = await Promise.all(terms.map((t) => t.until((s) => s.includes("$ "), "prompt", 60_000).then(() => true, () => false)));
  const silent = prompts.flatMap((ok, i) => (ok ? [] : [i]));
  if (silent.length > 0) throw new Error(`terminals ${silent.join(", ")} of ${TERMINALS} never showed a prompt (${terms.filter((t) => t.bytes > 0).length} got output)`);

  const rssStart = await server.rss();
  let rssPeak = rssStart;
  let running = true;
  const sampler = (async () => {
    while (running) {
      rssPeak = Math.max(rssPeak, await server.rss());
      await sleep(250);
    }
  })();

  // The marker is computed by the shell, so the echoed command line never matches it.
  const script = `i=0; e=$(( $(date +%s) + ${SECONDS} )); while [ $(date +%s) -lt $e ]; do j=0; while [ $j -lt ${BURST} ]; do i=$((i+1)); j=$((j+1)); echo "L$i ${PAD}"; done; usleep 100000; done; echo "END-$((6+1))X$i"\r`;
  const t0 = performance.now();
  for (const t of terms) t.send(script);

  const writeMs: number[] = [];
  const writeErrors: string[] = [];
  const lastWritten = new Map<string, string>();
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const key = keys[w]!;
    for (let n = 0; running; n++) {
      const path = `load/w${w}/f${n % 5}.txt`;
      const content = `writer ${w} op ${n}\n`.repeat(200);
      const started = performance.now();
      // Half through REST, half through tRPC: both doors under load.
      const r =
        n % 2 === 0
          ? await server.rest("PUT", `/workspaces/${wsId}/files/content`, { path, content }, { key }).catch((e: unknown) => ({ status: 0, text: String(e) }))
          : await server.trpc("mutation", "files.write", { workspaceId: wsId, path, content }, key).catch((e: unknown) => ({ status: 0, text: String(e) }));
      writeMs.push(performance.now() - started);
      if (r.status === 200) lastWritten.set(path, content);
      else if (r.status !== 429) writeErrors.push(`${r.status} ${r.text.slice(0, 120)}`);
      // REST allows 600 requests a minute per key; stay under it rather than measure 429s.
      await sleep(Math.max(0, 110 - (performance.now() - started)));
    }
  });

  const probeMs: number[] = [];
  const probeErrors: string[] = [];
  const probe = (async () => {
    for (let n = 0; running; n++) {
      const started = performance.now();
      const r =
        n % 2 === 0
          ? await server.rest("GET", `/workspaces/${wsId}/files?path=load`, undefined, { key: keys[WRITERS]! }).catch((e: unknown) => ({ status: 0, text: String(e) }))
          : await server.http("GET", "/api/health", undefined, {}).catch((e: unknown) => ({ status: 0, text: String(e) }));
      probeMs.push(performance.now() - started);
      if (r.status !== 200) probeErrors.push(`${r.status} ${r.text.slice(0, 120)}`);
      await sleep(200);
    }
  })();

  const ends = await Promise.all(
    terms.map(async (t) => {
      await t.until((s) => /END-7X(\d+)/.test(s), "end marker", (SECONDS + 240) * 1000).catch(() => undefined);
      return Number(/END-7X(\d+)/.exec(t.text())?.[1] ?? -1);
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all([...writers, probe, sampler]);

  const problems: string[] = [];
  let lines = 0;
  let bytes = 0;
  terms.forEach((t, i) => {
    bytes += t.bytes;
    if (ends[i]! < 0) return void problems.push(`terminal ${i}: never finished`);
    lines += ends[i]!;
    const bad = checkSequence(t.text(), ends[i]!);
    if (bad) problems.push(`terminal ${i}: ${bad}`);
    if (t.lagged > 0) problems.push(`terminal ${i}: ${t.lagged} bytes dropped (lagged)`);
  });
  for (const t of terms) t.close();

  let mismatched = 0;
  for (const [path, content] of lastWritten) {
    const r = await server.rest<{ content: string }>("GET", `/workspaces/${wsId}/files/content?path=${encodeURIComponent(path)}`);
    if (r.status !== 200 || r.body.content !== content) mismatched++;
  }
  const up = await stillUp(server, pid);
  const w = stats(writeMs);
  const p = stats(probeMs);
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const rssHeld = rssPeak - rssStart <= RSS_HEADROOM_MB * 2 ** 20;
  h.record({
    case: "load: terminals",
    tried: `${TERMINALS} terminals (${SESSIONS} sessions) printing numbered lines for ${SECONDS} s`,
    held: problems.length === 0 && up === null,
    detail: problems.length === 0 ? `${lines} lines (${(bytes / 1e6).toFixed(1)} MB) in ${elapsed.toFixed(0)} s, none lost or reordered` : problems.slice(0, 5).join("; "),
  });
  h.record({
    case: "load: writers",
    tried: `${WRITERS} clients writing 4 KiB files (REST and tRPC) meanwhile`,
    held: writeErrors.length === 0 && mismatched === 0 && lastWritten.size > 0,
    detail: `${w.n} writes, p50 ${w.median.toFixed(0)} ms, p99 ${w.p99.toFixed(0)} ms; ${writeErrors.length} failed${writeErrors[0] ? ` (${writeErrors[0]})` : ""}; ${mismatched}/${lastWritten.size} read back wrong`,
  });
  h.record({
    case: "load: other requests",
    tried: "file listing and /api/health every 200 ms during the load",
    held: probeErrors.length === 0 && p.n > 0,
    detail: `${p.n} answered, p50 ${p.median.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms; ${probeErrors.length} failed${probeErrors[0] ? ` (${probeErrors[0]})` : ""}`,
  });
  h.record({
    case: "load: memory",
    tried: `server RSS sampled every 250 ms (bound: start + ${RSS_HEADROOM_MB} MB)`,
    held: rssHeld,
    detail: `start ${mb(rssStart)} MB, peak ${mb(rssPeak)} MB`,
  });
  await Promise.all(sessions.map((id, i) => server.rest("DELETE", `/sessions/${id}`, undefined, { key: owners[i % 2] })));
}
