// Preloaded into the server under test ONLY by the memory soak and bench (NODE_OPTIONS --import),
// never by Atrium itself: on SIGUSR2 it reads a command from `$ATRIUM_MEMORY_PROBE.cmd` ("stats",
// "gc" or "snapshot <file>"), runs it and writes the process's memory figures as JSON to
// `$ATRIUM_MEMORY_PROBE.<n>.json` (n counts up, so a reader never sees a half-written answer).
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";

const base = process.env.ATRIUM_MEMORY_PROBE;
if (base) {
  let n = 0;
  process.on("SIGUSR2", () => {
    const command = readFileSync(`${base}.cmd`, "utf8").trim();
    const t0 = performance.now();
    if (command === "gc" && typeof globalThis.gc === "function") {
      // Twice: the first full GC runs finalizers whose objects the second one frees.
      globalThis.gc();
      globalThis.gc();
    }
    let snapshot = null;
    if (command.startsWith("snapshot ")) snapshot = v8.writeHeapSnapshot(command.slice("snapshot ".length));
    const heap = v8.getHeapStatistics();
    // Atrium's per-process registries that live on globalThis (see the modules that own them).
    const sizeOf = (name) => globalThis[Symbol.for(name)]?.size ?? 0;
    const registries = { mcpSessions: sizeOf("atrium.mcp.sessions"), confinedHelpers: sizeOf("atrium.confined-fs"), pathLocks: sizeOf("atrium.file-path-locks") };
    const out = { ...process.memoryUsage(), heapUsedV8: heap.used_heap_size, malloced: heap.malloced_memory, tookMs: Math.round(performance.now() - t0), snapshot, command, registries };
    n++;
    writeFileSync(`${base}.tmp`, JSON.stringify(out));
    renameSync(`${base}.tmp`, `${base}.${n}.json`);
  });
}
