// The IDE's frame, VS Code style: a top bar (workspace, role, who is here), an activity bar that
// picks the side view (explorer, search, snapshots, members), the editor, and a bottom panel
// (terminals, tasks). Panels resize by dragging; sizes are remembered per browser.
"use client";
import Link from "next/link";
import { type ReactNode, useState } from "react";
import { Group, Panel, Separator } from "react-resizable-panels";
import { Badge } from "~/components/ui/badge";
import { ROLE_INFO } from "~/components/workspaces/types";
import { UsageMeter } from "~/components/workspaces/usage-meter";
import { ActivityStrip } from "./activity/activity-strip";
import { EditorArea } from "./editor/editor-area";
import type { EditorTabsState } from "./editor/use-editor-tabs";
import { ExplorerPanel } from "./explorer/explorer-panel";
import { useIde } from "./ide-context";
import { SearchPanel } from "./search/search-panel";
import { MembersPanel } from "./side/members-panel";
import { SnapshotsPanel } from "./side/snapshots-panel";
import { TasksPanel } from "./tasks/tasks-panel";
import { TerminalPanel } from "./terminal/terminal-panel";

type SideView = "explorer" | "search" | "snapshots" | "members";
type BottomView = "terminal" | "tasks";

const SIDE_VIEWS: { id: SideView; label: string; glyph: string }[] = [
  { id: "explorer", label: "Explorer", glyph: "▤" },
  { id: "search", label: "Search", glyph: "⌕" },
  { id: "snapshots", label: "Snapshots", glyph: "◷" },
  { id: "members", label: "Members and rules", glyph: "☷" },
];

export function IdeLayout({ tabs }: { tabs: EditorTabsState }) {
  const { workspace, role, connection } = useIde();
  const [side, setSide] = useState<SideView>("explorer");
  const [bottom, setBottom] = useState<BottomView>("terminal");

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
          {SIDE_VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className="ide-activitybar-item"
              aria-pressed={side === v.id}
              aria-label={v.label}
              title={v.label}
              onClick={() => setSide(v.id)}
            >
              <span aria-hidden="true">{v.glyph}</span>
            </button>
          ))}
        </nav>
        <Group orientation="horizontal" className="ide-panels" id="atrium-ide-h">
          <Panel id="side" defaultSize="22" minSize="12" maxSize="45" className="ide-side">
            <SidePane label={SIDE_VIEWS.find((v) => v.id === side)!.label}>
              {side === "explorer" && <ExplorerPanel />}
              {side === "search" && <SearchPanel />}
              {side === "snapshots" && <SnapshotsPanel />}
              {side === "members" && <MembersPanel />}
            </SidePane>
          </Panel>
          <Separator className="ide-separator ide-separator-v" />
          <Panel id="main" minSize="30">
            <Group orientation="vertical" id="atrium-ide-v">
              {/* The library uses the id as data-testid; "editor" is the Monaco host's (a stable selector). */}
              <Panel id="editor" data-testid="editor-panel" defaultSize="62" minSize="20" className="ide-editor">
                <EditorArea tabs={tabs} />
              </Panel>
              <Separator className="ide-separator ide-separator-h" />
              <Panel id="bottom" defaultSize="38" minSize="10" className="ide-bottom">
                <div className="ide-tabs" role="tablist" aria-label="Bottom panel">
                  {(["terminal", "tasks"] as const).map((id) => (
                    <button key={id} type="button" role="tab" className="ide-tab" aria-selected={bottom === id} onClick={() => setBottom(id)}>
                      {id === "terminal" ? "Terminal" : "Tasks"}
                    </button>
                  ))}
                </div>
                {/* Both stay mounted so a terminal keeps its screen while Tasks is in front. */}
                <div className="ide-bottom-body" hidden={bottom !== "terminal"} role="tabpanel" aria-label="Terminal">
                  <TerminalPanel />
                </div>
                <div className="ide-bottom-body" hidden={bottom !== "tasks"} role="tabpanel" aria-label="Tasks">
                  <TasksPanel />
                </div>
              </Panel>
            </Group>
          </Panel>
        </Group>
      </div>
    </div>
  );
}

function SidePane({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section className="ide-sidepane" aria-label={label}>
      <h2 className="ide-sidepane-title">{label}</h2>
      <div className="ide-sidepane-body">{children}</div>
    </section>
  );
}
