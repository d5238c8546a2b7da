// Memory soak (issue 13): the same mixed load (REST file calls from 16 keys, MCP clients that mostly
// abandon their sessions, socket.io clients that vanish, sandboxes with terminals) three times
// against ONE server, on the suite's own PostgreSQL and dockerd. Holds when the server's RSS after
// the third round is at most 1.2× its RSS after the first (growth per round is what a leak looks
// like; the first round also loads code and warms caches, so it is the baseline), and when, after the
// load stops and the MCP idle timeout passes, the abandoned sessions are gone and RSS is back near
// where it was before the load. RSS is read after full GCs and a 5 s pause (the server runs with
// --expose-gc and a signal-driven probe here only), so garbage V8 has not yet collected or pages it
// has not yet unmapped do not count as held.
//   Sizes: MEMORY_KEYS (16), MEMORY_REST_PER_KEY, MEMORY_MCP_SESSIONS, MEMORY_SOCKETS, MEMORY_SANDBOXES;
//   MEMORY_ROUND_RATIO (1.2), MEMORY_IDLE_RATIO (1.3), MEMORY_IDLE_MARGIN_MB (32).
import path from "node:path";
import { Atrium, sleep } from "../bench/support/server";
import { env, type Hostile } from "./support/context";
import { type MemoryFigures, mb, MemoryProbe, probeEnv, settled } from "./support/memory-probe";
import { abandonMcpSessions, MIXED, mixedRound, prepareMixedLoad, type RoundCounts } from "./support/mixed-load";

const ROUNDS = 3;
const ROUND_RATIO = env("MEMORY_ROUND_RATIO", 1.2);
const IDLE_RATIO = env("MEMORY_IDLE_RATIO", 1.3);
/** Added to the idle bound: what only a first use loads (code, connections), measured at ~10-30 MB. */
const IDLE_MARGIN_MB = env("MEMORY_IDLE_MARGIN_MB", 32);
/** Abandoned MCP sessions must be swept on a clock, not only when the next MCP request comes. */
const MCP_IDLE_MS = 15_000;
/** MCP sessions abandoned right before the idle period. */
const ABANDONED = 8;

export async function memoryCase(h: Hostile): Promise<void> {
  // Its own server: the one the other cases share has served them already, and the probe (which
  // exposes gc and answers on SIGUSR2) must be preloaded from the start.
  const base = path.join(h.server.dataDir, "..", `atrium-memory-probe-${process.pid}`);
  const server = new Atrium({
    name: "hostile-memory",
    postgresUrl: h.pg.url,
    dockerHost: h.dockerd.host,
    env: {
      ...probeEnv(base),
      ATRIUM_SANDBOX_PRESETS: JSON.stringify({ default: { network: false } }),
      // The soak measures memory, not the per-key budget (REST 600 a minute would make most calls 429s).
      ATRIUM_KEY_RATE_LIMIT: "1000000",
      ATRIUM_MCP_SESSION_IDLE_MS: String(MCP_IDLE_MS),
    },
  });
  const probe = new MemoryProbe(server, base);
  try {
    await server.init();
    const fx = await prepareMixedLoad(server, (line) => h.log(line));
    const before = await settled(probe);
    h.log(`memory: before the load RSS ${mb(before.rss)} MB, heap ${mb(before.heapUsed)} MB; ${MIXED.keys} keys × ${MIXED.restPerKey} REST calls, ${MIXED.mcpSessions} MCP sessions, ${MIXED.sockets} sockets, ${MIXED.sandboxes} sandboxes per round`);
    const after: MemoryFigures[] = [];
    /** RSS at the end of each round as it is, before the GCs (what a production process shows). */
    const raw: number[] = [];
    const counts: RoundCounts[] = [];
    let peak = before.rss;
    for (let round = 1; round <= ROUNDS; round++) {
      let running = true;
      const sampler = (async () => {
        while (running) {
          peak = Math.max(peak, await server.rss());
          await sleep(250);
        }
      })();
      const t0 = performance.now();
      counts.push(await mixedRound(server, fx, round));
      running = false;
      await sampler;
      raw.push((await probe.ask("stats")).rss);
      const figures = await settled(probe);
      after.push(figures);
      h.log(`memory: round ${round} in ${((performance.now() - t0) / 1000).toFixed(0)} s: RSS ${mb(figures.rss)} MB, heap ${mb(figures.heapUsed)} MB, ${figures.registries.mcpSessions} MCP sessions open`);
    }
    // Idle: nothing talks to the server. Sessions abandoned just now (the rounds' own are swept
    // during the rounds already) are held at first and must then go on their own clock.
    const abandoned = await abandonMcpSessions(server, fx, ABANDONED);
    const held = (await probe.ask("stats")).registries.mcpSessions;
    await sleep(MCP_IDLE_MS * 2);
    const idle = await settled(probe);
    h.log(`memory: idle ${(MCP_IDLE_MS * 2) / 1000} s: RSS ${mb(idle.rss)} MB, heap ${mb(idle.heapUsed)} MB, ${idle.registries.mcpSessions} MCP sessions open`);

    const first = after[0]!;
    const third = after[ROUNDS - 1]!;
    const ratio = third.rss / first.rss;
    const idleBound = before.rss * IDLE_RATIO + IDLE_MARGIN_MB * 2 ** 20;
    const failures = counts.reduce((n, c) => n + c.restFailed + c.mcpFailed + c.socketFailed, 0);
    const calls = counts.reduce((n, c) => n + c.rest + c.mcpCalls, 0);
    const firstError = counts.find((c) => c.firstError)?.firstError;
    h.record({
      case: "memory: load served",
      tried: `${ROUNDS} rounds of mixed load (REST from ${MIXED.keys} keys, MCP, sockets, ${MIXED.sandboxes} sandboxes)`,
      held: failures === 0 && counts.every((c) => c.sandboxes === MIXED.sandboxes),
      detail: `${calls} REST and MCP calls, ${counts.reduce((n, c) => n + c.sockets, 0)} sockets, ${counts.reduce((n, c) => n + c.terminals, 0)} terminals, ${counts.reduce((n, c) => n + c.sandboxes, 0)} sandboxes; ${failures} failed${firstError ? ` (${firstError})` : ""}`,
    });
    h.record({
      case: "memory: rounds",
      tried: `RSS after round 3 ≤ ${ROUND_RATIO}× after round 1 (after GC)`,
      held: ratio <= ROUND_RATIO,
      detail: `RSS before ${mb(before.rss)} MB, after rounds ${after.map((f) => mb(f.rss)).join(" / ")} MB (${ratio.toFixed(2)}×; before GC ${raw.map(mb).join(" / ")}), peak ${mb(peak)} MB; heap ${mb(before.heapUsed)} → ${after.map((f) => mb(f.heapUsed)).join(" / ")} MB`,
    });
    h.record({
      case: "memory: idle",
      tried: `${(MCP_IDLE_MS * 2) / 1000} s idle: ${ABANDONED} abandoned MCP sessions swept with no MCP request; RSS ≤ ${IDLE_RATIO}× before + ${IDLE_MARGIN_MB} MB`,
      held: idle.rss <= idleBound && held >= abandoned && idle.registries.mcpSessions === 0,
      detail: `RSS ${mb(idle.rss)} MB (bound ${mb(idleBound)} MB), heap ${mb(idle.heapUsed)} MB; MCP sessions: ${abandoned} abandoned, ${held} open → ${idle.registries.mcpSessions} after ${(MCP_IDLE_MS * 2) / 1000} s`,
    });
  } finally {
    await server.dispose();
    await probe.dispose();
  }
}
