// Terminal (skeleton: replaced by the terminal work).
"use client";

export function TerminalPanel() {
  return <div className="ide-placeholder">Terminal</div>;
}
