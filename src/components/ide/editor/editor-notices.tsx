// Lines above the text (props only): why the file is read-only, whom you follow, a co-editing
// notice (reconnected and merged, refused, closed), and the choices when a shared file can no
// longer follow its file on disk (deleted, binary, too large) or could not be saved.
"use client";
import { Button } from "~/components/ui/button";
import type { CollabConflictReason } from "~/server/realtime/events";

export interface CollabConflictView {
  reason: CollabConflictReason;
  message: string;
}

export interface EditorNoticesProps {
  readOnlyReason: string | null;
  following: string | null;
  notice: { tone: "info" | "error"; text: string } | null;
  conflict: CollabConflictView | null;
  canKeepMine: boolean;
  busy: boolean;
  onStopFollowing: () => void;
  onDismissNotice: () => void;
  onKeepMine: () => void;
  onTakeDisk: () => void;
  onCloseFile: () => void;
}

export function EditorNotices(props: EditorNoticesProps) {
  const { readOnlyReason, following, notice, conflict, canKeepMine, busy } = props;
  return (
    <>
      {readOnlyReason && (
        <div className="ide-editor-banner" role="note" data-testid="readonly-banner">
          {readOnlyReason}
        </div>
      )}
      {following && (
        <div className="ide-editor-banner ide-editor-banner-info" role="status" data-testid="follow-banner">
          Following {following}. Type or click in the text to stop.{" "}
          <button type="button" className="link-button" onClick={props.onStopFollowing}>
            Stop following
          </button>
        </div>
      )}
      {notice && (
        <div className={`ide-editor-banner ${notice.tone === "error" ? "ide-editor-banner-error" : "ide-editor-banner-info"}`} role={notice.tone === "error" ? "alert" : "status"} data-testid="collab-notice">
          {notice.text}{" "}
          <button type="button" className="link-button" onClick={props.onDismissNotice} aria-label="Dismiss">
            Dismiss
          </button>
        </div>
      )}
      {conflict && (
        <div className="ide-editor-conflict" role="alertdialog" aria-label="This file changed on disk" data-testid="collab-conflict" data-reason={conflict.reason}>
          <p>{conflict.message}</p>
          <div className="ide-editor-conflict-actions">
            {conflict.reason === "write_failed" ? (
              <Button size="sm" variant="primary" onClick={props.onKeepMine} disabled={!canKeepMine} loading={busy}>
                Try again
              </Button>
            ) : (
              <>
                <Button size="sm" variant="primary" onClick={props.onKeepMine} disabled={!canKeepMine} loading={busy}>
                  Keep mine
                </Button>
                <Button size="sm" variant="secondary" onClick={props.onTakeDisk} disabled={busy}>
                  Take disk version
                </Button>
              </>
            )}
            <Button size="sm" variant="ghost" onClick={props.onCloseFile} disabled={busy}>
              Close
            </Button>
          </div>
        </div>
      )}
    </>
  );
}
