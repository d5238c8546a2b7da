// Whether this process is shutting down. server.ts sets it when a signal arrives; Next's bundled
// routes (the ready probe) read it, so it lives on globalThis like the runtime (two module graphs).
const KEY = Symbol.for("atrium.draining");
type Holder = { [KEY]?: number };

/** Marks the process as draining (idempotent); the ready probe answers 503 from now on. */
export function beginDraining(now: number = Date.now()): void {
  (globalThis as Holder)[KEY] ??= now;
}

/** When draining began (ms since the epoch), or null while the process serves normally. */
export function drainingSince(): number | null {
  return (globalThis as Holder)[KEY] ?? null;
}

/** For tests that drain and then go on in the same process. */
export function resetDraining(): void {
  (globalThis as Holder)[KEY] = undefined;
}
