// The test side of memory-probe.mjs: start a server with it preloaded, then ask the server for its
// memory figures (optionally after a full GC, or with a heap snapshot) by signal.
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Atrium, sleep } from "../../bench/support/server";

export interface MemoryFigures {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  malloced: number;
  tookMs: number;
  snapshot: string | null;
  /** Sizes of Atrium's registries on globalThis: MCP sessions, confined file helpers, file path locks. */
  registries: { mcpSessions: number; confinedHelpers: number; pathLocks: number };
}

const PROBE = path.join(import.meta.dirname, "memory-probe.mjs");

/** Environment that preloads the probe (and exposes gc) in the server; `base` is a path prefix for its files. */
export function probeEnv(base: string, extraNodeOptions = ""): Record<string, string> {
  return {
    ATRIUM_MEMORY_PROBE: base,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import=${PROBE} ${extraNodeOptions}`.trim(),
  };
}

export class MemoryProbe {
  private n = 0;
  constructor(
    private readonly server: Atrium,
    private readonly base: string,
  ) {}

  /** Memory figures now ("stats"), after two full GCs ("gc"), or with a heap snapshot written to `file`. */
  async ask(command: "stats" | "gc" | `snapshot ${string}`, deadlineMs = 600_000): Promise<MemoryFigures> {
    await writeFile(`${this.base}.cmd`, command);
    this.n++;
    const out = `${this.base}.${this.n}.json`;
    process.kill(this.server.pid, "SIGUSR2");
    const end = Date.now() + deadlineMs;
    while (Date.now() < end) {
      const text = await readFile(out, "utf8").catch(() => null);
      if (text) {
        await rm(out, { force: true });
        return JSON.parse(text) as MemoryFigures;
      }
      await sleep(100);
    }
    throw new Error(`the memory probe did not answer "${command}" within ${deadlineMs / 1000} s (is it preloaded?)`);
  }

  /** Removes the probe's command file. */
  async dispose(): Promise<void> {
    await rm(`${this.base}.cmd`, { force: true });
  }
}

/**
 * Figures once the process has settled: a full GC, a pause (V8 unmaps freed pages and shrinks its
 * young generation in background tasks after a GC, so RSS read at once still counts them), another.
 */
export async function settled(probe: MemoryProbe, pauseMs = 5_000): Promise<MemoryFigures> {
  await probe.ask("gc");
  await sleep(pauseMs);
  return probe.ask("gc");
}

export const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Where a process's resident memory is, from /proc/<pid>/smaps: the glibc heap, big anonymous maps, small ones, files. */
export async function residentBreakdown(pid: number): Promise<Record<string, number>> {
  const text = await readFile(`/proc/${pid}/smaps`, "utf8").catch(() => "");
  const out: Record<string, number> = {};
  let kind = "";
  let size = 0;
  for (const line of text.split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1]!.trim();
      kind = name === "" ? "anon" : name.startsWith("[") ? name : name.endsWith(".node") || name.includes(".so") ? "libraries" : "files";
      continue;
    }
    const m = /^(Size|Rss):\s+(\d+) kB/.exec(line);
    if (m?.[1] === "Size") size = Number(m[2]);
    else if (m?.[1] === "Rss") {
      // glibc arenas reserve 64 MiB each (often split in two maps); V8 pages are 256 KiB.
      const k = kind === "anon" ? (size >= 32 * 1024 ? "anon ≥32MiB maps" : size >= 1024 ? "anon 1-32MiB maps" : "anon <1MiB maps") : kind;
      out[k] = (out[k] ?? 0) + Number(m[2]) * 1024;
    }
  }
  return out;
}
