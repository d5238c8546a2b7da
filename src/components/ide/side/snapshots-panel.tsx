// Snapshots (skeleton: replaced by the snapshots work).
"use client";

export function SnapshotsPanel() {
  return <div className="ide-placeholder">Snapshots</div>;
}
