// Members and rules (skeleton: replaced by the members and rules work).
"use client";

export function MembersPanel() {
  return <div className="ide-placeholder">Members and rules</div>;
}
