// Shared folders in the Members side view: which admin-shared folders this workspace has attached
// (sandboxes see them at /shared/<name>, the explorer read-only under shared/<name>); owners attach
// and detach them, read-write only where the admin allows it.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { LoadFailed } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";

export function SharedFoldersSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId, canManage } = useIde();
  const folders = useQuery(trpc.sharedFolders.forWorkspace.queryOptions({ workspaceId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.sharedFolders.forWorkspace.queryKey({ workspaceId }) });
  const onError = (title: string) => (e: unknown) => toast({ tone: "error", title, description: appErrorOf(e).message });
  const attach = useMutation(
    trpc.sharedFolders.attach.mutationOptions({
      onSuccess: (f) => {
        toast({ title: "Folder attached", description: `New sessions see it at ${f.mountPath}${f.writable ? " (read-write)" : " (read-only)"}.` });
        void invalidate();
      },
      onError: onError("Could not attach the folder"),
    }),
  );
  const detach = useMutation(
    trpc.sharedFolders.detach.mutationOptions({
      onSuccess: () => {
        toast({ title: "Folder detached", description: "New sessions no longer mount it.", tone: "info" });
        void invalidate();
      },
      onError: onError("Could not detach the folder"),
    }),
  );
  const visible = (folders.data ?? []).filter((f) => canManage || f.attached);

  return (
    <section className="side-section" aria-labelledby="shared-heading">
      <div className="side-section-header">
        <h3 className="side-section-title" id="shared-heading">
          Shared folders {folders.data && <span className="side-count">{folders.data.filter((f) => f.attached).length}</span>}
        </h3>
      </div>
      <p className="side-hint">
        Folders an administrator shares. Attached ones appear at <code>/shared/&lt;name&gt;</code> in new sessions and read-only under <code>shared/</code> in the files.
      </p>
      {folders.isPending && (
        <div className="side-skeleton" role="status" aria-label="Loading shared folders">
          <Skeleton width="60%" />
        </div>
      )}
      {folders.isError && <LoadFailed headingLevel={3} title="Shared folders could not be loaded" message={appErrorOf(folders.error).message} onRetry={() => void folders.refetch()} retrying={folders.isFetching} />}
      {folders.data && visible.length === 0 && <p className="side-empty">{canManage ? "No folders are shared on this instance yet." : "None attached."}</p>}
      {visible.length > 0 && (
        <ul className="side-list" aria-label="Shared folders">
          {visible.map((f) => (
            <li key={f.id} className="side-item" data-testid="shared-folder-item">
              <span className="side-item-main">
                <code className="side-item-title">{f.mountPath}</code>
                {f.description && <span className="side-item-sub">{f.description}</span>}
              </span>
              {f.attached && <Badge tone={f.writable ? "warning" : "neutral"}>{f.writable ? "Read-write" : "Read-only"}</Badge>}
              {canManage && !f.attached && (
                <>
                  <Button size="sm" variant="ghost" disabled={attach.isPending} onClick={() => attach.mutate({ workspaceId, name: f.name })} aria-label={`Attach ${f.name} read-only`}>
                    Attach
                  </Button>
                  {f.allowWrite && (
                    <Button size="sm" variant="ghost" disabled={attach.isPending} onClick={() => attach.mutate({ workspaceId, name: f.name, writable: true })} aria-label={`Attach ${f.name} read-write`}>
                      Read-write
                    </Button>
                  )}
                </>
              )}
              {canManage && f.attached && (
                <Button size="sm" variant="ghost" disabled={detach.isPending} onClick={() => detach.mutate({ workspaceId, name: f.name })} aria-label={`Detach ${f.name}`}>
                  Detach
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
