// The recent events of each workspace someone streams (GET /api/v1/workspaces/{id}/events), kept
// in a bounded ring so a client that reconnects with Last-Event-ID gets what it missed. Fed from
// the workspace bus (file changes, tasks, snapshots, sandbox sessions). On globalThis: the SSE
// route runs in Next's bundle, the publishers partly in server.ts.
//
// Ids are `<epoch>.<seq>`: `seq` counts every event this process logged (all workspaces), `epoch`
// is new per process, so an id from before a restart (or from another replica) is recognised as
// unknown and answered with a `reset`, never silently resumed from the wrong place.
import { randomBytes } from "node:crypto";
import { env } from "~/env";
import type { RoomMessage } from "~/server/realtime/workspace-bus";
import { subscribe } from "~/server/realtime/workspace-bus";

export const EVENT_KINDS = ["files", "tasks", "snapshots", "sessions"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const KIND_OF: Partial<Record<RoomMessage["event"], EventKind>> = {
  "files:changed": "files",
  "task:changed": "tasks",
  "snapshot:created": "snapshots",
  "snapshot:deleted": "snapshots",
  "snapshot:restored": "snapshots",
  "session:changed": "sessions",
};

export interface LoggedEvent {
  id: string;
  seq: number;
  kind: EventKind;
  event: RoomMessage["event"];
  data: RoomMessage["payload"];
}

/** How long a workspace's log outlives its last stream (so a reconnect can still resume). */
const RETAIN_MS = 5 * 60_000;
/** File changes (paths) one log may hold in all, beside the event count: a flood cannot grow it. */
const PATHS_PER_EVENT = 20;

type Listener = (event: LoggedEvent) => void;

class WorkspaceLog {
  readonly events: LoggedEvent[] = [];
  /** Events up to this seq are not in the ring (evicted, or before the log existed). */
  missingUpTo: number;
  readonly listeners = new Set<Listener>();
  retain: NodeJS.Timeout | null = null;
  private paths = 0;

  constructor(startSeq: number) {
    this.missingUpTo = startSeq;
  }

  append(event: LoggedEvent): void {
    this.events.push(event);
    this.paths += pathsOf(event);
    const capacity = env().ATRIUM_EVENTS_BUFFER;
    while (this.events.length > capacity || (this.paths > capacity * PATHS_PER_EVENT && this.events.length > 1)) {
      const dropped = this.events.shift()!;
      this.paths -= pathsOf(dropped);
      this.missingUpTo = dropped.seq;
    }
    for (const listener of this.listeners) listener(event);
  }
}

function pathsOf(event: LoggedEvent): number {
  return event.event === "files:changed" ? (event.data as { changes: unknown[] }).changes.length : 0;
}

interface State {
  epoch: string;
  seq: number;
  logs: Map<string, WorkspaceLog>;
}

const KEY = Symbol.for("atrium.event-log");

function state(): State {
  const holder = globalThis as { [KEY]?: State };
  if (!holder[KEY]) {
    const s: State = { epoch: randomBytes(4).toString("hex"), seq: 0, logs: new Map() };
    subscribe((message) => {
      const kind = KIND_OF[message.event];
      if (!kind || !message.room.startsWith("ws:")) return;
      const log = s.logs.get(message.room.slice(3));
      if (!log) return;
      const seq = ++s.seq;
      log.append({ id: `${s.epoch}.${seq}`, seq, kind, event: message.event, data: message.payload });
    });
    holder[KEY] = s;
  }
  return holder[KEY];
}

export type Resume = { kind: "live" } | { kind: "replay"; events: LoggedEvent[] } | { kind: "reset"; reason: "unknown_id" | "too_old" };

export interface LogSubscription {
  /** The id of the newest event logged so far (what a client resumes from when it has none). */
  latestId: string;
  resume: Resume;
  close(): void;
}

/**
 * Subscribes to `workspaceId`'s events from now on; `lastEventId` asks for the ones after it too
 * (`replay`), or learns that they are gone (`reset`: resync from the API, then follow).
 */
export function subscribeLog(workspaceId: string, lastEventId: string | null, listener: Listener): LogSubscription {
  const s = state();
  let log = s.logs.get(workspaceId);
  if (!log) s.logs.set(workspaceId, (log = new WorkspaceLog(s.seq)));
  if (log.retain) clearTimeout(log.retain);
  log.retain = null;
  const resume = resumeFrom(s, log, lastEventId);
  log.listeners.add(listener);
  const held = log;
  return {
    latestId: `${s.epoch}.${s.seq}`,
    resume,
    close() {
      if (!held.listeners.delete(listener) || held.listeners.size > 0) return;
      held.retain = setTimeout(() => {
        if (held.listeners.size === 0 && s.logs.get(workspaceId) === held) s.logs.delete(workspaceId);
      }, RETAIN_MS);
      held.retain.unref();
    },
  };
}

function resumeFrom(s: State, log: WorkspaceLog, lastEventId: string | null): Resume {
  if (lastEventId === null) return { kind: "live" };
  const match = /^([0-9a-f]{8})\.(\d{1,15})$/.exec(lastEventId);
  if (!match || match[1] !== s.epoch || Number(match[2]) > s.seq) return { kind: "reset", reason: "unknown_id" };
  const after = Number(match[2]);
  if (after < log.missingUpTo) return { kind: "reset", reason: "too_old" };
  return { kind: "replay", events: log.events.filter((e) => e.seq > after) };
}
