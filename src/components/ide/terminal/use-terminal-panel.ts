// Data and actions of the Terminal panel: sessions (mine, and others' for owners), the chosen
// session, the tabs (my terminals in it, then terminals others share with me), opening, closing
// and sharing terminals, starting and stopping sessions, and notices for terminals the server
// ended on purpose (a snapshot restore). The view (terminal-panel-view.tsx) only renders.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { RealtimeError, request } from "~/components/realtime/use-socket";
import { useToast } from "~/components/ui/toast";
import type { TerminalExited, TerminalOpened, TerminalSummary } from "~/server/realtime/events";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import type { SessionAccess } from "./access-controls";
import { sessionErrorMessage } from "./errors";
import { useTerminalList } from "./use-terminal-list";
import type { TerminalStatus } from "./xterm-view";

export type Session = RouterOutputs["sandbox"]["sessions"]["list"][number];
export type SessionOptions = RouterOutputs["sandbox"]["options"];
export type SessionStats = RouterOutputs["sandbox"]["sessions"]["stats"];

/** The runner's pseudo-tab id (terminal ids are base64url, never this). */
export const RUNNER_TAB = "~runner";

export type TerminalTab = TerminalSummary & { label: string };

/** A terminal the server ended for a reason worth saying (it outlives the tab, which goes). */
export interface EndedNotice {
  terminalId: string;
  label: string;
  message: string;
}

