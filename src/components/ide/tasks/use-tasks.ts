// Data and actions of the Tasks panel: the workspace's task list (kept current by `task:changed`
// broadcasts), the selected task (remembered per tab), a clock for running durations, and one
// task's detail with its live log and byte counts. The views (tasks-view.tsx) only render.
"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { refetchAfterEvent } from "~/components/realtime/refetch-after-event";
import { useHydrated } from "~/components/ui/use-hydrated";
import type { TaskChanged } from "~/server/realtime/events";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import type { LogSegment } from "./task-format";
import { useTaskLog } from "./use-task-log";

export type Task = RouterOutputs["tasks"]["list"]["items"][number];
export type TaskDetailData = RouterOutputs["tasks"]["get"];

export const LIST_LIMIT = 100;

/** Ticks every second while something on screen is running, for live durations. */
export function useTicker(active: boolean): number {
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
  const select = useCallback(
    (id: string | null) => {
      setChosen(id);
      if (id) window.sessionStorage.setItem(key, id);
      else window.sessionStorage.removeItem(key);
    },
    [key],
  );
  return [selected, select];
}

export function useTasks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId, canWrite, socket, currentUser } = useIde();
  const tasks = useQuery(trpc.tasks.list.queryOptions({ workspaceId, limit: LIST_LIMIT }));
  const [selectedId, select] = useSelectedTask(workspaceId);
  const [cancelling, setCancelling] = useState<Task | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onChanged = (e: TaskChanged) => {
      if (e.workspaceId !== workspaceId) return;
      void refetchAfterEvent(queryClient, trpc.tasks.list.queryKey({ workspaceId, limit: LIST_LIMIT }), trpc.tasks.get.queryKey({ workspaceId, taskId: e.taskId }));
    };
    socket.on("task:changed", onChanged);
    return () => {
      socket.off("task:changed", onChanged);
    };
  }, [socket, workspaceId, queryClient, trpc]);

  const items = tasks.data?.items ?? [];
  const now = useTicker(items.some((t) => t.status === "RUNNING"));
  const who = useCallback((t: Pick<Task, "submittedBy">) => (t.submittedBy.id === currentUser.id ? "you" : t.submittedBy.name || t.submittedBy.email), [currentUser.id]);

  return {
    canWrite,
    list: {
      phase: tasks.isPending ? ("loading" as const) : tasks.isError ? ("error" as const) : ("ready" as const),
      items,
      error: tasks.isError ? appErrorOf(tasks.error).message : null,
      retry: () => void tasks.refetch(),
      retrying: tasks.isFetching,
    },
    selectedId,
    select,
    now,
    who,
    cancelling,
    setCancelling,
  };
}

/** One task: its row (refetched on `task:changed`) and its live log, with bytes that follow the output. */
export function useTaskDetail(taskId: string, onGone: () => void) {
  const trpc = useTRPC();
  const { workspaceId, canWrite, socket, currentUser } = useIde();
  const task = useQuery(trpc.tasks.get.queryOptions({ workspaceId, taskId }));
  const log = useTaskLog(socket, taskId);
  const missing = task.isError && appErrorOf(task.error).code === "NOT_FOUND";
  useEffect(() => {
    if (missing) onGone();
  }, [missing, onGone]);

  const t = task.data;
  // Without a live connection the stored tails still show (they are in the tRPC answer too).
  const segments: LogSegment[] =
    log.phase === "live" || !t ? log.segments : ([{ stream: "stdout", text: t.stdoutTail }, { stream: "stderr", text: t.stderrTail }].filter((s) => s.text) as LogSegment[]);
  // The row's totals are exact but only as fresh as the last fetch; what this connection has seen
  // (stored tail plus live chunks) runs ahead while the task prints. The larger is the truth so far.
  const bytes = t ? { stdout: Math.max(t.stdoutBytes, log.bytes.stdout), stderr: Math.max(t.stderrBytes, log.bytes.stderr) } : log.bytes;

  return {
    phase: task.isPending ? ("loading" as const) : task.isError ? ("error" as const) : ("ready" as const),
    task: t ?? null,
    error: task.isError ? appErrorOf(task.error).message : null,
    retry: () => void task.refetch(),
    retrying: task.isFetching,
    segments,
    logError: log.phase === "failed" ? log.error : null,
    bytes,
    canCancel: !!t && (canWrite || t.submittedBy.id === currentUser.id),
  };
}
