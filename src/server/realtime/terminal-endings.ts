// Services that are about to end shells on purpose (a restore recreating a session's container)
// say so here first, so the realtime server can tell attached sockets why in `terminal:exited`.
// In-process, like workspace-bus (one emitter per process on globalThis, because Next's bundle and
// server.ts load this module separately); a terminal lives in the process that opened it.
import { EventEmitter } from "node:events";
import type { TerminalEndReason } from "./events";

export interface TerminalEnding {
  workspaceId: string;
  /** The sandbox sessions whose shells are about to end. */
  sessionIds: string[];
  reason: TerminalEndReason;
}

const KEY = Symbol.for("atrium.terminal-endings");
function emitter(): EventEmitter {
  const holder = globalThis as { [KEY]?: EventEmitter };
  if (!holder[KEY]) {
    holder[KEY] = new EventEmitter();
    // One listener per realtime server (tests boot several); none of them is a leak.
    holder[KEY].setMaxListeners(0);
  }
  return holder[KEY];
}

/** Synchronous: listeners have marked the terminals by the time this returns. */
export function announceTerminalEnding(ending: TerminalEnding): void {
  if (ending.sessionIds.length > 0) emitter().emit("ending", ending);
}

/** Returns the unsubscribe function. */
export function onTerminalEnding(listener: (ending: TerminalEnding) => void): () => void {
  emitter().on("ending", listener);
  return () => emitter().off("ending", listener);
}
