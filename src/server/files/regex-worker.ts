// Runs user regular expressions off the main thread. JavaScript regexes backtrack, and one
// catastrophic pattern ((a+)+$ on a long line) would freeze the whole server; a worker can be
// terminated when the deadline passes, the event loop never can.
import { Worker } from "node:worker_threads";
import type { LineHit } from "./grep-match";

// Plain JavaScript evaluated in the worker (no bundler or TypeScript there): one RegExp per
// request, first match per line, stopping at `limit` lines.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
let compiled = { key: "", re: null };
parentPort.on("message", (msg) => {
  const key = msg.flags + "/" + msg.source;
  if (compiled.key !== key) compiled = { key, re: new RegExp(msg.source, msg.flags) };
  const re = compiled.re;
  const hits = [];
  for (let i = 0; i < msg.lines.length && hits.length < msg.limit; i++) {
    const m = re.exec(msg.lines[i]);
    if (m) hits.push({ line: i, column: m.index, length: m[0].length });
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

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {}

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
      worker.postMessage({ id, source: this.source, flags: this.flags, lines, limit });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.dead = true;
    if (worker) await worker.terminate();
  }
}
