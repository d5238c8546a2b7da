// The Snapshots side view's props-only parts: the list (loading, failed, empty, rows with the
// actions a role allows), the notes for viewers and editors, and progress bars whose line says
// what an operation did (files and bytes), never "0 files". Data and actions: use-snapshots.ts.
"use client";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { LoadFailed } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/ui/time";
import { formatBytes } from "~/lib/format";
import type { SnapshotProgress } from "~/server/realtime/events";
import { PHASE_LABEL, progressRatio } from "./use-snapshot-events";
import type { Snapshot } from "./use-snapshots";

const KIND_INFO: Record<Snapshot["kind"], { label: string; tone: "neutral" | "accent" | "warning" }> = {
  MANUAL: { label: "Manual", tone: "accent" },
  AUTO: { label: "Automatic", tone: "neutral" },
  PRE_RESTORE: { label: "Before restore", tone: "warning" },
  ARCHIVE: { label: "Archive", tone: "neutral" },
};

export interface SnapshotsViewProps {
  workspaceId: string;
  canWrite: boolean;
  canManage: boolean;
  /** The take-a-snapshot form (editors), rendered by the container. */
  createForm: ReactNode;
  list: { phase: "loading" | "error" | "ready"; items: Snapshot[]; error: string | null; retry: () => void; retrying: boolean };
  creatorName: (userId: string | null) => string;
  /** Operations other tabs or people are running in this workspace. */
  othersRunning: SnapshotProgress[];
  onRestore: (s: Snapshot) => void;
  onCopy: (s: Snapshot) => void;
  onDelete: (s: Snapshot) => void;
  /** Dialogs, rendered by the container. */
  children?: ReactNode;
}

