// Data and actions of the Snapshots side view: the list (following snapshot:* broadcasts), live
// progress of every operation in the workspace, who took each snapshot, and restore/delete with
// their dialogs' state. The view (snapshots-view.tsx) only renders what this returns.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { refetchAfterEvent } from "~/components/realtime/refetch-after-event";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { newOperationId, useSnapshotEvents } from "./use-snapshot-events";

export type Snapshot = RouterOutputs["snapshots"]["list"][number];

export function useSnapshots() {
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
        const count = `${result.restored.fileCount} ${result.restored.fileCount === 1 ? "file" : "files"}`;
        toast({ title: "Snapshot restored", description: `The files are back to “${label}” (${count}). Your previous files are saved as a “Before restore” snapshot.${sessions}` });
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

  return {
    workspaceId,
    canWrite,
    canManage,
    list: {
      phase: snapshots.isPending ? ("loading" as const) : snapshots.isError ? ("error" as const) : ("ready" as const),
      items: snapshots.data ?? [],
      error: snapshots.isError ? appErrorOf(snapshots.error).message : null,
      retry: () => void snapshots.refetch(),
      retrying: snapshots.isFetching,
    },
    creatorName,
    operations,
    /** This tab's restore's progress (shown in its dialog while it runs), and every other operation, this tab's finished restore included (its last line says what came back). */
    ownRestore: restoreOp ? operations[restoreOp] : undefined,
    othersRunning: Object.values(operations).filter((p) => p.operationId !== restoreOp),
    invalidateList,
    restoring,
    askRestore: (s: Snapshot) => {
      restore.reset();
      setDialogError(null);
      setRestoring(s);
    },
    cancelRestore: () => setRestoring(null),
    startRestore,
    restorePending: restore.isPending,
    copying,
    askCopy: setCopying,
    closeCopy: () => setCopying(null),
    deleting,
    askDelete: (s: Snapshot) => {
      remove.reset();
      setDialogError(null);
      setDeleting(s);
    },
    cancelDelete: () => setDeleting(null),
    confirmDelete: () => deleting && remove.mutate({ workspaceId, snapshotId: deleting.id }),
    deletePending: remove.isPending,
    dialogError,
  };
}
