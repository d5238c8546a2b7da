// Tasks, the IDE's bottom-panel tab: queue a command to run in the background (editors), list the
// workspace's tasks with their state, exit code, duration and submitter, and read the selected
// task's log live (stdout and stderr apart), which also works after a reload from the stored tail.
// The list follows `task:changed` broadcasts, so every tab stays current.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { TerminalIcon } from "~/components/ui/icons";
import { Input, Select } from "~/components/ui/field";
import { Skeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/ui/time";
import { useToast } from "~/components/ui/toast";
import { refetchAfterEvent } from "~/components/realtime/refetch-after-event";
import { useHydrated } from "~/components/ui/use-hydrated";
import { splitArgv } from "~/lib/argv";
import { formatBytes, formatDuration } from "~/lib/format";
import type { TaskChanged } from "~/server/realtime/events";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { commandText, isLive, type LogSegment, reasonText, STATUS_INFO, taskDuration } from "./task-format";
import { useTaskLog } from "./use-task-log";
import "./tasks.css";

/** What the server keeps per stream (src/server/tasks/output-tail.ts). */
const TAIL_BYTES = 1024 * 1024;

type Task = RouterOutputs["tasks"]["list"]["items"][number];
type Priority = Task["priority"];

const PRIORITIES: { value: Priority; label: string }[] = [
  { value: "critical", label: "Critical" },
  { value: "high", label: "High" },
  { value: "normal", label: "Normal" },
  { value: "low", label: "Low" },
];
const TIMEOUTS = [
  { ms: 60_000, label: "1 min" },
  { ms: 10 * 60_000, label: "10 min" },
  { ms: 60 * 60_000, label: "1 hour" },
  { ms: 6 * 3_600_000, label: "6 hours" },
  { ms: 24 * 3_600_000, label: "24 hours" },
];

/** Ticks every second while something on screen is running, for live durations. */
function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function useSelectedTask(workspaceId: string): [string | null, (id: string | null) => void] {
  const key = `atrium.tasks.selected.${workspaceId}`;
  const hydrated = useHydrated();
  // undefined until the person picks one: then the tab's remembered choice applies (a reload comes back to it).
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const selected = chosen !== undefined ? chosen : hydrated ? window.sessionStorage.getItem(key) : null;
  const select = (id: string | null) => {
    setChosen(id);
    if (id) window.sessionStorage.setItem(key, id);
    else window.sessionStorage.removeItem(key);
  };
  return [selected, select];
}

export function TasksPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId, canWrite, socket, currentUser } = useIde();
  const tasks = useQuery(trpc.tasks.list.queryOptions({ workspaceId, limit: 100 }));
  const [selectedId, select] = useSelectedTask(workspaceId);
  const [cancelling, setCancelling] = useState<Task | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onChanged = (e: TaskChanged) => {
      if (e.workspaceId !== workspaceId) return;
      void refetchAfterEvent(queryClient, trpc.tasks.list.queryKey({ workspaceId, limit: 100 }), trpc.tasks.get.queryKey({ workspaceId, taskId: e.taskId }));
    };
    socket.on("task:changed", onChanged);
    return () => {
      socket.off("task:changed", onChanged);
    };
  }, [socket, workspaceId, queryClient, trpc]);

  const items = tasks.data?.items ?? [];
  const now = useTicker(items.some((t) => t.status === "RUNNING"));
  const who = (t: Task) => (t.submittedBy.id === currentUser.id ? "you" : t.submittedBy.name || t.submittedBy.email);

  return (
    <div className="tasks-panel" data-testid="tasks-panel">
      {canWrite ? (
        <SubmitForm onSubmitted={(t) => select(t.id)} />
      ) : (
        <p className="tasks-note">You are a viewer here: you can follow tasks and read their output. Editors and owners submit and cancel them.</p>
      )}
      <div className="tasks-body">
        <div className="tasks-list-pane">
          {tasks.isPending && (
            <div className="tasks-skeleton" role="status" aria-label="Loading tasks">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} width={`${80 - i * 15}%`} />
              ))}
            </div>
          )}
          {tasks.isError && <LoadFailed headingLevel={3} title="Tasks could not be loaded" message={appErrorOf(tasks.error).message} onRetry={() => void tasks.refetch()} retrying={tasks.isFetching} />}
          {tasks.data && items.length === 0 && (
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
              {items.map((t) => {
                const duration = taskDuration({ ...t }, now);
                return (
                  <li key={t.id}>
                    <button
                      type="button"
                      className="tasks-row"
                      aria-current={t.id === selectedId ? "true" : undefined}
                      data-testid="task-row"
                      data-status={t.status}
                      data-command={commandText(t.command)}
                      onClick={() => select(t.id)}
                    >
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
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div className="tasks-detail-pane">
          {selectedId ? (
            <TaskDetail key={selectedId} taskId={selectedId} now={now} who={who} onCancel={setCancelling} onGone={() => select(null)} />
          ) : (
            <p className="tasks-hint">{items.length > 0 ? "Select a task to see its output." : "The output of the task you select shows here."}</p>
          )}
        </div>
      </div>
      <CancelDialog task={cancelling} onClose={() => setCancelling(null)} />
    </div>
  );
}

function SubmitForm({ onSubmitted }: { onSubmitted: (task: Task) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId } = useIde();
  const [command, setCommand] = useState("");
  const [priority, setPriority] = useState<Priority>("normal");
  const [timeoutMs, setTimeoutMs] = useState(10 * 60_000);
  const [preset, setPreset] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (task) => {
        setCommand("");
        setError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey({ workspaceId, limit: 100 }) });
        onSubmitted(task);
        toast({ title: "Task queued", description: "It runs in the background; its output shows here as it comes." });
      },
      onError: (e) => setError(appErrorOf(e).message),
    }),
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!command.trim()) {
      setError("Type the command to run, e.g. npm test.");
      input.current?.focus();
      return;
    }
    // The strict preset has no shell: send the words as argv, or say why that is not possible.
    let toSend: string | string[] = command;
    if (preset === "strict") {
      const parsed = splitArgv(command);
      if (!parsed.ok) {
        setError(`The strict preset runs commands without a shell. ${parsed.error}`);
        input.current?.focus();
        return;
      }
      toSend = parsed.argv;
    }
    submit.mutate({ workspaceId, command: toSend, priority, timeoutMs, ...(preset ? { preset } : {}) });
  };

  return (
    <form className="tasks-form" onSubmit={onSubmit} aria-label="Submit a task">
      <div className="tasks-form-row">
        <label className="tasks-command">
          <span className="visually-hidden">Command</span>
          <Input
            ref={input}
            name="command"
            placeholder="Command to run in the background, e.g. npm test"
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "tasks-form-error" : undefined}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label className="tasks-select" title="Higher priorities run first">
          <span className="tasks-select-label">Priority</span>
          <Select name="priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </Select>
        </label>
        <label className="tasks-select" title="The command is killed after this long">
          <span className="tasks-select-label">Timeout</span>
          <Select name="timeout" value={timeoutMs} onChange={(e) => setTimeoutMs(Number(e.target.value))}>
            {TIMEOUTS.map((t) => (
              <option key={t.ms} value={t.ms}>
                {t.label}
              </option>
            ))}
          </Select>
        </label>
        <label className="tasks-select" title="Sandbox limits: strict has no network and runs the command's words without a shell">
          <span className="tasks-select-label">Preset</span>
          <Select name="preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
            <option value="">Workspace default</option>
            <option value="default">default</option>
            <option value="strict">strict</option>
          </Select>
        </label>
        <Button type="submit" variant="primary" size="sm" loading={submit.isPending}>
          Run task
        </Button>
      </div>
      {error && (
        <p className="tasks-form-error" id="tasks-form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function TaskDetail({ taskId, now, who, onCancel, onGone }: { taskId: string; now: number; who: (t: Task) => string; onCancel: (t: Task) => void; onGone: () => void }) {
  const trpc = useTRPC();
  const { workspaceId, canWrite, socket, currentUser } = useIde();
  const task = useQuery(trpc.tasks.get.queryOptions({ workspaceId, taskId }));
  const log = useTaskLog(socket, taskId);
  const missing = task.isError && appErrorOf(task.error).code === "NOT_FOUND";
  useEffect(() => {
    if (missing) onGone();
  }, [missing, onGone]);

  if (task.isPending) return <div className="tasks-skeleton" role="status" aria-label="Loading the task"><Skeleton width="60%" /><Skeleton width="90%" /></div>;
  if (task.isError) return <LoadFailed headingLevel={3} title="This task could not be loaded" message={appErrorOf(task.error).message} onRetry={() => void task.refetch()} retrying={task.isFetching} />;
  const t = task.data;
  const duration = taskDuration({ ...t }, now);
  const reason = reasonText(t.failureReason, t.exitCode);
  // Without a live connection the stored tails still show (they are in the tRPC answer too).
  const segments: LogSegment[] = log.phase === "live" ? log.segments : [{ stream: "stdout", text: t.stdoutTail }, { stream: "stderr", text: t.stderrTail }].filter((s) => s.text) as LogSegment[];

  return (
    <section className="tasks-detail" aria-label="Task output">
      <header className="tasks-detail-header">
        <Badge tone={STATUS_INFO[t.status].tone} dot={t.status === "RUNNING"}>
          <span data-testid="task-status">{STATUS_INFO[t.status].label}</span>
        </Badge>
        <code className="tasks-detail-command">{commandText(t.command)}</code>
        {isLive(t.status) && (canWrite || t.submittedBy.id === currentUser.id) && (
          <Button size="sm" variant="danger-ghost" onClick={() => onCancel(t)} data-testid="task-cancel">
            Cancel
          </Button>
        )}
      </header>
      <dl className="tasks-facts">
        <div><dt>Exit code</dt><dd data-testid="task-exit-code">{t.exitCode ?? "—"}</dd></div>
        <div><dt>Duration</dt><dd>{duration === null ? "—" : formatDuration(duration)}</dd></div>
        <div><dt>Submitted</dt><dd>by {who(t)}, <RelativeTime date={t.createdAt} /></dd></div>
        <div><dt>Priority</dt><dd>{t.priority}</dd></div>
        <div><dt>Preset</dt><dd>{t.preset}</dd></div>
        {t.attempt > 1 && <div><dt>Attempt</dt><dd>{t.attempt} of {t.maxRetries + 1}</dd></div>}
        <div><dt>Output</dt><dd>{formatBytes(t.stdoutBytes)} out, {formatBytes(t.stderrBytes)} err</dd></div>
        {reason && <div className="tasks-fact-wide"><dt>Why</dt><dd>{reason}</dd></div>}
      </dl>
      {log.phase === "failed" && <p className="tasks-form-error" role="alert">{log.error} Showing the output saved so far.</p>}
      <TaskLogView segments={segments} live={t.status === "RUNNING"} queued={t.status === "QUEUED"} truncated={t.stdoutBytes > TAIL_BYTES || t.stderrBytes > TAIL_BYTES} />
    </section>
  );
}

function TaskLogView({ segments, live, queued, truncated }: { segments: LogSegment[]; live: boolean; queued: boolean; truncated: boolean }) {
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

function CancelDialog({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId } = useIde();
  const [error, setError] = useState<string | null>(null);
  const cancel = useMutation(
    trpc.tasks.cancel.mutationOptions({
      onSuccess: (t) => {
        setError(null);
        onClose();
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey({ workspaceId, limit: 100 }) });
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.get.queryKey({ workspaceId, taskId: t.id }) });
        toast({ title: "Task cancelled", description: "Its processes were stopped; the output so far is kept." });
      },
      onError: (e) => setError(appErrorOf(e).message),
    }),
  );
  const close = () => {
    setError(null);
    onClose();
  };
  return (
    <ConfirmDialog
      open={task !== null}
      onClose={close}
      title="Cancel this task?"
      description={task?.status === "RUNNING" ? "The command is stopped now, with every process it started. Its output so far is kept." : "It will not run. You can submit it again later."}
      cancelLabel="Keep it"
      confirmLabel="Cancel task"
      onConfirm={() => task && cancel.mutate({ workspaceId, taskId: task.id })}
      pending={cancel.isPending}
      error={error}
    >
      {task && <code className="tasks-dialog-command">{commandText(task.command)}</code>}
    </ConfirmDialog>
  );
}
