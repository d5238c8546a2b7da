// Activity (skeleton: replaced by the activity work).
"use client";

export function ActivityStrip() {
  return <div className="ide-placeholder">Activity</div>;
}
