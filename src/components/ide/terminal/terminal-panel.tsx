// The IDE's Terminal panel: pick or start a sandbox session (preset and its limits), see its live
// status (running, idle stop countdown, CPU/memory/processes), and work in terminal tabs; strict
// sessions (no shell) get a command runner instead. Viewers watch terminals their owners shared.
// This container wires use-terminal-panel.ts to terminal-panel-view.tsx and renders the live parts.
"use client";
import { Badge } from "~/components/ui/badge";
import { KeepCowButton } from "./access-controls";
import { CommandRunner } from "./command-runner";
import { TerminalPanelView } from "./terminal-panel-view";
import { RUNNER_TAB, useNow, useSessionStats, useTerminalPanel } from "./use-terminal-panel";
import { XtermView } from "./xterm-view";
import "./terminal.css";

export function TerminalPanel() {
  const t = useTerminalPanel();
  const stats = useSessionStats(t.workspaceId, t.session);
  const now = useNow(t.session?.status === "RUNNING");
  const { session } = t;

  const body = (
    <>
      {t.tabs.map((tab) => (
        <XtermView
          key={tab.terminalId}
          socket={t.socket}
          terminalId={tab.terminalId}
          label={tab.mine ? tab.label : `${tab.label} (watching, read-only)`}
          active={t.front === tab.terminalId}
          onStatus={t.onStatus}
        />
      ))}
      {t.showRunner && session && (
        <div className="term-view" hidden={t.front !== RUNNER_TAB}>
          <p className="term-shell-off">
            <Badge tone="warning">Shell off</Badge> This session uses the <strong>{session.preset}</strong> preset, which allows no shell or terminal. Run commands one at a time here.
          </p>
          <CommandRunner socket={t.socket} workspaceId={t.workspaceId} sessionId={session.id} canRun={t.connected} />
        </div>
      )}
    </>
  );

  return (
    <TerminalPanelView
      canWrite={t.canWrite}
      canManage={t.canManage}
      canStart={t.canStart}
      archived={t.archived}
      connected={!!t.socket}
      options={t.options}
      optionsError={t.optionsError}
      sessionsLoading={t.sessionsLoading}
      mine={t.mine}
      others={t.others}
      session={session}
      isMine={t.isMine}
      shellOn={t.shellOn}
      stats={stats}
      now={now}
      tabs={t.tabs}
      front={t.front}
      showRunner={t.showRunner}
      statuses={t.statuses}
      error={t.error}
      onDismissError={t.dismissError}
      ended={t.ended}
      onDismissEnded={t.dismissEnded}
      opening={t.opening}
      preset={t.preset}
      onPreset={t.setPreset}
      access={t.access}
      onAccess={t.setAccess}
      keepCow={session && session.access === "cow" && session.status === "RUNNING" && t.isMine ? <KeepCowButton workspaceId={t.workspaceId} sessionId={session.id} /> : null}
      onChooseSession={t.chooseSession}
      onSelectTab={t.selectTab}
      onOpenTerminal={t.openTerminal}
      startPending={t.startPending}
      onStart={t.start}
      stopPending={t.stopPending}
      onStop={t.stop}
      onCloseTab={t.closeTab}
      onShare={t.share}
      body={body}
    />
  );
}
