// Admin → Shared folders, the container: loads the folders and turns the view's callbacks into
// the sharedFolders procedures (the server validates every path and audits every change).
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LoadFailed } from "~/components/ui/empty-state";
import { TableSkeleton } from "~/components/ui/table-skeleton";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { AdminFrame } from "./admin-frame";
import { SharedFoldersView } from "./shared-folders-view";

export function SharedFoldersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const folders = useQuery(trpc.sharedFolders.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.sharedFolders.list.queryKey() });
  const failed = (title: string) => (e: unknown) => toast({ tone: "error", title, description: appErrorOf(e).message });

  const define = useMutation(
    trpc.sharedFolders.define.mutationOptions({
      onSuccess: (f) => {
        setError(null);
        toast({ title: "Folder shared", description: `Owners can now attach “${f.name}”; sandboxes will see it at /shared/${f.name}.` });
        void invalidate();
      },
      onError: (e) => setError(appErrorOf(e).message),
    }),
  );
  const update = useMutation(trpc.sharedFolders.update.mutationOptions({ onSuccess: () => void invalidate(), onError: failed("Could not change the folder") }));
  const remove = useMutation(
    trpc.sharedFolders.delete.mutationOptions({
      onSuccess: () => {
        toast({ title: "No longer shared", description: "New sessions will not mount it; the host folder is untouched.", tone: "info" });
        void invalidate();
      },
      onError: failed("Could not stop sharing the folder"),
    }),
  );

  return (
    <AdminFrame title="Shared folders" description="Host folders (datasets, libraries) that workspace owners may attach: mounted at /shared/<name> in sandboxes, read-only in the file browser.">
      {folders.isPending && <TableSkeleton columns={5} />}
      {folders.isError && <LoadFailed title="Shared folders could not be loaded" message={appErrorOf(folders.error).message} onRetry={() => void folders.refetch()} retrying={folders.isFetching} />}
      {folders.data && (
        <SharedFoldersView
          folders={folders.data}
          defining={define.isPending}
          error={error}
          onDefine={(input) => define.mutate(input)}
          onAllowWrite={(id, allowWrite) => update.mutate({ id, allowWrite })}
          onDelete={(id) => remove.mutate({ id })}
        />
      )}
    </AdminFrame>
  );
}
