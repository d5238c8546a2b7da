// Search (skeleton: replaced by the search work).
"use client";

export function SearchPanel() {
  return <div className="ide-placeholder">Search</div>;
}
