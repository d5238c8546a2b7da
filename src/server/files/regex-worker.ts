// Runs user regular expressions off the main thread, on re2js. RE2 matches in time linear in the
// input, so no pattern backtracks for seconds ((a+)+$ included); the worker still bounds each
// search's wall time (its deadline), keeps the event loop free while a large search runs, and is
// terminated when the deadline passes.
import { Worker } from "node:worker_threads";
import type { LineHit, Re2Spec } from "./grep-match";

// Plain JavaScript evaluated in the worker (no bundler or TypeScript there): one compiled pattern
// per search, first match per line (the boolean DFA test rejects most lines cheaply), stopping at
// `limit` lines. An eval'd worker resolves `re2js` from the process's working directory, which is
// the install's root (scripts/start.mjs changes to it; tests and tools run there).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { RE2JS } = require("re2js");
let compiled = { key: "", re: null };
parentPort.on("message", (msg) => {
  const key = msg.flags + "/" + msg.source;
  if (compiled.key !== key) compiled = { key, re: RE2JS.compile(msg.source, msg.flags) };
  const re = compiled.re;
  const hits = [];
  for (let i = 0; i < msg.lines.length && hits.length < msg.limit; i++) {
    const line = msg.lines[i];
    if (!re.test(line)) continue;
    const m = re.matcher(line);
    if (!m.find()) continue;
    const start = m.start(msg.group);
    hits.push({ line: i, column: start, length: m.end(msg.group) - start });
  }
  parentPort.postMessage({ id: msg.id, hits });
});
`;

interface Reply {
  id: number;
  hits: LineHit[];
}

export class RegexTimeout extends Error {
  constructor() {
    super("regex timed out");
    this.name = "RegexTimeout";
  }
}

/** One worker for one search; `close()` it when done. After a timeout it is dead and `match` throws. */
export class RegexWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private dead = false;

  constructor(private readonly spec: Re2Spec) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 128 } });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** First match per line of `lines` (up to `limit`), or RegexTimeout if `deadline` (epoch ms) passes first. */
  match(lines: string[], limit: number, deadline: number): Promise<LineHit[]> {
    if (this.dead) return Promise.reject(new RegexTimeout());
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<LineHit[]>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        cleanup();
        resolve(reply.hits);
      };
      const onError = (error: Error) => {
        cleanup();
        this.dead = true;
        reject(error);
      };
      const timer = setTimeout(() => {
        cleanup();
        this.dead = true;
        this.worker = null;
        void worker.terminate();
        reject(new RegexTimeout());
      }, Math.max(0, deadline - Date.now()));
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.postMessage({ id, source: this.spec.source, flags: this.spec.flags, group: this.spec.group, lines, limit });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.dead = true;
    if (worker) await worker.terminate();
  }
}
