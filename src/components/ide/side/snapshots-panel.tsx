// Snapshots, the IDE's side view: take one (editors), list them with who took them and how big
// they are; owners download, copy to a new workspace, restore (a PRE_RESTORE snapshot is taken
// first, progress streams in over the socket) and delete. The list follows snapshot:* broadcasts, so every tab stays current.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { refetchAfterEvent } from "~/components/realtime/refetch-after-event";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Dialog } from "~/components/ui/dialog";
import { LoadFailed } from "~/components/ui/empty-state";
import { Field, Input } from "~/components/ui/field";
import { Skeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/ui/time";
import { useToast } from "~/components/ui/toast";
import { formatBytes } from "~/lib/format";
import type { SnapshotProgress } from "~/server/realtime/events";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { newOperationId, PHASE_LABEL, progressRatio, useSnapshotEvents } from "./use-snapshot-events";
import "./side-panels.css";

type Snapshot = RouterOutputs["snapshots"]["list"][number];

const KIND_INFO: Record<Snapshot["kind"], { label: string; tone: "neutral" | "accent" | "warning" }> = {
  MANUAL: { label: "Manual", tone: "accent" },
  AUTO: { label: "Automatic", tone: "neutral" },
  PRE_RESTORE: { label: "Before restore", tone: "warning" },
  ARCHIVE: { label: "Archive", tone: "neutral" },
};

export function SnapshotsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId, canWrite, canManage, socket, currentUser } = useIde();
  const snapshots = useQuery(trpc.snapshots.list.queryOptions({ workspaceId }));
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }));
  const [restoring, setRestoring] = useState<Snapshot | null>(null);
  const [copying, setCopying] = useState<Snapshot | null>(null);
  const [deleting, setDeleting] = useState<Snapshot | null>(null);
  const [restoreOp, setRestoreOp] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);

  const invalidateList = () => refetchAfterEvent(queryClient, trpc.snapshots.list.queryKey({ workspaceId }));
  // After a restore every file may differ: the explorer, open editors and searches reload.
  const invalidateFiles = () => refetchAfterEvent(queryClient, trpc.files.pathKey(), trpc.workspaces.get.queryKey({ workspaceId }));

  const operations = useSnapshotEvents(socket, workspaceId, (event) => {
    void invalidateList();
    if (event.type === "restored" && event.targetWorkspaceId === workspaceId && restoreOp === null) {
      // Someone else restored this workspace: say so, since open files just changed under us.
      void invalidateFiles();
      toast({ tone: "info", title: "Workspace restored", description: "Another owner restored a snapshot; the files you see were reloaded." });
    }
  });

  const creatorName = (id: string | null): string => {
    if (!id) return "Atrium";
    if (id === currentUser.id) return "you";
    return members.data?.find((m) => m.userId === id)?.name ?? "a former member";
  };

  const restore = useMutation(
    trpc.snapshots.restore.mutationOptions({
      onSuccess: (result) => {
        const label = restoring?.label || "the snapshot";
        setRestoring(null);
        setRestoreOp(null);
        void invalidateList();
        void invalidateFiles();
        const sessions = result.sessionsRestarted.length > 0 ? ` ${result.sessionsRestarted.length} running sandbox session(s) restarted on the restored files; open shells ended.` : "";
        toast({ title: "Snapshot restored", description: `The files are back to “${label}”. Your previous files are saved as a “Before restore” snapshot.${sessions}` });
      },
      onError: (error) => {
        setRestoreOp(null);
        setDialogError(appErrorOf(error).message);
      },
    }),
  );

  const remove = useMutation(
    trpc.snapshots.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void invalidateList();
        toast({ title: "Snapshot deleted", description: "Its archive is removed from the server." });
      },
      onError: (error) => setDialogError(appErrorOf(error).message),
    }),
  );

  const startRestore = (snapshot: Snapshot) => {
    const operationId = newOperationId();
    setRestoreOp(operationId);
    setDialogError(null);
    // A variable, not a literal: `operationId` is optional in the contract and ignored by older servers.
    const input = { workspaceId, snapshotId: snapshot.id, operationId };
    restore.mutate(input);
  };

  const ownOp = restoreOp ? operations[restoreOp] : undefined;
  const othersRunning = Object.values(operations).filter((p) => p.operationId !== restoreOp);

  return (
    <div className="side-panel" data-testid="snapshots-panel">
      {canWrite ? (
        <CreateSnapshotForm onCreated={() => void invalidateList()} operations={operations} />
      ) : (
        <p className="side-note">Editors and owners take snapshots; owners restore, copy and download them.</p>
      )}
      {!canManage && (
        // Why the buttons are missing: a snapshot holds every file, the ones path rules hide included.
        <p className="side-note" data-testid="snapshots-owner-only">
          Only owners can download a snapshot or copy it to a new workspace: a snapshot holds every file, including ones this workspace's path rules keep from you.
        </p>
      )}
      {othersRunning.map((p) => (
        <ProgressBar key={p.operationId} progress={p} />
      ))}
      <section className="side-section" aria-labelledby="snapshots-heading">
        <div className="side-section-header">
          <h3 className="side-section-title" id="snapshots-heading">
            Snapshots {snapshots.data && <span className="side-count">{snapshots.data.length}</span>}
          </h3>
        </div>
        {snapshots.isPending && (
          <div className="side-skeleton" role="status" aria-label="Loading snapshots">
            {[0, 1, 2].map((i) => (
              <div key={i} className="stack" style={{ gap: 5 }}>
                <Skeleton width="55%" />
                <Skeleton width="85%" height={9} />
              </div>
            ))}
          </div>
        )}
        {snapshots.isError && (
          <LoadFailed headingLevel={3} title="Snapshots could not be loaded" message={appErrorOf(snapshots.error).message} onRetry={() => void snapshots.refetch()} retrying={snapshots.isFetching} />
        )}
        {snapshots.data && snapshots.data.length === 0 && (
          <p className="side-empty">
            No snapshots yet. {canWrite ? "Take one before a risky change: restoring it brings every file back as it was." : "An editor or owner can take one."}
          </p>
        )}
        {snapshots.data && snapshots.data.length > 0 && (
          <ul className="side-list" aria-label="Snapshots">
            {snapshots.data.map((s) => (
              <li key={s.id} className="side-item snapshot-item" data-testid="snapshot-row" data-label={s.label}>
                <span className="side-item-main">
                  <span className="side-item-title">{s.label || <span className="side-muted">Untitled</span>}</span>
                  <span className="badge-list snapshot-badges">
                    <Badge tone={KIND_INFO[s.kind].tone}>{KIND_INFO[s.kind].label}</Badge>
                    {s.keep && <Badge title="Exempt from automatic clean-up">Kept</Badge>}
                    {s.includesProtected && (
                      <Badge tone="warning" title="Includes .env, .git and keys">
                        Protected files
                      </Badge>
                    )}
                  </span>
                  <span className="side-item-sub">
                    {formatBytes(s.sizeBytes)} · {s.fileCount} {s.fileCount === 1 ? "file" : "files"} · <RelativeTime date={s.createdAt} /> by {creatorName(s.createdById)}
                  </span>
                </span>
                <span className="snapshot-actions">
                  {canManage && (
                    <Button
                      size="sm"
                      aria-label={`Restore ${s.label || "snapshot"}`}
                      onClick={() => {
                        restore.reset();
                        setDialogError(null);
                        setRestoring(s);
                      }}
                    >
                      Restore
                    </Button>
                  )}
                  {canManage && (
                    <Button size="sm" variant="ghost" aria-label={`Copy ${s.label || "snapshot"} to a new workspace`} title="Restore into a new workspace you own" onClick={() => setCopying(s)}>
                      New workspace
                    </Button>
                  )}
                  {canManage && (
                    <a
                      className="btn btn-ghost btn-sm"
                      href={`/api/workspaces/${encodeURIComponent(workspaceId)}/snapshots/${encodeURIComponent(s.id)}/download`}
                      aria-label={`Download ${s.label || "snapshot"}`}
                      download
                    >
                      Download
                    </a>
                  )}
                  {canManage && (
                    <Button
                      variant="danger-ghost"
                      size="sm"
                      aria-label={`Delete ${s.label || "snapshot"}`}
                      onClick={() => {
                        remove.reset();
                        setDialogError(null);
                        setDeleting(s);
                      }}
                    >
                      Delete
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={restoring !== null}
        onClose={() => setRestoring(null)}
        pending={restore.isPending}
        title={restoring ? `Restore “${restoring.label || "Untitled"}”?` : "Restore snapshot?"}
        description={
          <>
            Every file goes back to how it was in this snapshot; files made since are removed. First Atrium takes a <strong>Before restore</strong> snapshot of the
            current files, so you can undo this by restoring that one. Protected files (.env, .git…) that the snapshot does not include are kept.
          </>
        }
        confirmLabel="Restore files"
        onConfirm={() => restoring && startRestore(restoring)}
        error={dialogError && `${dialogError} The files were left as they were.`}
        errorTitle="Not restored"
      >
        {restore.isPending && (ownOp ? <ProgressBar progress={ownOp} /> : <IndeterminateBar label="Starting the restore…" />)}
      </ConfirmDialog>

      {copying && <RestoreAsNewDialog snapshot={copying} operations={operations} onClose={() => setCopying(null)} />}

      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        pending={remove.isPending}
        title={deleting ? `Delete “${deleting.label || "Untitled"}”?` : "Delete snapshot?"}
        description="The snapshot's archive is removed from the server; it cannot be restored or downloaded afterwards. The workspace's files are not touched."
        confirmLabel="Delete snapshot"
        onConfirm={() => deleting && remove.mutate({ workspaceId, snapshotId: deleting.id })}
        error={dialogError}
      />
    </div>
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

const OPERATION_LABEL: Record<SnapshotProgress["operation"], string> = {
  create: "Taking a snapshot",
  restore: "Restoring",
  export: "Exporting",
  import: "Importing",
};

export function ProgressBar({ progress }: { progress: SnapshotProgress }) {
  const ratio = progressRatio(progress);
  const detail =
    progress.totalFiles !== null
      ? `${progress.files} of ${progress.totalFiles} files`
      : progress.totalBytes !== null
        ? `${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}`
        : `${progress.files} files`;
  return (
    <div className="snapshot-progress" data-testid="snapshot-progress" data-phase={progress.phase} data-operation={progress.operation}>
      <div className="snapshot-progress-text">
        <span>
          {OPERATION_LABEL[progress.operation]}: {PHASE_LABEL[progress.phase]}
        </span>
        <span className="side-muted">{detail}</span>
      </div>
      <div
        className="snapshot-progress-track"
        role="progressbar"
        aria-label={OPERATION_LABEL[progress.operation]}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={ratio === null ? undefined : Math.round(ratio * 100)}
        data-indeterminate={ratio === null || undefined}
        data-failed={progress.phase === "failed" || undefined}
      >
        <span className="snapshot-progress-fill" style={{ width: ratio === null ? undefined : `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}

function IndeterminateBar({ label }: { label: string }) {
  return (
    <div className="snapshot-progress">
      <div className="snapshot-progress-text">
        <span>{label}</span>
      </div>
      <div className="snapshot-progress-track" role="progressbar" aria-label={label} data-indeterminate>
        <span className="snapshot-progress-fill" />
      </div>
    </div>
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