export function useTerminalPanel() {
  const { workspaceId, workspace, currentUser, canWrite, canManage, socket, connection, presence } = useIde();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();

  const options = useQuery(trpc.sandbox.options.queryOptions({ workspaceId }));
  const sessions = useQuery({ ...trpc.sandbox.sessions.list.queryOptions({ workspaceId }), refetchInterval: 15_000 });
  const { terminals, refresh: refreshTerminals, patch: patchTerminal } = useTerminalList(socket, workspaceId);

  const [chosenSessionId, setChosenSessionId] = useState<string | null>(null);
  const [activeTab, setActiveTab] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [statuses, setStatuses] = useState<Record<string, TerminalStatus>>({});
  const [preset, setPreset] = useState<string | null>(null);
  const [access, setAccess] = useState<SessionAccess>("rw");
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const [ended, setEnded] = useState<EndedNotice[]>([]);

  // A background task's session belongs to the Tasks tab: it ends with the task.
  const interactive = useMemo(() => (sessions.data ?? []).filter((s) => s.taskId === null), [sessions.data]);
  const mine = useMemo(() => interactive.filter((s) => s.userId === currentUser.id), [interactive, currentUser.id]);
  const others = useMemo(() => (canManage ? interactive.filter((s) => s.userId !== currentUser.id) : []), [interactive, canManage, currentUser.id]);
  // The chosen session while it is live, else my newest running one.
  const session = useMemo(
    () => (sessions.data ?? []).find((s) => s.id === chosenSessionId) ?? mine.find((s) => s.status === "RUNNING") ?? mine[0] ?? null,
    [sessions.data, chosenSessionId, mine],
  );
  const isMine = session?.userId === currentUser.id;
  const shellOn = session?.limits.shell ?? true;

  const names = useMemo(() => {
    const byId = new Map<string, string>();
    for (const p of presence) byId.set(p.userId, p.name);
    for (const s of sessions.data ?? []) if (s.userName) byId.set(s.userId, s.userName);
    return byId;
  }, [presence, sessions.data]);

  // Tabs: my terminals in the chosen session, then terminals others share with me.
  const tabs: TerminalTab[] = useMemo(() => {
    const own = terminals.filter((t) => t.mine && t.sessionId === session?.id && isMine);
    const watched = terminals.filter((t) => !t.mine && !dismissed.has(t.terminalId));
    return [...own.map((t, i) => ({ ...t, label: `Terminal ${i + 1}` })), ...watched.map((t) => ({ ...t, label: `${names.get(t.ownerUserId) ?? "A member"}'s terminal` }))];
  }, [terminals, session?.id, isMine, dismissed, names]);
  const showRunner = !!session && isMine && session.status === "RUNNING" && !shellOn;
  const front =
    activeTab && (tabs.some((t) => t.terminalId === activeTab) || (activeTab === RUNNER_TAB && showRunner)) ? activeTab : showRunner ? RUNNER_TAB : (tabs[0]?.terminalId ?? null);

  // Labels of every terminal seen, so a notice can name a tab that is already gone from the list.
  const labels = useRef(new Map<string, string>());
  useEffect(() => {
    for (const t of tabs) labels.current.set(t.terminalId, t.label);
  }, [tabs]);
  useEffect(() => {
    if (!socket) return;
    const onExited = (e: TerminalExited) => {
      if (!e.reason) return;
      const label = labels.current.get(e.terminalId) ?? "A terminal";
      const notice = { terminalId: e.terminalId, label, message: e.reason.message };
      setEnded((prev) => [...prev.filter((n) => n.terminalId !== e.terminalId), notice].slice(-5));
    };
    socket.on("terminal:exited", onExited);
    return () => {
      socket.off("terminal:exited", onExited);
    };
  }, [socket]);

  const invalidateSessions = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.sandbox.sessions.list.queryKey() }), [queryClient, trpc]);

  const openTerminal = useCallback(
    async (sessionId: string) => {
      if (!socket) return;
      setOpening(true);
      setError(null);
      try {
        const opened = await request<TerminalOpened>((ack) => socket.emit("terminal:open", { workspaceId, sessionId, cols: 80, rows: 24 }, ack));
        setActiveTab(opened.terminalId);
        refreshTerminals();
      } catch (e) {
        setError(e instanceof RealtimeError ? sessionErrorMessage(e.body) : "The terminal could not be opened. Try again.");
      } finally {
        setOpening(false);
      }
    },
    [socket, workspaceId, refreshTerminals],
  );

  const create = useMutation(
    trpc.sandbox.sessions.create.mutationOptions({
      onSuccess: (created) => {
        setChosenSessionId(created.id);
        setError(null);
        void invalidateSessions();
        // A shell session starts with a terminal open; a strict one with the command runner.
        if (created.limits.shell) void openTerminal(created.id);
        else setActiveTab(RUNNER_TAB);
      },
      onError: (e) => setError(sessionErrorMessage(appErrorOf(e))),
    }),
  );
  const stop = useMutation(
    trpc.sandbox.sessions.stop.mutationOptions({
      onSuccess: (stopped) => {
        void invalidateSessions();
        refreshTerminals();
        toast({ title: "Session stopped", description: stopped.userId === currentUser.id ? "Your files stay in the workspace." : `${stopped.userName ?? "The member"}'s session was stopped.`, tone: "info" });
      },
      onError: (e) => setError(sessionErrorMessage(appErrorOf(e))),
    }),
  );

  const closeTab = useCallback(
    (t: TerminalSummary) => {
      if (!t.mine) {
        setDismissed((prev) => new Set(prev).add(t.terminalId));
        return;
      }
      if (!socket) return;
      request<{ terminalId: string }>((ack) => socket.emit("terminal:close", { terminalId: t.terminalId }, ack)).then(refreshTerminals, (e: unknown) =>
        setError(e instanceof RealtimeError ? e.body.message : "The terminal could not be closed."),
      );
    },
    [socket, refreshTerminals],
  );

  const share = useCallback(
    (t: TerminalSummary, shared: boolean) => {
      if (!socket) return;
      patchTerminal(t.terminalId, { shared });
      request<{ shared: boolean }>((ack) => socket.emit("terminal:share", { terminalId: t.terminalId, shared }, ack)).then(
        (r) => {
          refreshTerminals();
          toast({ title: r.shared ? "Terminal shared" : "Terminal no longer shared", description: r.shared ? "Members of this workspace can watch it, read-only." : "Watchers were detached.", tone: "info" });
        },
        (e: unknown) => {
          refreshTerminals();
          setError(e instanceof RealtimeError ? e.body.message : "Sharing could not be changed. Try again.");
        },
      );
    },
    [socket, refreshTerminals, patchTerminal, toast],
  );

  const onStatus = useCallback((id: string, status: TerminalStatus) => setStatuses((prev) => (prev[id] === status ? prev : { ...prev, [id]: status })), []);
  const chosenPreset = preset ?? options.data?.defaultPreset ?? "default";

  return {
    workspaceId,
    socket,
    connected: connection === "connected",
    canWrite,
    canManage,
    canStart: canWrite && workspace.status === "ACTIVE",
    archived: workspace.status !== "ACTIVE",
    options: options.data,
    optionsError: options.isError ? appErrorOf(options.error).message : null,
    sessionsLoading: sessions.isPending,
    mine,
    others,
    session,
    isMine,
    shellOn,
    tabs,
    front,
    showRunner,
    statuses,
    onStatus,
    error,
    dismissError: () => setError(null),
    ended,
    dismissEnded: (terminalId: string) => setEnded((prev) => prev.filter((n) => n.terminalId !== terminalId)),
    opening,
    preset: chosenPreset,
    setPreset,
    chooseSession: setChosenSessionId,
    selectTab: setActiveTab,
    openTerminal: (sessionId: string) => void openTerminal(sessionId),
    startPending: create.isPending,
    start: () => create.mutate({ workspaceId, preset: chosenPreset, access }),
    access,
    setAccess,
    stopPending: stop.isPending,
    stop: (sessionId: string) => stop.mutate({ workspaceId, sessionId }),
    closeTab,
    share,
  };
}

/** Live resource use of a running session (polled from the driver). */
export function useSessionStats(workspaceId: string, session: Session | null): SessionStats | undefined {
  const trpc = useTRPC();
  const running = session?.status === "RUNNING";
  const stats = useQuery({ ...trpc.sandbox.sessions.stats.queryOptions({ workspaceId, sessionId: session?.id ?? "" }), enabled: running, refetchInterval: 3_000, retry: false });
  return running ? stats.data : undefined;
}

/** The current time, ticking every second while `ticking` (idle-stop countdowns). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
