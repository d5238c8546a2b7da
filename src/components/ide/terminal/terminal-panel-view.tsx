// The Terminal panel's props-only views: the toolbar (session picker, status, stop, start), the
// error line, notices for terminals the server ended (a restore), the tab strip and the empty
// states. The container (terminal-panel.tsx) passes data from use-terminal-panel.ts and renders the
// live parts (xterm, the command runner) into `body`.
"use client";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { PlusIcon, TerminalIcon } from "~/components/ui/icons";
import { formatBytes, formatDuration } from "~/lib/format";
import { AccessBadge, AccessSelect, type SessionAccess } from "./access-controls";
import type { TerminalSummary } from "~/server/realtime/events";
import { type EndedNotice, RUNNER_TAB, type Session, type SessionOptions, type SessionStats, type TerminalTab } from "./use-terminal-panel";
import type { TerminalStatus } from "./xterm-view";

export interface TerminalPanelViewProps {
  canWrite: boolean;
  canManage: boolean;
  canStart: boolean;
  archived: boolean;
  connected: boolean;
  options: SessionOptions | undefined;
  optionsError: string | null;
  sessionsLoading: boolean;
  mine: Session[];
  others: Session[];
  session: Session | null;
  isMine: boolean;
  shellOn: boolean;
  stats: SessionStats | undefined;
  now: number;
  tabs: TerminalTab[];
  front: string | null;
  showRunner: boolean;
  statuses: Record<string, TerminalStatus>;
  error: string | null;
  onDismissError: () => void;
  ended: EndedNotice[];
  onDismissEnded: (terminalId: string) => void;
  opening: boolean;
  preset: string;
  onPreset: (name: string) => void;
  access: SessionAccess;
  onAccess: (access: SessionAccess) => void;
  /** "Keep as snapshot" for the caller's running copy-on-write session (a live control). */
  keepCow?: ReactNode;
  onChooseSession: (sessionId: string) => void;
  onSelectTab: (tabId: string) => void;
  onOpenTerminal: (sessionId: string) => void;
  startPending: boolean;
  onStart: () => void;
  stopPending: boolean;
  onStop: (sessionId: string) => void;
  onCloseTab: (t: TerminalSummary) => void;
  onShare: (t: TerminalSummary, shared: boolean) => void;
  /** The live terminals and the command runner, rendered by the container. */
  body: ReactNode;
}

