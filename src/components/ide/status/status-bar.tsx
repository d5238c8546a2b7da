// The status bar at the bottom of the IDE, VS Code style: connection on the left, then who else
// has this file open; on the right the cursor, selection, indentation, encoding, end of line and
// language of the file in front. `StatusBarView` is props-only (component-tested).
"use client";
import type { ConnectionStatus } from "~/components/realtime/use-socket";
import type { EditorStatus } from "./use-editor-status";
import "./status.css";

export interface StatusCollaborator {
  userId: string;
  name: string;
}

export interface StatusBarViewProps {
  connection: ConnectionStatus;
  /** The file in front, or null when no file is open. */
  path: string | null;
  editor: EditorStatus | null;
  /** Other people with this file in front (one entry per person). */
  collaborators: StatusCollaborator[];
}

const CONNECTION: Record<ConnectionStatus, { label: string; title: string }> = {
  connected: { label: "Connected", title: "Live connection to the server is up." },
  connecting: { label: "Connecting…", title: "Opening the live connection." },
  reconnecting: { label: "Reconnecting…", title: "The live connection dropped; retrying. Your edits stay in the editor." },
  failed: { label: "Offline", title: "The live connection was refused. Sign in again to reconnect." },
};

export function StatusBarView({ connection, path, editor, collaborators }: StatusBarViewProps) {
  const conn = CONNECTION[connection] ?? CONNECTION.failed;
  return (
    <footer className="ide-statusbar" role="status" aria-label="Status bar" data-testid="status-bar">
      <span className="ide-status-item" data-connection={connection} title={conn.title} data-testid="status-connection">
        <span className="ide-status-dot" aria-hidden="true" />
        {conn.label}
      </span>
      {path && collaborators.length > 0 && (
        <span className="ide-status-item" data-testid="status-collaborators" title={`Also in ${path}: ${collaborators.map((c) => c.name).join(", ")}`}>
          {collaborators.length === 1 ? `${collaborators[0]!.name} is here` : `${collaborators.length} others here: ${collaborators.map((c) => c.name).join(", ")}`}
        </span>
      )}
      {editor && (
        <span className="ide-status-end">
          <span className="ide-status-item" data-testid="status-position">
            Ln {editor.line}, Col {editor.column}
          </span>
          {editor.selectedChars > 0 && (
            <span className="ide-status-item" data-testid="status-selection">
              ({editor.selectedChars} selected{editor.selectedLines > 1 ? `, ${editor.selectedLines} lines` : ""})
            </span>
          )}
          <span className="ide-status-item" data-testid="status-indent">
            {editor.insertSpaces ? "Spaces" : "Tab Size"}: {editor.tabSize}
          </span>
          <span className="ide-status-item" data-testid="status-encoding">
            UTF-8
          </span>
          <span className="ide-status-item" data-testid="status-eol">
            {editor.eol}
          </span>
          <span className="ide-status-item" data-testid="status-language">
            {languageName(editor.language)}
          </span>
        </span>
      )}
    </footer>
  );
}

const NAMES: Record<string, string> = {
  typescript: "TypeScript",
  javascript: "JavaScript",
  python: "Python",
  plaintext: "Plain Text",
  markdown: "Markdown",
  json: "JSON",
  html: "HTML",
  css: "CSS",
  shell: "Shell Script",
  yaml: "YAML",
  go: "Go",
  rust: "Rust",
  java: "Java",
  cpp: "C++",
  c: "C",
  dockerfile: "Dockerfile",
  sql: "SQL",
  xml: "XML",
};

export function languageName(id: string): string {
  return NAMES[id] ?? (id ? id[0]!.toUpperCase() + id.slice(1) : "Plain Text");
}

/** Other people (not this user) whose tab has `path` in front, one entry per person. */
export function collaboratorsIn(presence: readonly { userId: string; name: string; activePath: string | null }[], path: string | null, me: string): StatusCollaborator[] {
  if (!path) return [];
  const seen = new Map<string, StatusCollaborator>();
  for (const m of presence) if (m.activePath === path && m.userId !== me && !seen.has(m.userId)) seen.set(m.userId, { userId: m.userId, name: m.name });
  return [...seen.values()];
}
