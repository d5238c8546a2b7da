// Confirms archiving or unarchiving one workspace, props only: what happens to the files.
"use client";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import type { Workspace } from "./types";

export interface ArchiveWorkspaceDialogProps {
  /** The workspace to archive (ACTIVE) or unarchive (ARCHIVED); null when closed. */
  workspace: Workspace | null;
  onClose: () => void;
  onConfirm: (workspace: Workspace) => void;
  pending: boolean;
}

export function ArchiveWorkspaceDialog({ workspace, onClose, onConfirm, pending }: ArchiveWorkspaceDialogProps) {
  const archiving = workspace?.status !== "ARCHIVED";
  const name = workspace?.name ?? "";
  return (
    <ConfirmDialog
      open={workspace !== null}
      onClose={onClose}
      pending={pending}
      tone="primary"
      title={archiving ? `Archive “${name}”?` : `Unarchive “${name}”?`}
      description={
        archiving ? (
          <>
            Its files are packed into a single <code>.tar.gz</code> archive on this server and the folder is removed. The workspace becomes
            read-only: no one can open, edit or run it until an owner unarchives it. Members and settings are kept.
          </>
        ) : (
          <>The archive is checked, unpacked back into the workspace folder and removed. Members can open and edit it again.</>
        )
      }
      confirmLabel={archiving ? "Archive workspace" : "Unarchive workspace"}
      onConfirm={() => workspace && onConfirm(workspace)}
    />
  );
}