export function SnapshotsView({ workspaceId, canWrite, canManage, createForm, list, creatorName, othersRunning, onRestore, onCopy, onDelete, children }: SnapshotsViewProps) {
  const items = list.items;
  return (
    <div className="side-panel" data-testid="snapshots-panel">
      {canWrite ? createForm : <p className="side-note">Editors and owners take snapshots; owners restore, copy and download them.</p>}
      {!canManage && (
        // Why the buttons are missing: a snapshot holds every file, the ones path rules hide included.
        <p className="side-note" data-testid="snapshots-owner-only">
          Only owners can download a snapshot or copy it to a new workspace: a snapshot holds every file, including ones this workspace's path rules keep from you.
        </p>
      )}
      {othersRunning.map((p) => (
        <ProgressBar key={p.operationId} progress={p} />
      ))}
      <section className="side-section" aria-labelledby="snapshots-heading">
        <div className="side-section-header">
          <h3 className="side-section-title" id="snapshots-heading">
            Snapshots {list.phase === "ready" && <span className="side-count">{items.length}</span>}
          </h3>
        </div>
        {list.phase === "loading" && (
          <div className="side-skeleton" role="status" aria-label="Loading snapshots">
            {[0, 1, 2].map((i) => (
              <div key={i} className="stack" style={{ gap: 5 }}>
                <Skeleton width="55%" />
                <Skeleton width="85%" height={9} />
              </div>
            ))}
          </div>
        )}
        {list.phase === "error" && <LoadFailed headingLevel={3} title="Snapshots could not be loaded" message={list.error ?? "Try again."} onRetry={list.retry} retrying={list.retrying} />}
        {list.phase === "ready" && items.length === 0 && (
          <p className="side-empty">No snapshots yet. {canWrite ? "Take one before a risky change: restoring it brings every file back as it was." : "An editor or owner can take one."}</p>
        )}
        {items.length > 0 && (
          <ul className="side-list" aria-label="Snapshots">
            {items.map((s) => (
              <li key={s.id} className="side-item snapshot-item" data-testid="snapshot-row" data-label={s.label}>
                <span className="side-item-main">
                  <span className="side-item-title">{s.label || <span className="side-muted">Untitled</span>}</span>
                  <span className="badge-list snapshot-badges">
                    <Badge tone={KIND_INFO[s.kind].tone}>{KIND_INFO[s.kind].label}</Badge>
                    {s.keep && <Badge title="Exempt from automatic clean-up">Kept</Badge>}
                    {s.includesProtected && (
                      <Badge tone="warning" title="Includes .env, .git and keys">
                        Protected files
                      </Badge>
                    )}
                  </span>
                  <span className="side-item-sub">
                    {formatBytes(s.sizeBytes)} · {s.fileCount} {s.fileCount === 1 ? "file" : "files"} · <RelativeTime date={s.createdAt} /> by {creatorName(s.createdById)}
                  </span>
                </span>
                {canManage && (
                  <span className="snapshot-actions">
                    <Button size="sm" aria-label={`Restore ${s.label || "snapshot"}`} onClick={() => onRestore(s)}>
                      Restore
                    </Button>
                    <Button size="sm" variant="ghost" aria-label={`Copy ${s.label || "snapshot"} to a new workspace`} title="Restore into a new workspace you own" onClick={() => onCopy(s)}>
                      New workspace
                    </Button>
                    <a
                      className="btn btn-ghost btn-sm"
                      href={`/api/workspaces/${encodeURIComponent(workspaceId)}/snapshots/${encodeURIComponent(s.id)}/download`}
                      aria-label={`Download ${s.label || "snapshot"}`}
                      download
                    >
                      Download
                    </a>
                    <Button variant="danger-ghost" size="sm" aria-label={`Delete ${s.label || "snapshot"}`} onClick={() => onDelete(s)}>
                      Delete
                    </Button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {children}
    </div>
  );
}

const OPERATION_LABEL: Record<SnapshotProgress["operation"], string> = {
  create: "Taking a snapshot",
  restore: "Restoring",
  export: "Exporting",
  import: "Importing",
};

const files = (n: number) => `${n} ${n === 1 ? "file" : "files"}`;

/**
 * The progress line's detail: "3 of 40 files", "1.2 MiB of 4 MiB", and at the end what was done
 * ("40 files, 62 KiB"); nothing at all rather than "0 files" while nothing is counted yet.
 */
export function progressDetail(p: Pick<SnapshotProgress, "phase" | "bytes" | "totalBytes" | "files" | "totalFiles">): string {
  if (p.phase === "done" || p.phase === "failed") {
    if (p.files === 0 && p.bytes === 0) return "";
    return p.bytes > 0 ? `${files(p.files)}, ${formatBytes(p.bytes)}` : files(p.files);
  }
  if (p.totalFiles !== null && p.totalFiles > 0) return `${p.files} of ${files(p.totalFiles)}`;
  if (p.totalBytes !== null && p.totalBytes > 0) return `${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}`;
  if (p.files > 0) return files(p.files);
  return "";
}

export function ProgressBar({ progress }: { progress: SnapshotProgress }) {
  const ratio = progressRatio(progress);
  const detail = progressDetail(progress);
  return (
    <div className="snapshot-progress" data-testid="snapshot-progress" data-phase={progress.phase} data-operation={progress.operation}>
      <div className="snapshot-progress-text">
        <span>
          {OPERATION_LABEL[progress.operation]}: {PHASE_LABEL[progress.phase]}
        </span>
        {detail && (
          <span className="side-muted" data-testid="snapshot-progress-detail">
            {detail}
          </span>
        )}
      </div>
      <div
        className="snapshot-progress-track"
        role="progressbar"
        aria-label={OPERATION_LABEL[progress.operation]}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={ratio === null ? undefined : Math.round(ratio * 100)}
        data-indeterminate={ratio === null || undefined}
        data-failed={progress.phase === "failed" || undefined}
      >
        <span className="snapshot-progress-fill" style={{ width: ratio === null ? undefined : `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}

export function IndeterminateBar({ label }: { label: string }) {
  return (
    <div className="snapshot-progress">
      <div className="snapshot-progress-text">
        <span>{label}</span>
      </div>
      <div className="snapshot-progress-track" role="progressbar" aria-label={label} data-indeterminate>
        <span className="snapshot-progress-fill" />
      </div>
    </div>
  );
}
