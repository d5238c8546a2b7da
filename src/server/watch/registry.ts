// One file watcher per ACTIVE workspace: a workspace is watched while something holds it (a tab
// in its socket room, an SSE stream, an MCP session) and for ATRIUM_WATCH_IDLE_MS after the last
// holder lets go. The registry lives on globalThis because Next's bundle (SSE, MCP) and server.ts
// (socket.io) load this module separately and must share one watcher per workspace.
//
// Bounded: at most ATRIUM_WATCH_MAX_WORKSPACES native (inotify) watchers per process. Beyond the
// cap, or when the kernel refuses (ENOSPC: out of inotify watches, EMFILE: out of descriptors or
// instances), a workspace falls back to a timer that publishes `overflow: true` (clients refetch)
// every ATRIUM_WATCH_FALLBACK_MS; the server never fails a request or crashes over it.
import { realpath } from "node:fs/promises";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { logger } from "~/server/observability/logger";
import { publish, subscribe, workspaceRoom } from "~/server/realtime/workspace-bus";
import { WorkspaceWatcher } from "./watcher";

export type WatchMode = "starting" | "native" | "fallback" | "off";

interface Entry {
  holders: number;
  mode: WatchMode;
  native: WorkspaceWatcher | null;
  fallback: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
  /** Bumped by every stop: a start that finishes after a stop knows it is stale. */
  generation: number;
  starting: Promise<void> | null;
}

interface Registry {
  entries: Map<string, Entry>;
  unsubscribeBus: () => void;
}

const KEY = Symbol.for("atrium.watch-registry");

function registry(): Registry {
  const holder = globalThis as { [KEY]?: Registry };
  if (!holder[KEY]) {
    const entries = new Map<string, Entry>();
    // A restore swaps the workspace's folder for another one: the old watch sees nothing any more.
    const unsubscribeBus = subscribe((message) => {
      if (message.event === "snapshot:restored") void restartWatching(message.payload.targetWorkspaceId);
    });
    holder[KEY] = { entries, unsubscribeBus };
  }
  return holder[KEY];
}

const log = () => logger("watch");

function nativeCount(): number {
  let n = 0;
  for (const entry of registry().entries.values()) if (entry.mode === "native" || entry.mode === "starting") n++;
  return n;
}

export interface WatchHold {
  /** Lets go (idempotent); the watcher stops ATRIUM_WATCH_IDLE_MS after the last holder. */
  release(): void;
}

/** Holds `workspaceId` watched until the returned hold is released. */
export function holdWatch(workspaceId: string): WatchHold {
  const { entries } = registry();
  let entry = entries.get(workspaceId);
  if (!entry) {
    entry = { holders: 0, mode: "off", native: null, fallback: null, idle: null, generation: 0, starting: null };
    entries.set(workspaceId, entry);
  }
  entry.holders++;
  if (entry.idle) {
    clearTimeout(entry.idle);
    entry.idle = null;
  }
  if (entry.mode === "off" && !entry.starting) entry.starting = start(workspaceId, entry);
  let released = false;
  const held = entry;
  return {
    release() {
      if (released) return;
      released = true;
      held.holders--;
      if (held.holders > 0 || entries.get(workspaceId) !== held) return;
      const idleMs = env().ATRIUM_WATCH_IDLE_MS;
      held.idle = setTimeout(() => {
        held.idle = null;
        if (held.holders === 0) void stopEntry(workspaceId, held, true);
      }, idleMs);
      held.idle.unref();
    },
  };
}

