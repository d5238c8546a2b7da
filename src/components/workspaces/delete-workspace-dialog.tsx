// Confirms deleting one workspace, props only: keep or delete the files, and type the name to
// arm the button, so a slip of the mouse cannot delete someone's work.
"use client";
import { type CSSProperties, useState } from "react";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field, Input } from "~/components/ui/field";
import type { Workspace } from "./types";

export interface DeleteWorkspaceDialogProps {
  workspace: Workspace | null;
  onClose: () => void;
  onConfirm: (workspace: Workspace, options: { deleteFiles: boolean }) => void;
  pending: boolean;
}

export function DeleteWorkspaceDialog(props: DeleteWorkspaceDialogProps) {
  // Keyed on the workspace so the typed name and the choice start fresh each time.
  return <DeleteWorkspaceDialogInner key={props.workspace?.id ?? "closed"} {...props} />;
}

function DeleteWorkspaceDialogInner({ workspace, onClose, onConfirm, pending }: DeleteWorkspaceDialogProps) {
  const [deleteFiles, setDeleteFiles] = useState(false);
  const [typed, setTyped] = useState("");
  const name = workspace?.name ?? "";
  const armed = workspace !== null && typed === name;
  const where = workspace?.status === "ARCHIVED" ? "its archive" : "its folder";
  return (
    <Dialog
      open={workspace !== null}
      onClose={onClose}
      dismissible={!pending}
      role="alertdialog"
      size="lg"
      title={`Delete “${name}”?`}
      description="Members lose access, and its sessions, tasks, snapshots and path rules are removed from Atrium. This cannot be undone."
      onSubmit={() => armed && workspace && onConfirm(workspace, { deleteFiles })}
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" loading={pending} disabled={!armed}>
            Delete workspace
          </Button>
        </>
      }
    >
      <div className="stack" style={{ "--stack-gap": "18px" } as CSSProperties}>
        <fieldset className="choice-list">
          <legend className="field-label">Files</legend>
          <label className="choice">
            <input type="radio" name="files" value="keep" checked={!deleteFiles} onChange={() => setDeleteFiles(false)} aria-describedby="delete-keep-description" />
            <span className="choice-title">Remove from Atrium, keep files</span>
            <span className="choice-description" id="delete-keep-description">
              {workspace ? (
                <>
                  The files stay on the server at <code className="break-all">{workspace.archive?.path ?? workspace.rootPath}</code>.
                </>
              ) : null}
            </span>
          </label>
          <label className="choice choice-danger">
            <input type="radio" name="files" value="delete" checked={deleteFiles} onChange={() => setDeleteFiles(true)} aria-describedby="delete-files-description" />
            <span className="choice-title">Delete files too</span>
            <span className="choice-description" id="delete-files-description">
              Atrium also deletes {where} and everything in it.
            </span>
          </label>
        </fieldset>
        <Field
          label={
            <>
              Type <strong className="mono">{name}</strong> to confirm
            </>
          }
        >
          {(control) => (
            <Input
              {...control}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
            />
          )}
        </Field>
      </div>
    </Dialog>
  );
}
