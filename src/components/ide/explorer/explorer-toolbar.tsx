// The explorer's toolbar: new file and folder, uploads, refresh, collapse. Props only; an action
// the caller may not take stays visible with the reason (aria-disabled + title), never hidden.
"use client";
import type { ReactNode } from "react";
import { ChevronDownIcon, PlusIcon, RefreshIcon } from "~/components/ui/icons";

export interface ExplorerToolbarProps {
  /** Why changes are not allowed (viewers), or null. */
  readOnlyReason: string | null;
  onNewFile: () => void;
  onNewFolder: () => void;
  onUploadFiles: () => void;
  onUploadFolder: () => void;
  onRefresh: () => void;
  onCollapse: () => void;
  /** The hidden file inputs the upload buttons open. */
  children?: ReactNode;
}

export function ExplorerToolbar({ readOnlyReason, onNewFile, onNewFolder, onUploadFiles, onUploadFolder, onRefresh, onCollapse, children }: ExplorerToolbarProps) {
  return (
    <div className="ide-explorer-toolbar">
      <ToolButton label="New file" glyph={<PlusIcon size={14} />} reason={readOnlyReason} onClick={onNewFile} />
      <ToolButton label="New folder" glyph={<FolderPlusGlyph />} reason={readOnlyReason} onClick={onNewFolder} />
      <ToolButton label="Upload files" glyph={<UploadGlyph />} reason={readOnlyReason} onClick={onUploadFiles} />
      <ToolButton label="Upload folder" glyph={<UploadFolderGlyph />} reason={readOnlyReason} onClick={onUploadFolder} />
      <ToolButton label="Refresh" glyph={<RefreshIcon size={14} />} reason={null} onClick={onRefresh} />
      <ToolButton label="Collapse folders" glyph={<ChevronDownIcon size={14} />} reason={null} onClick={onCollapse} />
      {children}
    </div>
  );
}

function ToolButton({ label, glyph, reason, onClick }: { label: string; glyph: ReactNode; reason: string | null; onClick: () => void }) {
  return (
    <button type="button" className="ide-explorer-tool" aria-label={label} aria-disabled={reason ? true : undefined} title={reason ? `${label}: ${reason}` : label} onClick={onClick}>
      {glyph}
    </button>
  );
}

function FolderPlusGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
      <path d="M12 11v5M9.5 13.5h5" />
    </svg>
  );
}

function UploadGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M12 15V4M7 9l5-5 5 5" />
      <path d="M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4" />
    </svg>
  );
}

function UploadFolderGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
      <path d="M12 17v-6M9.5 13.5 12 11l2.5 2.5" />
    </svg>
  );
}
