// The editor area: tabs and Monaco. (Skeleton: replaced by the editor work.)
"use client";
import type { EditorTabsState } from "./use-editor-tabs";

export function EditorArea({ tabs }: { tabs: EditorTabsState }) {
  return (
    <div className="ide-placeholder" data-testid="editor-area">
      {tabs.activePath ? <span className="mono">{tabs.activePath}</span> : "Open a file from the explorer, or press Ctrl+P."}
    </div>
  );
}
