// The IDE's frame, VS Code style: a top bar (workspace, role, who is here), an activity bar that
// picks the side view (explorer, search, replace, snapshots, members), the editor, a bottom panel
// (terminals, tasks) and a status bar. Panels resize by dragging and collapse (Ctrl+B, Ctrl+J,
// Ctrl+`); the whole layout is saved per user and workspace on the server (use-layout-persistence).
"use client";
import Link from "next/link";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { Group, type Layout, Panel, type PanelImperativeHandle, Separator } from "react-resizable-panels";
import { Badge } from "~/components/ui/badge";
import { ROLE_INFO } from "~/components/workspaces/types";
import { UsageMeter } from "~/components/workspaces/usage-meter";
import { ActivityStrip } from "./activity/activity-strip";
import { CommandPalette } from "./commands/command-palette";
import { type BottomView, type SideView, useIdeCommands } from "./commands/use-ide-commands";
import { EditorArea } from "./editor/editor-area";
import type { EditorTabsState } from "./editor/use-editor-tabs";
import { ExplorerPanel } from "./explorer/explorer-panel";
import { useIde } from "./ide-context";
import { type LayoutState, useLayoutSaver } from "./layout/use-layout-persistence";
import { ReplacePanel } from "./search/replace-panel";
import { SearchPanel } from "./search/search-panel";
import { MembersPanel } from "./side/members-panel";
import { SnapshotsPanel } from "./side/snapshots-panel";
import { collaboratorsIn, StatusBarView } from "./status/status-bar";
import { useEditorStatus } from "./status/use-editor-status";
import { TasksPanel } from "./tasks/tasks-panel";
import { TerminalPanel } from "./terminal/terminal-panel";

const SIDE_VIEWS: { id: SideView; label: string; glyph: string; writers?: boolean }[] = [
  { id: "explorer", label: "Explorer", glyph: "▤" },
  { id: "search", label: "Search", glyph: "⌕" },
  { id: "replace", label: "Replace in files", glyph: "⇄", writers: true },
  { id: "snapshots", label: "Snapshots", glyph: "◷" },
  { id: "members", label: "Members and rules", glyph: "☷" },
];

/** Focuses the first focusable thing in a side view or the terminal once it is shown. */
function focusSoon(selector: string) {
  setTimeout(() => document.querySelector<HTMLElement>(selector)?.focus(), 50);
}

