// The Tasks panel's props-only views: the task list (loading, failed, empty, rows), one task's
// detail (facts, live byte counter, cancel) and its log. Data and actions come from use-tasks.ts;
// the submit form and the cancel dialog are containers in tasks-panel.tsx.
"use client";
import { type ReactNode, useEffect, useRef } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { TerminalIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/ui/time";
import { formatBytes, formatDuration } from "~/lib/format";
import { commandText, isLive, type LogSegment, reasonText, STATUS_INFO, taskDuration } from "./task-format";
import type { Task, TaskDetailData } from "./use-tasks";

/** What the server keeps per stream (src/server/tasks/output-tail.ts). */
export const TAIL_BYTES = 1024 * 1024;

type Who = (t: Pick<Task, "submittedBy">) => string;

export interface TasksViewProps {
  canWrite: boolean;
  /** The submit form (editors), rendered by the container. */
  form: ReactNode;
  list: { phase: "loading" | "error" | "ready"; items: Task[]; error: string | null; retry: () => void; retrying: boolean };
  selectedId: string | null;
  onSelect: (id: string) => void;
  now: number;
  who: Who;
  /** The selected task's detail, rendered by the container (it fetches). */
  detail: ReactNode;
}

export function TasksView({ canWrite, form, list, selectedId, onSelect, now, who, detail }: TasksViewProps) {
  const { items } = list;
  return (
    <div className="tasks-panel" data-testid="tasks-panel" data-toast-avoid>
      {canWrite ? form : <p className="tasks-note">You are a viewer here: you can follow tasks and read their output. Editors and owners submit and cancel them.</p>}
      <div className="tasks-body">
        <div className="tasks-list-pane">
          {list.phase === "loading" && (
            <div className="tasks-skeleton" role="status" aria-label="Loading tasks">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} width={`${80 - i * 15}%`} />
              ))}
            </div>
          )}
          {list.phase === "error" && <LoadFailed headingLevel={3} title="Tasks could not be loaded" message={list.error ?? "Try again."} onRetry={list.retry} retrying={list.retrying} />}
          {list.phase === "ready" && items.length === 0 && (
            <EmptyState
              headingLevel={3}
              icon={<TerminalIcon size={20} />}
              title="No tasks yet"
              description={
                canWrite
                  ? "A task runs a command in the background, in a sandbox of its own with this workspace's files, without keeping this page open: builds, test suites, data jobs. Higher priorities run first; its output is kept, so you can come back to it later."
                  : "Tasks run commands in the background with this workspace's files. When an editor submits one, it shows here with its output."
              }
            />
          )}
          {items.length > 0 && (
            <ul className="tasks-list" aria-label="Tasks">
              {items.map((t) => (
                <li key={t.id}>
                  <TaskRow task={t} selected={t.id === selectedId} now={now} who={who} onSelect={onSelect} />
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="tasks-detail-pane">
          {selectedId ? detail : <p className="tasks-hint">{items.length > 0 ? "Select a task to see its output." : "The output of the task you select shows here."}</p>}
        </div>
      </div>
    </div>
  );
}

function TaskRow({ task: t, selected, now, who, onSelect }: { task: Task; selected: boolean; now: number; who: Who; onSelect: (id: string) => void }) {
  const duration = taskDuration({ ...t }, now);
  return (
    <button type="button" className="tasks-row" aria-current={selected ? "true" : undefined} data-testid="task-row" data-status={t.status} data-command={commandText(t.command)} onClick={() => onSelect(t.id)}>
      <span className="tasks-row-top">
        <Badge tone={STATUS_INFO[t.status].tone} dot={t.status === "RUNNING"}>
          {STATUS_INFO[t.status].label}
        </Badge>
        <code className="tasks-row-command" title={commandText(t.command)}>
          {commandText(t.command)}
        </code>
      </span>
      <span className="tasks-row-meta">
        {t.priority !== "normal" && <span className={`tasks-priority tasks-priority-${t.priority}`}>{t.priority}</span>}
        {t.exitCode !== null && <span className={t.exitCode === 0 ? "" : "tasks-bad"}>exit {t.exitCode}</span>}
        {duration !== null && <span>{formatDuration(duration)}</span>}
        <span>
          by {who(t)}, <RelativeTime date={t.createdAt} />
        </span>
      </span>
    </button>
  );
}

export interface TaskDetailViewProps {
  phase: "loading" | "error" | "ready";
  task: TaskDetailData | null;
  error: string | null;
  retry: () => void;
  retrying: boolean;
  segments: LogSegment[];
  logError: string | null;
  /** Output so far per stream; follows live chunks while the task runs. */
  bytes: { stdout: number; stderr: number };
  canCancel: boolean;
  onCancel: (task: TaskDetailData) => void;
  now: number;
  who: Who;
}

export function TaskDetailView({ phase, task: t, error, retry, retrying, segments, logError, bytes, canCancel, onCancel, now, who }: TaskDetailViewProps) {
  if (phase === "loading" || (phase === "ready" && !t))
    return (
      <div className="tasks-skeleton" role="status" aria-label="Loading the task">
        <Skeleton width="60%" />
        <Skeleton width="90%" />
      </div>
    );
  if (phase === "error" || !t) return <LoadFailed headingLevel={3} title="This task could not be loaded" message={error ?? "Try again."} onRetry={retry} retrying={retrying} />;
  const duration = taskDuration({ ...t }, now);
  const reason = reasonText(t.failureReason, t.exitCode);
  return (
    <section className="tasks-detail" aria-label="Task output">
      <header className="tasks-detail-header">
        <Badge tone={STATUS_INFO[t.status].tone} dot={t.status === "RUNNING"}>
          <span data-testid="task-status">{STATUS_INFO[t.status].label}</span>
        </Badge>
        <code className="tasks-detail-command">{commandText(t.command)}</code>
        {isLive(t.status) && canCancel && (
          <Button size="sm" variant="danger-ghost" onClick={() => onCancel(t)} data-testid="task-cancel">
            Cancel
          </Button>
        )}
      </header>
      <dl className="tasks-facts">
        <div>
          <dt>Exit code</dt>
          <dd data-testid="task-exit-code">{t.exitCode ?? "—"}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration === null ? "—" : formatDuration(duration)}</dd>
        </div>
        <div>
          <dt>Submitted</dt>
          <dd>
            by {who(t)}, <RelativeTime date={t.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{t.priority}</dd>
        </div>
        <div>
          <dt>Preset</dt>
          <dd>{t.preset}</dd>
        </div>
        {t.attempt > 1 && (
          <div>
            <dt>Attempt</dt>
            <dd>
              {t.attempt} of {t.maxRetries + 1}
            </dd>
          </div>
        )}
        <div>
          <dt>Output</dt>
          <dd data-testid="task-output-bytes" data-stdout-bytes={bytes.stdout} data-stderr-bytes={bytes.stderr}>
            {formatBytes(bytes.stdout)} out, {formatBytes(bytes.stderr)} err
          </dd>
        </div>
        {reason && (
          <div className="tasks-fact-wide">
            <dt>Why</dt>
            <dd>{reason}</dd>
          </div>
        )}
      </dl>
      {logError && (
        <p className="tasks-form-error" role="alert">
          {logError} Showing the output saved so far.
        </p>
      )}
      <TaskLogView segments={segments} live={t.status === "RUNNING"} queued={t.status === "QUEUED"} truncated={bytes.stdout > TAIL_BYTES || bytes.stderr > TAIL_BYTES} />
    </section>
  );
}

export function TaskLogView({ segments, live, queued, truncated }: { segments: LogSegment[]; live: boolean; queued: boolean; truncated: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  // Follow the end while the reader is at the end; leave them alone once they scroll up.
  useEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [segments]);
  const empty = segments.every((s) => !s.text);
  return (
    <div className="tasks-log-wrap">
      <div className="tasks-log-legend" aria-hidden="true">
        <span className="tasks-legend-out">stdout</span>
        <span className="tasks-legend-err">stderr</span>
        {truncated && <span className="tasks-legend-note">older output trimmed; the last 1 MiB per stream is kept</span>}
      </div>
      <pre
        ref={ref}
        className="tasks-log"
        data-testid="task-log"
        tabIndex={0}
        aria-label="Task output"
        aria-live={live ? "polite" : undefined}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {empty ? (
          <span className="tasks-log-empty">{queued ? "Waiting to start…" : live ? "No output yet." : "This task printed nothing."}</span>
        ) : (
          segments.map((s, i) => (
            <span key={i} className={s.stream === "stderr" ? "tasks-log-err" : undefined} data-stream={s.stream}>
              {s.text}
            </span>
          ))
        )}
      </pre>
    </div>
  );
}
