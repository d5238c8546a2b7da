// How services (tasks, snapshots) reach browsers without knowing about socket.io: they publish
// here; the realtime server forwards each message to its room. One bus per process (globalThis),
// because Next's bundle and server.ts load this module separately.
import { EventEmitter } from "node:events";
import type { ServerToClientEvents } from "./events";

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export type RoomMessage = {
  [E in keyof ServerToClientEvents]: { room: string; event: E; payload: Payload<E> };
}[keyof ServerToClientEvents];

export const workspaceRoom = (workspaceId: string) => `ws:${workspaceId}`;
export const taskRoom = (taskId: string) => `task:${taskId}`;
/** Every socket of one person joins this on connect: progress of work not tied to a workspace yet (imports). */
export const userRoom = (userId: string) => `user:${userId}`;

const KEY = Symbol.for("atrium.workspace-bus");
function bus(): EventEmitter {
  const holder = globalThis as { [KEY]?: EventEmitter };
  if (!holder[KEY]) {
    holder[KEY] = new EventEmitter();
    // Every realtime server and test listener subscribes; none of them is a leak.
    holder[KEY].setMaxListeners(0);
  }
  return holder[KEY];
}

export function publish<E extends keyof ServerToClientEvents>(room: string, event: E, payload: Payload<E>): void {
  bus().emit("message", { room, event, payload });
}

/** Returns the unsubscribe function. */
export function subscribe(listener: (message: RoomMessage) => void): () => void {
  bus().on("message", listener);
  return () => bus().off("message", listener);
}
