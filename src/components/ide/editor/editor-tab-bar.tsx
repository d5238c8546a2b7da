// The editor's tab strip and the active file's actions (props only): unsaved dots for files saved
// by hand, a "Viewer" or save-state label for co-edited ones, and Save for the load-and-save path.
"use client";
import { Button } from "~/components/ui/button";
import { XIcon } from "~/components/ui/icons";
import { FileIcon } from "../explorer/file-icon";
import { baseName } from "../explorer/paths";
import type { EditorTab } from "./tabs-state";

export type SaveMode =
  /** Co-edited: the server saves; `label` says where it is ("Saved", "Offline", …). */
  | { kind: "shared"; label: string; state: "live" | "offline" | "joining" | "error" }
  /** Loaded and saved by hand (binary neighbours, no live connection, too large to share). */
  | { kind: "manual"; canSave: boolean; saving: boolean; title: string };

export interface EditorTabBarProps {
  tabs: readonly EditorTab[];
  activePath: string | null;
  /** Role label shown for co-edited files ("Viewer" when you cannot type). */
  roleLabel: string | null;
  save: SaveMode | null;
  onActivate: (path: string) => void;
  onClose: (path: string) => void;
  onSave: () => void;
}

export function EditorTabBar({ tabs, activePath, roleLabel, save, onActivate, onClose, onSave }: EditorTabBarProps) {
  if (tabs.length === 0) return null;
  return (
    <div className="ide-editor-tabbar">
      <div className="ide-editor-tabs" role="tablist" aria-label="Open files">
        {tabs.map((tab) => {
          const name = baseName(tab.path);
          const selected = tab.path === activePath;
          return (
            <div key={tab.path} className="ide-editor-tab" data-active={selected} data-dirty={tab.dirty} title={tab.path}>
              <button
                type="button"
                role="tab"
                aria-selected={selected}
                aria-label={name}
                aria-description={tab.dirty ? "Unsaved changes" : undefined}
                className="ide-editor-tab-label"
                onClick={() => onActivate(tab.path)}
                onAuxClick={(event) => {
                  if (event.button === 1) onClose(tab.path);
                }}
              >
                <FileIcon name={name} type="file" />
                <span>{name}</span>
              </button>
              <button
                type="button"
                className="ide-editor-tab-close"
                aria-label={tab.dirty ? `Close ${name} (unsaved changes)` : `Close ${name}`}
                title={tab.dirty ? "Unsaved changes. Close…" : "Close"}
                onClick={() => onClose(tab.path)}
              >
                {tab.dirty ? <span className="ide-editor-dirty-dot" aria-hidden="true" /> : <XIcon size={12} />}
              </button>
            </div>
          );
        })}
      </div>
      {activePath && (
        <div className="ide-editor-actions">
          <span className="ide-editor-path mono" title={activePath}>
            {activePath}
          </span>
          {roleLabel && (
            <span className="ide-editor-role" data-testid="collab-role">
              {roleLabel}
            </span>
          )}
          {save?.kind === "shared" && (
            <span className="ide-editor-collab-status" data-testid="collab-status" data-state={save.state} role="status">
              {save.label}
            </span>
          )}
          {save?.kind === "manual" && (
            <Button size="sm" variant="ghost" onClick={onSave} disabled={!save.canSave} loading={save.saving} title={save.title}>
              Save
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