export function TerminalPanelView(p: TerminalPanelViewProps) {
  const { session, isMine, tabs, front } = p;
  const frontTerminal = tabs.find((t) => t.terminalId === front) ?? null;
  const ownShellRunning = !!session && isMine && p.shellOn && session.status === "RUNNING";
  // Starting stays within reach whatever is on screen (watching someone's shared terminal
  // included): the toolbar carries it whenever this person may start and something else fills the body.
  const startInToolbar = p.canStart && (p.mine.length > 0 || front !== null);
  const showToolbar = !!session || p.others.length > 0 || startInToolbar;
  return (
    <div className="term-panel" data-testid="terminal-panel" data-toast-avoid>
      {showToolbar && (
        <div className="term-toolbar" data-testid="terminal-toolbar">
          {(p.mine.length > 0 || p.others.length > 0) && (
            <label className="term-picker">
              <select
                className="select term-picker-select"
                aria-label="Session"
                title={session ? presetSummary(session.limits) : undefined}
                value={session?.id ?? ""}
                onChange={(e) => p.onChooseSession(e.target.value)}
              >
                {p.mine.map((s, i) => (
                  <option key={s.id} value={s.id}>
                    {`My session ${p.mine.length - i} · ${s.preset}${s.access === "rw" ? "" : ` · ${s.access}`}`}
                  </option>
                ))}
                {p.others.length > 0 && (
                  <optgroup label="Other members' sessions">
                    {p.others.map((s) => (
                      <option key={s.id} value={s.id}>
                        {`${s.userName ?? "A member"} · ${s.preset}`}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </label>
          )}
          {session && <SessionStatusView session={session} stats={p.stats} now={p.now} />}
          {session && <AccessBadge access={session.access} />}
          {p.keepCow}
          <div className="term-toolbar-end">
            {session && session.status === "RUNNING" && (isMine || p.canManage) && (
              <Button
                size="sm"
                variant="danger-ghost"
                loading={p.stopPending}
                onClick={() => p.onStop(session.id)}
                aria-label={isMine ? "Stop session" : `Stop ${session.userName ?? "this member"}'s session`}
                title={isMine ? "Stops the container; files in the workspace stay" : "Stops this member's session"}
              >
                Stop
              </Button>
            )}
            {startInToolbar && (
              <StartControls options={p.options} preset={p.preset} onPreset={p.onPreset} access={p.access} onAccess={p.onAccess} pending={p.startPending} onStart={p.onStart} compact label={p.mine.length > 0 ? "New session" : "Start session"} />
            )}
          </div>
        </div>
      )}

      {p.error && (
        <div className="term-error" role="alert">
          <span>{p.error}</span>
          <button type="button" className="term-notice-close" aria-label="Dismiss" onClick={p.onDismissError}>
            ×
          </button>
        </div>
      )}

      {p.ended.map((n) => (
        <div key={n.terminalId} className="term-ended" role="status" data-testid="terminal-ended-notice">
          <span>
            <strong>{n.label}:</strong> {n.message}
          </span>
          <button type="button" className="term-notice-close" aria-label={`Dismiss the notice about ${n.label}`} onClick={() => p.onDismissEnded(n.terminalId)}>
            ×
          </button>
        </div>
      ))}

      {(tabs.length > 0 || p.showRunner || ownShellRunning) && (
        <div className="term-tabs" role="tablist" aria-label="Terminals">
          {p.showRunner && (
            <button type="button" role="tab" className="term-tab" aria-selected={front === RUNNER_TAB} onClick={() => p.onSelectTab(RUNNER_TAB)}>
              Run command
            </button>
          )}
          {tabs.map((t) => (
            <span key={t.terminalId} className="term-tab-wrap" data-active={front === t.terminalId || undefined}>
              <button type="button" role="tab" className="term-tab" aria-selected={front === t.terminalId} onClick={() => p.onSelectTab(t.terminalId)}>
                <StatusDot status={p.statuses[t.terminalId]} />
                {t.label}
                {!t.mine && <span className="term-tab-tag">watching</span>}
                {t.mine && t.shared && <span className="term-tab-tag">shared</span>}
              </button>
              <button type="button" className="term-tab-close" aria-label={t.mine ? `Close ${t.label}` : `Stop watching ${t.label}`} title={t.mine ? "Ends this shell" : "Stop watching"} onClick={() => p.onCloseTab(t)}>
                ×
              </button>
            </span>
          ))}
          {ownShellRunning && (
            <button type="button" className="term-tab term-tab-new" aria-label="New terminal" title="New terminal" disabled={p.opening || !p.connected} onClick={() => p.onOpenTerminal(session.id)}>
              <PlusIcon size={14} />
            </button>
          )}
          {frontTerminal?.mine && (
            <label className="term-share" title="Let the workspace's members watch this terminal (read-only)">
              <input type="checkbox" checked={frontTerminal.shared} onChange={(e) => p.onShare(frontTerminal, e.target.checked)} />
              Share
            </label>
          )}
        </div>
      )}

      <div className="term-body">
        {p.body}
        {front === null && (
          <EmptyPanel
            canStart={p.canStart}
            canWrite={p.canWrite}
            hasSession={!!session && session.status === "RUNNING"}
            sessionIsMine={isMine}
            options={p.options}
            optionsError={p.optionsError}
            preset={p.preset}
            onPreset={p.onPreset}
            access={p.access}
            onAccess={p.onAccess}
            pending={p.startPending}
            onStart={p.onStart}
            onOpen={() => session && p.onOpenTerminal(session.id)}
            opening={p.opening}
            archived={p.archived}
            loading={p.sessionsLoading}
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

/** Running/stopped, the idle-stop countdown and live resource use. */
export function SessionStatusView({ session, stats, now }: { session: Session; stats: SessionStats | undefined; now: number }) {
  const running = session.status === "RUNNING";
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
      {running && stats && (
        <span className="term-status-item term-stats" aria-label="Resource use">
          <span title="CPU use (100% is one core)">CPU {stats.cpuPercent.toFixed(1)}%</span>
          <span title="Memory in use, of the session's limit">
            Mem {formatBytes(stats.memoryBytes)} / {formatBytes(stats.memoryLimitBytes)}
          </span>
          {stats.pids !== null && (
            <span title="Processes and threads, of the session's limit">
              Procs {stats.pids} / {stats.pidsLimit}
            </span>
          )}
        </span>
      )}
      {!running && session.stopReason && <span className="term-status-item">{stopReasonText(session.stopReason)}</span>}
    </div>
  );
}

export function stopReasonText(reason: string): string {
  if (reason === "idle") return "Stopped after being idle";
  if (reason === "stopped_by_user") return "Stopped by its owner";
  if (reason === "stopped_by_owner") return "Stopped by a workspace owner";
  if (reason.startsWith("start_failed")) return "Could not start";
  return `Stopped (${reason})`;
}

export function presetSummary(l: Session["limits"]): string {
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
  access,
  onAccess,
  pending,
  onStart,
  compact = false,
  label = "Start session",
}: {
  options: SessionOptions | undefined;
  preset: string;
  onPreset: (name: string) => void;
  access: SessionAccess;
  onAccess: (access: SessionAccess) => void;
  pending: boolean;
  onStart: () => void;
  compact?: boolean;
  label?: string;
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
        <AccessSelect value={access} onChange={onAccess} />
        <Button size="sm" loading={pending} onClick={onStart}>
          {label}
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
      <label className="term-access">
        Access <AccessSelect value={access} onChange={onAccess} />
      </label>
      <Button variant="primary" loading={pending} onClick={onStart} icon={<TerminalIcon size={16} />}>
        {label}
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
  options: SessionOptions | undefined;
  optionsError: string | null;
  preset: string;
  onPreset: (name: string) => void;
  access: SessionAccess;
  onAccess: (access: SessionAccess) => void;
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
      {props.optionsError ? <p className="term-error-text">{props.optionsError}</p> : <StartControls options={props.options} preset={props.preset} onPreset={props.onPreset} access={props.access} onAccess={props.onAccess} pending={props.pending} onStart={props.onStart} />}
    </div>
  );
}
