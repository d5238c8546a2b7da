// The native watcher of one workspace: @parcel/watcher (inotify underneath, one watch per folder,
// symlinks never followed) on the workspace's real root, events coalesced into batches, filtered to
// what every reader may see, published as `files:changed` to the workspace's room; the workspace's
// usage is re-measured after changes so the quota meter follows.
//
// It only READS the event paths (an lstat for "is this a folder"), never opens or follows them.
import { lstat } from "node:fs/promises";
import type parcel from "@parcel/watcher";
import { env } from "~/env";
import { loadGuardTarget } from "~/server/files/path-guard";
import { logger } from "~/server/observability/logger";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { quotaState, recomputeUsage } from "~/server/workspaces/quota";
import { Batch, type RawEvent, toRelative } from "./coalesce";

/** Quiet time that ends a batch: a `git checkout` or an editor's save arrives as a burst. */
export const DEBOUNCE_MS = 60;
/** A batch is sent after this long even while events keep coming (a build writing for minutes). */
export const MAX_WAIT_MS = 400;
/** Usage is re-measured at most this often, and never more often than 10× the last walk took. */
const USAGE_MIN_INTERVAL_MS = 1000;

/**
 * Folders not worth a watch each: critical folders (never shown to anyone; `.git/objects` alone
 * is thousands of folders a checkout churns through). Names at any depth, as the guard matches.
 */
const IGNORED = ["**/.git", "**/.ssh", "**/.aws", "**/.gnupg", "**/.config/gcloud"];

export class WorkspaceWatcher {
  private subscription: parcel.AsyncSubscription | null = null;
  private batch = new Batch();
  private overflowed = false;
  private timer: NodeJS.Timeout | null = null;
  private firstAt = 0;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private usageTimer: NodeJS.Timeout | null = null;
  private usageRunning = false;
  private usageAgain = false;
  private lastUsageAt = 0;
  private lastWalkMs = 0;

  constructor(
    readonly workspaceId: string,
    readonly rootReal: string,
    private readonly onFailure: (error: Error) => void,
  ) {}

  async start(): Promise<void> {
    // Loaded on first use: a process that never watches (a build, a CLI) never loads the native module.
    const { subscribe } = await import("@parcel/watcher");
    this.subscription = await subscribe(
      this.rootReal,
      (error, events) => {
        if (this.stopped) return;
        if (error) return this.onFailure(error);
        void this.receive(events);
      },
      { ignore: IGNORED, backend: "inotify" },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.usageTimer) clearTimeout(this.usageTimer);
    this.timer = this.usageTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.unsubscribe().catch((error: unknown) => logger("watch").warn({ err: error, workspaceId: this.workspaceId }, "unsubscribe failed"));
  }

  private async receive(events: RawEvent[]): Promise<void> {
    const kinds = await Promise.all(
      events.map(async (event) => {
        const relative = toRelative(this.rootReal, event.path);
        if (relative === null || event.type === "delete" || this.overflowed) return { relative, isDirectory: false };
        // lstat: a symlink to a folder is a link, not a folder (and it is never followed).
        const stat = await lstat(event.path).catch(() => null);
        return { relative, isDirectory: stat?.isDirectory() ?? false };
      }),
    );
    if (this.stopped) return;
    for (const [i, event] of events.entries()) {
      const { relative, isDirectory } = kinds[i]!;
      if (relative === null || this.overflowed) continue;
      this.batch.add(relative, event.type, isDirectory);
      // More than this in one batch: `overflow: true` instead, clients refetch.
      if (this.batch.size > env().ATRIUM_WATCH_MAX_BATCH) {
        this.overflowed = true;
        this.batch = new Batch();
      }
    }
    this.schedule();
  }

  private schedule(): void {
    const now = Date.now();
    if (!this.timer) this.firstAt = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      // One flush at a time, in order: a later batch must not overtake an earlier one.
      this.flushing = this.flushing.then(() => this.flush());
    }, wait);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    if (this.stopped) return;
    const batch = this.batch;
    const overflow = this.overflowed;
    this.batch = new Batch();
    this.overflowed = false;
    try {
      if (overflow) {
        publish(workspaceRoom(this.workspaceId), "files:changed", { workspaceId: this.workspaceId, changes: [], overflow: true });
      } else {
        // The rules as they are now: a BLOCK added a second ago hides paths from this batch on.
        const { rules } = await loadGuardTarget(this.workspaceId);
        const changes = batch.changes(rules);
        if (changes.length > 0 && !this.stopped) publish(workspaceRoom(this.workspaceId), "files:changed", { workspaceId: this.workspaceId, changes, overflow: false });
      }
      // Hidden paths cost quota too: usage follows every change, shown or not.
      this.scheduleUsage();
    } catch (error) {
      // The rules could not be read (the database is away): name nothing, but never drop the news;
      // clients list again, through the guard, when they can.
      logger("watch").warn({ err: error, workspaceId: this.workspaceId }, "could not filter file changes: sending overflow");
      if (!this.stopped) publish(workspaceRoom(this.workspaceId), "files:changed", { workspaceId: this.workspaceId, changes: [], overflow: true });
    }
  }

  /** Re-measures usage after changes: trailing, at most once per interval, one walk at a time. */
  private scheduleUsage(): void {
    if (this.usageRunning) {
      this.usageAgain = true;
      return;
    }
    if (this.usageTimer) return;
    const interval = Math.max(USAGE_MIN_INTERVAL_MS, this.lastWalkMs * 10);
    const wait = Math.max(0, this.lastUsageAt + interval - Date.now());
    this.usageTimer = setTimeout(() => {
      this.usageTimer = null;
      void this.measure();
    }, wait);
    this.usageTimer.unref();
  }

  private async measure(): Promise<void> {
    if (this.stopped) return;
    this.usageRunning = true;
    const started = Date.now();
    try {
      const usage = await recomputeUsage(this.workspaceId);
      const { quotaBytes } = await quotaState(this.workspaceId);
      if (!this.stopped) publish(workspaceRoom(this.workspaceId), "workspace:usage", { workspaceId: this.workspaceId, usageBytes: Number(usage), quotaBytes: Number(quotaBytes) });
    } catch (error) {
      logger("watch").warn({ err: error, workspaceId: this.workspaceId }, "could not re-measure usage");
    } finally {
      this.lastWalkMs = Date.now() - started;
      this.lastUsageAt = Date.now();
      this.usageRunning = false;
      if (this.usageAgain) {
        this.usageAgain = false;
        this.scheduleUsage();
      }
    }
  }
}
