// `snapshot:progress` for long tree operations (create, restore, export, import): one reporter per
// operation publishes to the rooms that care, at most every THROTTLE_MS, but always the first
// event, every phase change, and the final `done`/`failed`, so a client never misses the end.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SnapshotOperation, SnapshotProgress } from "~/server/realtime/events";
import { publish } from "~/server/realtime/workspace-bus";

export const THROTTLE_MS = 200;

/** Clients may choose the id, so they can match progress events that arrive before the mutation returns. */
export const ZOperationId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "An operation id is 8 to 64 letters, digits, `-` or `_` (a UUID works).")
  .describe("Optional: your own id for this operation, echoed in every snapshot:progress event.");

type Phase = SnapshotProgress["phase"];

export interface ProgressCounts {
  bytes: number;
  totalBytes?: number | null;
  files: number;
  totalFiles?: number | null;
}

export class ProgressReporter {
  readonly operationId: string;
  private lastPhase: Phase | null = null;
  private lastAt = 0;
  private ended = false;
  private snapshotId: string | null;
  private totals: { totalBytes: number | null; totalFiles: number | null } = { totalBytes: null, totalFiles: null };
  private last: { bytes: number; files: number } = { bytes: 0, files: 0 };

  constructor(
    private readonly rooms: string[],
    private workspaceId: string,
    private readonly operation: SnapshotOperation,
    options: { operationId?: string; snapshotId?: string | null } = {},
  ) {
    this.operationId = options.operationId ?? randomUUID();
    this.snapshotId = options.snapshotId ?? null;
  }

  /** Once the operation knows it (a new workspace's id after import). */
  setWorkspace(workspaceId: string): void {
    this.workspaceId = workspaceId;
  }

  setSnapshot(snapshotId: string | null): void {
    this.snapshotId = snapshotId;
  }

  /** A new phase is always sent; within a phase, at most one event per THROTTLE_MS. */
  update(phase: Phase, counts: ProgressCounts): void {
    if (this.ended) return;
    if (counts.totalBytes !== undefined) this.totals.totalBytes = counts.totalBytes;
    if (counts.totalFiles !== undefined) this.totals.totalFiles = counts.totalFiles;
    this.last = { bytes: counts.bytes, files: counts.files };
    const now = Date.now();
    if (phase === this.lastPhase && now - this.lastAt < THROTTLE_MS) return;
    this.lastPhase = phase;
    this.lastAt = now;
    this.send(phase);
  }

  /** A callback for the tar layer: same phase, fresh counts. */
  tracker(phase: Phase, totals: { totalBytes?: number | null; totalFiles?: number | null } = {}): (p: { bytes: number; files: number }) => void {
    this.update(phase, { bytes: 0, files: 0, ...totals });
    return (p) => this.update(phase, { bytes: p.bytes, files: p.files });
  }

  done(snapshotId?: string | null): void {
    if (snapshotId !== undefined) this.snapshotId = snapshotId;
    this.finish("done");
  }

  failed(): void {
    this.finish("failed");
  }

  private finish(phase: "done" | "failed"): void {
    if (this.ended) return;
    this.ended = true;
    this.send(phase);
  }

  private send(phase: Phase): void {
    const payload: SnapshotProgress = {
      workspaceId: this.workspaceId,
      operationId: this.operationId,
      operation: this.operation,
      phase,
      bytes: this.last.bytes,
      totalBytes: this.totals.totalBytes,
      files: this.last.files,
      totalFiles: this.totals.totalFiles,
      snapshotId: this.snapshotId,
    };
    for (const room of this.rooms) publish(room, "snapshot:progress", payload);
  }

  /** Runs `fn`, reporting `failed` if it throws (`done` is the caller's, with the final ids). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.failed();
      throw error;
    }
  }
}
