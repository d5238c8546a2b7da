// One file or folder row of the explorer tree: icon, name, lock and read-only badges, ARIA tree
// semantics, drag source and drop target. Props only: the panel decides what each gesture does.
"use client";
import type { DragEvent, MouseEvent } from "react";
import { ShieldIcon } from "~/components/ui/icons";
import { formatBytes } from "~/lib/format";
import { FileIcon } from "./file-icon";
import { lockText } from "./lock-text";
import { indent } from "./name-input";
import type { TreeEntry } from "./tree-state";

export interface ExplorerEntryRowProps {
  entry: TreeEntry;
  depth: number;
  expanded: boolean;
  posInSet: number;
  setSize: number;
  selected: boolean;
  /** The row that takes Tab focus (roving tabindex). */
  focusable: boolean;
  /** The file open in the editor. */
  active: boolean;
  /** A drag hovers this folder. */
  dropping: boolean;
  canWrite: boolean;
  rowRef: (el: HTMLDivElement | null) => void;
  onActivate: () => void;
  onSelect: () => void;
  onContextMenu: (event: MouseEvent) => void;
  onDragStart: (event: DragEvent) => void;
  onDragOver: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
}

export function ExplorerEntryRow({ entry, depth, expanded, posInSet, setSize, selected, focusable, active, dropping, canWrite, rowRef, onActivate, onSelect, onContextMenu, onDragStart, onDragOver, onDrop }: ExplorerEntryRowProps) {
  const lock = entry.locked ? lockText(entry.locked.reason) : null;
  const isDir = entry.type === "directory";
  return (
    <div
      ref={rowRef}
      role="treeitem"
      aria-label={entry.name}
      aria-level={depth}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      aria-expanded={isDir && !entry.locked ? expanded : undefined}
      aria-selected={selected}
      aria-disabled={lock ? true : undefined}
      aria-description={lock ? `Locked: ${lock}` : entry.readOnly && canWrite ? "Read only" : undefined}
      tabIndex={focusable ? 0 : -1}
      className="ide-explorer-row"
      data-path={entry.path}
      data-type={entry.type}
      data-locked={lock ? "true" : undefined}
      data-active={active || undefined}
      data-drop={isDir && dropping ? true : undefined}
      title={lock ?? (entry.type === "file" ? `${entry.path} · ${formatBytes(entry.size)}` : entry.path)}
      style={{ paddingLeft: indent(depth) }}
      draggable={canWrite && !lock}
      onClick={onActivate}
      onFocus={() => {
        if (!selected) onSelect();
      }}
      onContextMenu={onContextMenu}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <span className="ide-explorer-twisty" aria-hidden="true" data-open={expanded || undefined}>
        {isDir && !lock ? "›" : ""}
      </span>
      <FileIcon name={entry.name} type={entry.type} open={expanded} />
      <span className="ide-explorer-name">{entry.name}</span>
      {lock && (
        <span className="ide-explorer-lock" aria-hidden="true">
          <ShieldIcon size={12} />
        </span>
      )}
      {!lock && entry.readOnly && canWrite && (
        <span className="ide-explorer-badge" aria-hidden="true" title="Read only">
          RO
        </span>
      )}
    </div>
  );
}
