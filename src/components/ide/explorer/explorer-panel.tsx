// Explorer (skeleton: replaced by the explorer work).
"use client";

export function ExplorerPanel() {
  return <div className="ide-placeholder">Explorer</div>;
}
