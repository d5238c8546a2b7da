// Tasks, the IDE's bottom-panel tab: queue a command to run in the background (editors), list the
// workspace's tasks with their state, exit code, duration and submitter, and read the selected
// task's log live (stdout and stderr apart), which also works after a reload from the stored tail.
// This file wires containers: data and actions in use-tasks.ts, rendering in tasks-view.tsx.
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Input, Select } from "~/components/ui/field";
import { useToast } from "~/components/ui/toast";
import { splitArgv } from "~/lib/argv";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { commandText } from "./task-format";
import { TaskDetailView, TasksView } from "./tasks-view";
import { LIST_LIMIT, type Task, useTaskDetail, useTasks } from "./use-tasks";
import "./tasks.css";

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

export function TasksPanel() {
  const state = useTasks();
  return (
    <>
      <TasksView
        canWrite={state.canWrite}
        form={<SubmitForm onSubmitted={(t) => state.select(t.id)} />}
        list={state.list}
        selectedId={state.selectedId}
        onSelect={state.select}
        now={state.now}
        who={state.who}
        detail={state.selectedId && <TaskDetail key={state.selectedId} taskId={state.selectedId} now={state.now} who={state.who} onCancel={state.setCancelling} onGone={() => state.select(null)} />}
      />
      <CancelDialog task={state.cancelling} onClose={() => state.setCancelling(null)} />
    </>
  );
}

function TaskDetail({ taskId, now, who, onCancel, onGone }: { taskId: string; now: number; who: (t: Pick<Task, "submittedBy">) => string; onCancel: (t: Task) => void; onGone: () => void }) {
  const detail = useTaskDetail(taskId, onGone);
  return <TaskDetailView {...detail} onCancel={onCancel} now={now} who={who} />;
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
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey({ workspaceId, limit: LIST_LIMIT }) });
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
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey({ workspaceId, limit: LIST_LIMIT }) });
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