async function start(workspaceId: string, entry: Entry): Promise<void> {
  const generation = entry.generation;
  entry.mode = "starting";
  try {
    const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { rootPath: true, status: true } });
    if (entry.generation !== generation) return;
    // Archived (packed away) or gone: nothing on disk to follow.
    if (!ws || ws.status !== "ACTIVE") {
      entry.mode = "off";
      return;
    }
    if (nativeCount() > env().ATRIUM_WATCH_MAX_WORKSPACES) {
      log().warn({ workspaceId, cap: env().ATRIUM_WATCH_MAX_WORKSPACES }, "watch cap reached: this workspace falls back to periodic refetches");
      startFallback(workspaceId, entry);
      return;
    }
    const rootReal = await realpath(ws.rootPath);
    const watcher = new WorkspaceWatcher(workspaceId, rootReal, (error) => {
      // The native watcher broke while running (the kernel dropped it): degrade, do not crash.
      log().warn({ workspaceId, err: error }, "file watcher failed: falling back to periodic refetches");
      if (entry.native === watcher) {
        entry.native = null;
        void watcher.stop();
        startFallback(workspaceId, entry);
        publishOverflow(workspaceId);
      }
    });
    await watcher.start();
    if (entry.generation !== generation) {
      await watcher.stop();
      return;
    }
    entry.native = watcher;
    entry.mode = "native";
  } catch (error) {
    if (entry.generation !== generation) return;
    const code = (error as { code?: unknown }).code;
    log().warn({ workspaceId, err: error, code }, "file watcher could not start: falling back to periodic refetches");
    startFallback(workspaceId, entry);
  } finally {
    if (entry.generation === generation) entry.starting = null;
  }
}

function publishOverflow(workspaceId: string): void {
  publish(workspaceRoom(workspaceId), "files:changed", { workspaceId, changes: [], overflow: true });
}

function startFallback(workspaceId: string, entry: Entry): void {
  entry.mode = "fallback";
  if (entry.fallback) return;
  entry.fallback = setInterval(() => publishOverflow(workspaceId), env().ATRIUM_WATCH_FALLBACK_MS);
  entry.fallback.unref();
}

async function stopEntry(workspaceId: string, entry: Entry, forget: boolean): Promise<void> {
  entry.generation++;
  entry.starting = null;
  if (entry.fallback) clearInterval(entry.fallback);
  entry.fallback = null;
  if (entry.idle && forget) clearTimeout(entry.idle);
  const native = entry.native;
  entry.native = null;
  entry.mode = "off";
  if (forget && registry().entries.get(workspaceId) === entry) registry().entries.delete(workspaceId);
  await native?.stop();
}

/** Stops watching `workspaceId` now (archive, delete): its holders stay, nothing restarts it until restartWatching. */
export async function stopWatching(workspaceId: string): Promise<void> {
  const entry = registry().entries.get(workspaceId);
  if (entry) await stopEntry(workspaceId, entry, entry.holders === 0);
}

/** Starts over on the workspace's current folder (restore, unarchive) and tells clients to refetch. */
export async function restartWatching(workspaceId: string): Promise<void> {
  const entry = registry().entries.get(workspaceId);
  if (!entry) return;
  await stopEntry(workspaceId, entry, entry.holders === 0);
  if (entry.holders > 0) {
    entry.starting = start(workspaceId, entry);
    await entry.starting;
  }
  publishOverflow(workspaceId);
}

/** Shutdown: every watcher stops (inotify descriptors and the native thread go with them). */
export async function stopAllWatchers(): Promise<void> {
  const { entries } = registry();
  await Promise.all([...entries].map(([id, entry]) => stopEntry(id, entry, true)));
}

/** For tests, the bench and /metrics: how a workspace is watched now. */
export function watchState(workspaceId: string): { mode: WatchMode; holders: number } {
  const entry = registry().entries.get(workspaceId);
  return entry ? { mode: entry.mode, holders: entry.holders } : { mode: "off", holders: 0 };
}

/** Resolves once the workspace's watcher finished starting (tests: events before that are not seen). */
export async function watchReady(workspaceId: string): Promise<WatchMode> {
  const entry = registry().entries.get(workspaceId);
  if (entry?.starting) await entry.starting;
  return watchState(workspaceId).mode;
}
