// Tasks (skeleton: replaced by the tasks work).
"use client";

export function TasksPanel() {
  return <div className="ide-placeholder">Tasks</div>;
}
