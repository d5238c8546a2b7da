// The IDE's Terminal panel: pick or start a sandbox session (preset and its limits), see its live
// status (running, idle stop countdown, CPU/memory/processes), and work in terminal tabs; strict
// sessions (no shell) get a command runner instead. Viewers watch terminals their owners shared.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { RealtimeError, request } from "~/components/realtime/use-socket";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { PlusIcon, TerminalIcon } from "~/components/ui/icons";
import { useToast } from "~/components/ui/toast";
import type { TerminalOpened, TerminalSummary } from "~/server/realtime/events";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { CommandRunner } from "./command-runner";
import { sessionErrorMessage } from "./errors";
import { formatBytes, formatDuration } from "~/lib/format";
import { useTerminalList } from "./use-terminal-list";
import { type TerminalStatus, XtermView } from "./xterm-view";
import "./terminal.css";

type Session = RouterOutputs["sandbox"]["sessions"]["list"][number];
type Options = RouterOutputs["sandbox"]["options"];
type Limits = Session["limits"];

/** The runner's pseudo-tab id (terminal ids are base64url, never this). */
const RUNNER_TAB = "~runner";

export function TerminalPanel() {
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
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

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
  const tabs = useMemo(() => {
    const own = terminals.filter((t) => t.mine && t.sessionId === session?.id && isMine);
    const watched = terminals.filter((t) => !t.mine && !dismissed.has(t.terminalId));
    return [
      ...own.map((t, i) => ({ ...t, label: `Terminal ${i + 1}` })),
      ...watched.map((t) => ({ ...t, label: `${names.get(t.ownerUserId) ?? "A member"}'s terminal` })),
    ];
  }, [terminals, session?.id, isMine, dismissed, names]);
  const showRunner = !!session && isMine && session.status === "RUNNING" && !shellOn;
  const front = activeTab && (tabs.some((t) => t.terminalId === activeTab) || (activeTab === RUNNER_TAB && showRunner)) ? activeTab : showRunner ? RUNNER_TAB : (tabs[0]?.terminalId ?? null);

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

  const frontTerminal = tabs.find((t) => t.terminalId === front) ?? null;
  const chosenPreset = preset ?? options.data?.defaultPreset ?? "default";
  const canStart = canWrite && workspace.status === "ACTIVE";

  return (
    <div className="term-panel" data-testid="terminal-panel">
      {(session || others.length > 0) && (
        <div className="term-toolbar">
          {(mine.length > 0 || others.length > 0) && (
            <label className="term-picker">
              <select
                className="select term-picker-select"
                aria-label="Session"
                title={session ? presetSummary(session.limits) : undefined}
                value={session?.id ?? ""}
                onChange={(e) => setChosenSessionId(e.target.value)}
              >
                {mine.map((s, i) => (
                  <option key={s.id} value={s.id}>
                    {`My session ${mine.length - i} · ${s.preset}`}
                  </option>
                ))}
                {others.length > 0 && (
                  <optgroup label="Other members' sessions">
                    {others.map((s) => (
                      <option key={s.id} value={s.id}>
                        {`${s.userName ?? "A member"} · ${s.preset}`}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </label>
          )}
          {session && <SessionStatus session={session} workspaceId={workspaceId} />}
          <div className="term-toolbar-end">
            {session && session.status === "RUNNING" && (isMine || canManage) && (
              <Button
                size="sm"
                variant="danger-ghost"
                loading={stop.isPending}
                onClick={() => stop.mutate({ workspaceId, sessionId: session.id })}
                aria-label={isMine ? "Stop session" : `Stop ${session.userName ?? "this member"}'s session`}
                title={isMine ? "Stops the container; files in the workspace stay" : "Stops this member's session"}
              >
                Stop
              </Button>
            )}
            {canStart && mine.length > 0 && (
              <StartControls options={options.data} preset={chosenPreset} onPreset={setPreset} pending={create.isPending} onStart={() => create.mutate({ workspaceId, preset: chosenPreset })} compact />
            )}
          </div>
        </div>
      )}

      {error && (
        <div className="term-error" role="alert">
          <span>{error}</span>
          <button type="button" className="term-notice-close" aria-label="Dismiss" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}

      {(tabs.length > 0 || showRunner || (session && isMine && shellOn && session.status === "RUNNING")) && (
        <div className="term-tabs" role="tablist" aria-label="Terminals">
          {showRunner && (
            <button type="button" role="tab" className="term-tab" aria-selected={front === RUNNER_TAB} onClick={() => setActiveTab(RUNNER_TAB)}>
              Run command
            </button>
          )}
          {tabs.map((t) => (
            <span key={t.terminalId} className="term-tab-wrap" data-active={front === t.terminalId || undefined}>
              <button type="button" role="tab" className="term-tab" aria-selected={front === t.terminalId} onClick={() => setActiveTab(t.terminalId)}>
                <StatusDot status={statuses[t.terminalId]} />
                {t.label}
                {!t.mine && <span className="term-tab-tag">watching</span>}
                {t.mine && t.shared && <span className="term-tab-tag">shared</span>}
              </button>
              <button type="button" className="term-tab-close" aria-label={t.mine ? `Close ${t.label}` : `Stop watching ${t.label}`} title={t.mine ? "Ends this shell" : "Stop watching"} onClick={() => closeTab(t)}>
                ×
              </button>
            </span>
          ))}
          {session && isMine && shellOn && session.status === "RUNNING" && (
            <button type="button" className="term-tab term-tab-new" aria-label="New terminal" title="New terminal" disabled={opening || !socket} onClick={() => void openTerminal(session.id)}>
              <PlusIcon size={14} />
            </button>
          )}
          {frontTerminal?.mine && (
            <label className="term-share" title="Let the workspace's members watch this terminal (read-only)">
              <input type="checkbox" checked={frontTerminal.shared} onChange={(e) => share(frontTerminal, e.target.checked)} />
              Share
            </label>
          )}
        </div>
      )}

      <div className="term-body">
        {tabs.map((t) => (
          <XtermView key={t.terminalId} socket={socket} terminalId={t.terminalId} label={t.mine ? t.label : `${t.label} (watching, read-only)`} active={front === t.terminalId} onStatus={onStatus} />
        ))}
        {showRunner && session && (
          <div className="term-view" hidden={front !== RUNNER_TAB}>
            <p className="term-shell-off">
              <Badge tone="warning">Shell off</Badge> This session uses the <strong>{session.preset}</strong> preset, which allows no shell or terminal. Run commands one at a time here.
            </p>
            <CommandRunner socket={socket} workspaceId={workspaceId} sessionId={session.id} canRun={connection === "connected"} />
          </div>
        )}
        {front === null && (
          <EmptyPanel
            canStart={canStart}
            canWrite={canWrite}
            hasSession={!!session && session.status === "RUNNING"}
            sessionIsMine={isMine}
            options={options.data}
            optionsError={options.isError ? appErrorOf(options.error).message : null}
            preset={chosenPreset}
            onPreset={setPreset}
            pending={create.isPending}
            onStart={() => create.mutate({ workspaceId, preset: chosenPreset })}
            onOpen={() => session && void openTerminal(session.id)}
            opening={opening}
            archived={workspace.status !== "ACTIVE"}
            loading={sessions.isPending}
          />
        )}
      </div>
    </div>
  );
}

function StatusDot({ status }: { status: TerminalStatus | undefined }) {
  const tone = status === "live" || status === "watching" ? "ok" : status === "exited" || status === "gone" || status === "failed" ? "off" : "wait";
  return <span className={`term-dot term-dot-${tone}`} aria-hidden="true" />;
}

/** Running/stopped, the idle-stop countdown and live resource use (polled from the driver). */
function SessionStatus({ session, workspaceId }: { session: Session; workspaceId: string }) {
  const trpc = useTRPC();
  const running = session.status === "RUNNING";
  const stats = useQuery({ ...trpc.sandbox.sessions.stats.queryOptions({ workspaceId, sessionId: session.id }), enabled: running, refetchInterval: 3_000, retry: false });
  const now = useNow(running);
  const idleLeft = session.idleStopAt ? new Date(session.idleStopAt).getTime() - now : null;

  return (
    <div className="term-status" data-testid="session-status" data-session-status={session.status}>
      <Badge tone={running ? "success" : session.status === "STARTING" ? "accent" : session.status === "FAILED" ? "danger" : "neutral"} dot>
        {session.status === "RUNNING" ? "Running" : session.status === "STARTING" ? "Starting" : session.status === "FAILED" ? "Failed" : "Stopped"}
      </Badge>
      <span className="term-status-item term-status-preset" title={presetSummary(session.limits)}>
        {session.preset}
      </span>
      {!session.isolated && (
        <Badge tone="warning" title="This instance runs commands with the local driver: they are not isolated from the server.">
          Not isolated
        </Badge>
      )}
      {running && idleLeft !== null && (
        <span className="term-status-item" title="Sessions nobody uses are stopped to free resources; typing or running commands resets the clock.">
          Idle stop in {formatDuration(idleLeft)}
        </span>
      )}
      {running && stats.data && (
        <span className="term-status-item term-stats" aria-label="Resource use">
          <span title="CPU use (100% is one core)">CPU {stats.data.cpuPercent.toFixed(1)}%</span>
          <span title="Memory in use, of the session's limit">
            Mem {formatBytes(stats.data.memoryBytes)} / {formatBytes(stats.data.memoryLimitBytes)}
          </span>
          {stats.data.pids !== null && (
            <span title="Processes and threads, of the session's limit">
              Procs {stats.data.pids} / {stats.data.pidsLimit}
            </span>
          )}
        </span>
      )}
      {!running && session.stopReason && <span className="term-status-item">{stopReasonText(session.stopReason)}</span>}
    </div>
  );
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function stopReasonText(reason: string): string {
  if (reason === "idle") return "Stopped after being idle";
  if (reason === "stopped_by_user") return "Stopped by its owner";
  if (reason === "stopped_by_owner") return "Stopped by a workspace owner";
  if (reason.startsWith("start_failed")) return "Could not start";
  return `Stopped (${reason})`;
}

function presetSummary(l: Limits): string {
  return [
    `${l.memoryMb >= 1024 ? `${l.memoryMb / 1024} GB` : `${l.memoryMb} MB`} memory`,
    `${l.cpus} CPU${l.cpus === 1 ? "" : "s"}`,
    `${l.processes} processes`,
    `${l.cpuSeconds}s CPU time per process`,
    `${l.maxFileMb} MB max file`,
    l.network ? "network on" : "no network",
    l.shell ? "shell and terminals" : "no shell: commands only",
  ].join(" · ");
}

function StartControls({
  options,
  preset,
  onPreset,
  pending,
  onStart,
  compact = false,
}: {
  options: Options | undefined;
  preset: string;
  onPreset: (name: string) => void;
  pending: boolean;
  onStart: () => void;
  compact?: boolean;
}) {
  const presets = options?.presets ?? [];
  if (compact) {
    return (
      <span className="term-start-compact">
        <select className="select term-preset-select" aria-label="Preset for a new session" value={preset} onChange={(e) => onPreset(e.target.value)}>
          {presets.map((p) => (
            <option key={p.name} value={p.name} title={presetSummary(p.limits)}>
              {p.name}
            </option>
          ))}
        </select>
        <Button size="sm" loading={pending} onClick={onStart}>
          New session
        </Button>
      </span>
    );
  }
  return (
    <div className="term-start">
      <fieldset className="term-presets">
        <legend>Preset</legend>
        {presets.map((p) => (
          <label key={p.name} className="term-preset" data-checked={preset === p.name || undefined}>
            <input type="radio" name="term-preset" value={p.name} checked={preset === p.name} onChange={() => onPreset(p.name)} />
            <span className="term-preset-name">{p.name}</span>
            <span className="term-preset-limits">{presetSummary(p.limits)}</span>
          </label>
        ))}
      </fieldset>
      <Button variant="primary" loading={pending} onClick={onStart} icon={<TerminalIcon size={16} />}>
        Start session
      </Button>
      {options && <p className="term-hint">Idle sessions stop after {formatDuration(options.idleMs)}; your files stay in the workspace.</p>}
    </div>
  );
}

function EmptyPanel(props: {
  canStart: boolean;
  canWrite: boolean;
  hasSession: boolean;
  sessionIsMine: boolean;
  options: Options | undefined;
  optionsError: string | null;
  preset: string;
  onPreset: (name: string) => void;
  pending: boolean;
  onStart: () => void;
  onOpen: () => void;
  opening: boolean;
  archived: boolean;
  loading: boolean;
}) {
  if (props.loading) return <div className="term-empty" role="status">Loading sessions…</div>;
  if (!props.canWrite) {
    return (
      <div className="term-empty">
        <h3>No shared terminals</h3>
        <p>As a viewer you can watch terminals that members share with the workspace. None is shared right now; shared terminals appear here by themselves.</p>
      </div>
    );
  }
  if (props.archived) {
    return (
      <div className="term-empty">
        <h3>This workspace is archived</h3>
        <p>An owner can unarchive it from the dashboard; then start a session here.</p>
      </div>
    );
  }
  if (props.hasSession && props.sessionIsMine) {
    return (
      <div className="term-empty">
        <h3>No terminal open</h3>
        <p>Your session is running. Open a terminal in it.</p>
        <Button variant="primary" loading={props.opening} onClick={props.onOpen} icon={<TerminalIcon size={16} />}>
          Open a terminal
        </Button>
      </div>
    );
  }
  return (
    <div className="term-empty">
      <h3>Start a session</h3>
      <p>A session is a sandboxed container with this workspace mounted at /workspace. Pick how much it may use.</p>
      {props.optionsError ? <p className="term-error-text">{props.optionsError}</p> : <StartControls options={props.options} preset={props.preset} onPreset={props.onPreset} pending={props.pending} onStart={props.onStart} />}
    </div>
  );
}
