// Snapshots, the IDE's side view: take one (editors), list them with who took them and how big
// they are; owners download, copy to a new workspace, restore (a PRE_RESTORE snapshot is taken
// first, progress streams in over the socket) and delete. This file holds the containers (forms
// and dialogs with their mutations); data and actions are in use-snapshots.ts, rendering in
// snapshots-view.tsx.
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Dialog } from "~/components/ui/dialog";
import { Field, Input } from "~/components/ui/field";
import { useToast } from "~/components/ui/toast";
import { formatBytes } from "~/lib/format";
import type { SnapshotProgress } from "~/server/realtime/events";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { IndeterminateBar, ProgressBar, SnapshotsView } from "./snapshots-view";
import { newOperationId } from "./use-snapshot-events";
import { type Snapshot, useSnapshots } from "./use-snapshots";
import "./side-panels.css";

export function SnapshotsPanel() {
  const s = useSnapshots();
  return (
    <SnapshotsView
      workspaceId={s.workspaceId}
      canWrite={s.canWrite}
      canManage={s.canManage}
      createForm={<CreateSnapshotForm onCreated={() => void s.invalidateList()} operations={s.operations} />}
      list={s.list}
      creatorName={s.creatorName}
      othersRunning={s.othersRunning}
      onRestore={s.askRestore}
      onCopy={s.askCopy}
      onDelete={s.askDelete}
    >
      <ConfirmDialog
        open={s.restoring !== null}
        onClose={s.cancelRestore}
        pending={s.restorePending}
        title={s.restoring ? `Restore “${s.restoring.label || "Untitled"}”?` : "Restore snapshot?"}
        description={
          <>
            Every file goes back to how it was in this snapshot; files made since are removed. First Atrium takes a <strong>Before restore</strong> snapshot of the
            current files, so you can undo this by restoring that one. Protected files (.env, .git…) that the snapshot does not include are kept.
          </>
        }
        confirmLabel="Restore files"
        onConfirm={() => s.restoring && s.startRestore(s.restoring)}
        error={s.dialogError && `${s.dialogError} The files were left as they were.`}
        errorTitle="Not restored"
      >
        {s.restorePending && (s.ownRestore ? <ProgressBar progress={s.ownRestore} /> : <IndeterminateBar label="Starting the restore…" />)}
      </ConfirmDialog>

      {s.copying && <RestoreAsNewDialog snapshot={s.copying} operations={s.operations} onClose={s.closeCopy} />}

      <ConfirmDialog
        open={s.deleting !== null}
        onClose={s.cancelDelete}
        pending={s.deletePending}
        title={s.deleting ? `Delete “${s.deleting.label || "Untitled"}”?` : "Delete snapshot?"}
        description="The snapshot's archive is removed from the server; it cannot be restored or downloaded afterwards. The workspace's files are not touched."
        confirmLabel="Delete snapshot"
        onConfirm={s.confirmDelete}
        error={s.dialogError}
      />
    </SnapshotsView>
  );
}

function CreateSnapshotForm({ onCreated, operations }: { onCreated: () => void; operations: Record<string, SnapshotProgress> }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const { workspaceId, canManage } = useIde();
  const [label, setLabel] = useState("");
  const [keep, setKeep] = useState(false);
  const [includeProtected, setIncludeProtected] = useState(false);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = useMutation(
    trpc.snapshots.create.mutationOptions({
      onSuccess: (snapshot) => {
        setLabel("");
        setKeep(false);
        setIncludeProtected(false);
        setOperationId(null);
        setError(null);
        toast({ title: "Snapshot taken", description: `“${snapshot.label || "Untitled"}”: ${snapshot.fileCount} files, ${formatBytes(snapshot.sizeBytes)}. Restore it from this list at any time.` });
        onCreated();
      },
      onError: (e) => {
        setOperationId(null);
        setError(appErrorOf(e).message);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = newOperationId();
    setOperationId(id);
    setError(null);
    const input = { workspaceId, label: label.trim(), keep, includeProtected: canManage && includeProtected, operationId: id };
    create.mutate(input);
  };

  const progress = operationId ? operations[operationId] : undefined;
  return (
    <form className="side-form" onSubmit={submit} aria-label="Take a snapshot" noValidate>
      <Input aria-label="Snapshot label" placeholder="Label, e.g. before the refactor" value={label} maxLength={200} onChange={(event) => setLabel(event.currentTarget.value)} />
      <label className="side-check">
        <input type="checkbox" checked={keep} onChange={(event) => setKeep(event.currentTarget.checked)} />
        <span>Keep (never cleaned up automatically)</span>
      </label>
      {canManage && (
        <label className="side-check">
          <input type="checkbox" checked={includeProtected} onChange={(event) => setIncludeProtected(event.currentTarget.checked)} />
          <span>Include protected files (.env, .git, keys); only owners can download it</span>
        </label>
      )}
      <Button type="submit" variant="primary" size="sm" loading={create.isPending}>
        Take snapshot
      </Button>
      {create.isPending && progress && <ProgressBar progress={progress} />}
      {error && (
        <p className="side-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function RestoreAsNewDialog({ snapshot, operations, onClose }: { snapshot: Snapshot; operations: Record<string, SnapshotProgress>; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId, workspace } = useIde();
  const [name, setName] = useState(`${workspace.name} (${snapshot.label || "snapshot"})`.slice(0, 100));
  const [operationId, setOperationId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const copy = useMutation(
    trpc.snapshots.restoreAsNew.mutationOptions({
      onSuccess: (result) => {
        setOperationId(null);
        void queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.pathKey() });
        toast({ title: "Workspace created from the snapshot", description: `“${result.workspace.name}” holds the snapshot's files, and you own it. Open it from here or the dashboard.` });
      },
      onError: (e) => {
        setOperationId(null);
        const app = appErrorOf(e);
        setError(app.fieldErrors?.name?.join(" ") ?? app.message);
      },
    }),
  );
  const submit = () => {
    if (!name.trim()) {
      setError("Give the new workspace a name.");
      return;
    }
    const id = newOperationId();
    setOperationId(id);
    setError(null);
    copy.mutate({ workspaceId, snapshotId: snapshot.id, name: name.trim(), operationId: id });
  };
  const progress = operationId ? operations[operationId] : undefined;
  const created = copy.data?.workspace;
  return (
    <Dialog
      open
      onClose={onClose}
      dismissible={!copy.isPending}
      title={created ? "New workspace ready" : `Restore “${snapshot.label || "Untitled"}” into a new workspace`}
      description={created ? undefined : "The snapshot's files become a new workspace that you own. This workspace is not changed."}
      onSubmit={created ? undefined : submit}
      footer={
        created ? (
          <>
            <Button onClick={onClose}>Close</Button>
            <a className="btn btn-primary" href={`/workspaces/${encodeURIComponent(created.id)}`}>
              Open {created.name}
            </a>
          </>
        ) : (
          <>
            <Button onClick={onClose} disabled={copy.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={copy.isPending}>
              Create workspace
            </Button>
          </>
        )
      }
    >
      {created ? (
        <p className="muted">“{created.name}” holds the files of this snapshot. Members, rules and snapshots are not copied: you are its only member.</p>
      ) : (
        <div className="stack" style={{ gap: 12 }}>
          <Field label="Name" error={error}>
            {(control) => <Input {...control} value={name} maxLength={100} disabled={copy.isPending} onChange={(event) => setName(event.currentTarget.value)} data-autofocus />}
          </Field>
          {copy.isPending && (progress ? <ProgressBar progress={progress} /> : <IndeterminateBar label="Copying the files…" />)}
        </div>
      )}
    </Dialog>
  );
}