export function IdeLayout({ tabs, saved }: { tabs: EditorTabsState; saved: LayoutState | null }) {
  const { workspace, workspaceId, role, connection, canWrite, presence, currentUser } = useIde();
  const [side, setSide] = useState<SideView>(saved?.side ?? "explorer");
  const [bottom, setBottom] = useState<BottomView>(saved?.bottom ?? "terminal");
  const [horizontal, setHorizontal] = useState<Layout | undefined>(saved?.sizes.horizontal);
  const [vertical, setVertical] = useState<Layout | undefined>(saved?.sizes.vertical);
  const [sideVisible, setSideVisible] = useState(saved?.sideVisible ?? true);
  const [bottomVisible, setBottomVisible] = useState(saved?.bottomVisible ?? true);
  const sideRef = useRef<PanelImperativeHandle | null>(null);
  const bottomRef = useRef<PanelImperativeHandle | null>(null);

  // The saved tabs reopen once, on top of whatever the page opened by then.
  const restoredTabs = useRef(false);
  const { restore } = tabs;
  useEffect(() => {
    if (restoredTabs.current || !saved) return;
    restoredTabs.current = true;
    restore(saved.tabs, saved.active);
  }, [saved, restore]);

  useLayoutSaver(
    workspaceId,
    { version: 1, tabs: tabs.tabs.map((t) => t.path), active: tabs.activePath, side, sideVisible, bottom, bottomVisible, sizes: { horizontal, vertical } },
    saved,
  );

  const setPanel = (ref: PanelImperativeHandle | null, visible: boolean) => {
    if (!ref) return;
    if (visible && ref.isCollapsed()) ref.expand();
    if (!visible && !ref.isCollapsed()) ref.collapse();
  };
  const showSide = useCallback((view: SideView) => {
    setSide(view);
    setPanel(sideRef.current, true);
    setSideVisible(true);
    if (view === "search" || view === "replace") focusSoon(`[data-testid="${view}"] input`);
  }, []);
  const showBottom = useCallback((view: BottomView) => {
    setBottom(view);
    setPanel(bottomRef.current, true);
    setBottomVisible(true);
    if (view === "terminal") focusSoon('.ide-bottom-body[aria-label="Terminal"] .xterm-helper-textarea');
  }, []);
  const toggleSide = () => {
    setPanel(sideRef.current, !sideVisible);
    setSideVisible(!sideVisible);
  };
  const toggleBottom = () => {
    setPanel(bottomRef.current, !bottomVisible);
    setBottomVisible(!bottomVisible);
  };
  useIdeCommands(tabs, {
    showSide,
    toggleSide,
    showBottom,
    toggleBottom,
    toggleTerminal: () => {
      if (bottomVisible && bottom === "terminal") toggleBottom();
      else showBottom("terminal");
    },
    newTerminal: () => {
      showBottom("terminal");
      // The terminal panel's own button, so a new terminal opens exactly as a click would.
      setTimeout(() => document.querySelector<HTMLButtonElement>('.ide-bottom-body[aria-label="Terminal"] [aria-label="New terminal"]')?.click(), 50);
    },
  });

  // A panel dragged to its collapsed size is hidden, as if toggled.
  const onHorizontal = (layout: Layout) => {
    setHorizontal(layout);
    if (layout.side !== undefined) setSideVisible(layout.side > 0);
  };
  const onVertical = (layout: Layout) => {
    setVertical(layout);
    if (layout.bottom !== undefined) setBottomVisible(layout.bottom > 0);
  };

  const status = useEditorStatus(tabs.editorHandle);
  const views = SIDE_VIEWS.filter((v) => !v.writers || canWrite);
  const current = views.find((v) => v.id === side) ?? views[0]!;

  return (
    <div className="ide" data-testid="ide" data-connection={connection}>
      <header className="ide-topbar">
        <Link href="/dashboard" className="ide-back" aria-label="All workspaces">
          ←
        </Link>
        <h1 className="ide-title">{workspace.name}</h1>
        {role && <Badge tone={ROLE_INFO[role].tone}>{ROLE_INFO[role].label}</Badge>}
        {connection !== "connected" && (
          <Badge tone="warning" dot>
            {connection === "failed" ? "Offline: sign in again" : connection === "connecting" ? "Connecting…" : "Reconnecting…"}
          </Badge>
        )}
        <div className="ide-topbar-end">
          <ActivityStrip />
          <UsageMeter usage={workspace.usageBytes} quota={workspace.quotaBytes} />
        </div>
      </header>
      <div className="ide-body">
        <nav className="ide-activitybar" aria-label="Side views">
          {views.map((v) => (
            <button
              key={v.id}
              type="button"
              className="ide-activitybar-item"
              aria-pressed={sideVisible && current.id === v.id}
              aria-label={v.label}
              title={v.label}
              // Always shows (never hides) the view, so a click on the view in front is harmless; Ctrl+B hides.
              onClick={() => showSide(v.id)}
            >
              <span aria-hidden="true">{v.glyph}</span>
            </button>
          ))}
        </nav>
        <Group orientation="horizontal" className="ide-panels" id="atrium-ide-h" defaultLayout={saved?.sizes.horizontal} onLayoutChange={onHorizontal}>
          <Panel id="side" panelRef={sideRef} defaultSize="22" minSize="12" maxSize="45" collapsible collapsedSize="0" className="ide-side">
            <SidePane label={current.label} hidden={!sideVisible}>
              {current.id === "explorer" && <ExplorerPanel />}
              {current.id === "search" && <SearchPanel />}
              {current.id === "replace" && <ReplacePanel />}
              {current.id === "snapshots" && <SnapshotsPanel />}
              {current.id === "members" && <MembersPanel />}
            </SidePane>
          </Panel>
          <Separator className="ide-separator ide-separator-v" />
          <Panel id="main" minSize="30">
            <Group orientation="vertical" id="atrium-ide-v" defaultLayout={saved?.sizes.vertical} onLayoutChange={onVertical}>
              {/* The library uses the id as data-testid; "editor" is the Monaco host's (a stable selector). */}
              <Panel id="editor" data-testid="editor-panel" defaultSize="62" minSize="20" className="ide-editor">
                <EditorArea tabs={tabs} />
              </Panel>
              <Separator className="ide-separator ide-separator-h" />
              <Panel id="bottom" panelRef={bottomRef} defaultSize="38" minSize="10" collapsible collapsedSize="0" className="ide-bottom">
                <div className="ide-bottom-inner" hidden={!bottomVisible} data-testid="bottom-panel">
                  <div className="ide-tabs" role="tablist" aria-label="Bottom panel">
                    {(["terminal", "tasks"] as const).map((id) => (
                      <button key={id} type="button" role="tab" className="ide-tab" aria-selected={bottom === id} onClick={() => setBottom(id)}>
                        {id === "terminal" ? "Terminal" : "Tasks"}
                      </button>
                    ))}
                  </div>
                  {/* Both stay mounted (collapsed too) so a terminal keeps its screen while hidden. */}
                  <div className="ide-bottom-body" hidden={bottom !== "terminal"} role="tabpanel" aria-label="Terminal">
                    <TerminalPanel />
                  </div>
                  <div className="ide-bottom-body" hidden={bottom !== "tasks"} role="tabpanel" aria-label="Tasks">
                    <TasksPanel />
                  </div>
                </div>
              </Panel>
            </Group>
          </Panel>
        </Group>
      </div>
      <StatusBarView connection={connection} path={tabs.activePath} editor={tabs.activePath ? status : null} collaborators={collaboratorsIn(presence, tabs.activePath, currentUser.id)} />
      <CommandPalette />
    </div>
  );
}

function SidePane({ label, hidden, children }: { label: string; hidden: boolean; children: ReactNode }) {
  return (
    <section className="ide-sidepane" aria-label={label} hidden={hidden} data-testid="side-pane">
      <h2 className="ide-sidepane-title">{label}</h2>
      <div className="ide-sidepane-body">{children}</div>
    </section>
  );
}
