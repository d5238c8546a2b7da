// The dashboard's container: holds the filters, loads the workspace list page by page, and
// creates, archives, unarchives and deletes workspaces. The views beside it draw everything.
"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useToast } from "~/components/ui/toast";
import { ArchiveWorkspaceDialog } from "~/components/workspaces/archive-workspace-dialog";
import { CreateWorkspaceDialog, type CreateWorkspaceDialogProps, type CreateWorkspaceValues } from "~/components/workspaces/create-workspace-dialog";
import { DeleteWorkspaceDialog } from "~/components/workspaces/delete-workspace-dialog";
import { parseMetadataFilter, parseMetadataLines } from "~/components/workspaces/format";
import type { Workspace } from "~/components/workspaces/types";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { DashboardView, type WorkspaceFilters, type WorkspacesState } from "./dashboard-view";
import { ImportWorkspaceDialog } from "./import-workspace-dialog";
import "./dashboard.css";
import { useDebouncedValue } from "./use-debounced-value";

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;

type CreateErrors = { message: string | null; fieldErrors: NonNullable<CreateWorkspaceDialogProps["fieldErrors"]> };

export function DashboardContainer({ userName, isAdmin }: { userName: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const router = useRouter();

  const [filters, setFilters] = useState<WorkspaceFilters>({ scope: "member", search: "", metadata: "", showArchived: false });
  const search = useDebouncedValue(filters.search.trim(), SEARCH_DELAY_MS);
  const metadataText = useDebouncedValue(filters.metadata, SEARCH_DELAY_MS);
  const metadataFilter = parseMetadataFilter(metadataText);
  // A half-typed filter is not applied: the list keeps the last valid one and says what is wrong.
  const [appliedMetadata, setAppliedMetadata] = useState<{ key: string; value: string }[]>([]);
  const nextMetadata = metadataFilter.ok ? (metadataFilter.filter ? [metadataFilter.filter] : []) : appliedMetadata;
  if (JSON.stringify(nextMetadata) !== JSON.stringify(appliedMetadata)) setAppliedMetadata(nextMetadata);

  const input = {
    scope: filters.scope,
    q: search || undefined,
    metadata: appliedMetadata,
    includeArchived: filters.showArchived,
    limit: PAGE_SIZE,
  };
  const list = useInfiniteQuery(
    trpc.workspaces.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
    }),
  );
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.pathKey() });

  const [createOpen, setCreateOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [createErrors, setCreateErrors] = useState<CreateErrors>({ message: null, fieldErrors: {} });
  const [archiving, setArchiving] = useState<Workspace | null>(null);
  const [deleting, setDeleting] = useState<Workspace | null>(null);

  // A refusal closes the confirmation (a modal would cover the toast) and refreshes the list,
  // which is usually what was stale (archived meanwhile, deleted in another tab...).
  const failed = (title: string) => (error: unknown) => {
    setArchiving(null);
    setDeleting(null);
    toast({ tone: "error", title, description: appErrorOf(error).message });
    void invalidate();
  };

  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: (ws) => {
        setCreateOpen(false);
        toast({ title: "Workspace created", description: `“${ws.name}” is ready. You are its owner.` });
        void invalidate();
        // Making a workspace is a step towards working in it: open its IDE.
        router.push(`/workspaces/${encodeURIComponent(ws.id)}`);
      },
      onError: (error) => {
        const e = appErrorOf(error);
        const fieldErrors = { name: e.fieldErrors?.name, description: e.fieldErrors?.description, metadata: e.fieldErrors?.metadata, template: e.fieldErrors?.template };
        const onFields = Object.values(fieldErrors).some((v) => v?.length);
        setCreateErrors({ message: onFields ? null : e.message, fieldErrors });
      },
    }),
  );

  const archive = useMutation(
    trpc.workspaces.archive.mutationOptions({
      onSuccess: (_result, { workspaceId }) => {
        const name = archiving?.id === workspaceId ? archiving.name : "The workspace";
        setArchiving(null);
        toast({ title: "Workspace archived", description: `“${name}” is packed into an archive and read-only. Turn on “Show archived” to see it.` });
        void invalidate();
      },
      onError: failed("Could not archive the workspace"),
    }),
  );

  const unarchive = useMutation(
    trpc.workspaces.unarchive.mutationOptions({
      onSuccess: ({ workspace, skipped }) => {
        setArchiving(null);
        toast(
          skipped.length > 0
            ? { tone: "info", title: "Workspace unarchived", description: `“${workspace.name}” is back; ${skipped.length} unsafe entries were not restored.` }
            : { title: "Workspace unarchived", description: `“${workspace.name}” is back and can be edited again.` },
        );
        void invalidate();
      },
      onError: failed("Could not unarchive the workspace"),
    }),
  );

  const remove = useMutation(
    trpc.workspaces.delete.mutationOptions({
      onSuccess: (result, { workspaceId }) => {
        const name = deleting?.id === workspaceId ? deleting.name : "The workspace";
        setDeleting(null);
        if (result.warning) toast({ tone: "error", title: "Workspace deleted, files left behind", description: result.warning });
        else toast({ title: "Workspace deleted", description: result.filesKept ? `“${name}” is gone from Atrium; its files are kept at ${result.path}.` : `“${name}” and its files are deleted.` });
        void invalidate();
      },
      onError: failed("Could not delete the workspace"),
    }),
  );

  const openCreate = () => {
    create.reset();
    setCreateErrors({ message: null, fieldErrors: {} });
    setCreateOpen(true);
  };

  const submitCreate = (values: CreateWorkspaceValues) => {
    const fieldErrors: CreateErrors["fieldErrors"] = {};
    if (!values.name.trim()) fieldErrors.name = "Give the workspace a name.";
    const metadata = parseMetadataLines(values.metadata);
    if (!metadata.ok) fieldErrors.metadata = metadata.error;
    setCreateErrors({ message: null, fieldErrors });
    if (fieldErrors.name || !metadata.ok) return;
    create.mutate({ name: values.name.trim(), template: values.template, description: values.description.trim(), metadata: metadata.metadata });
  };

  const state: WorkspacesState = list.isPending
    ? { status: "loading" }
    : list.isError
      ? { status: "error", message: appErrorOf(list.error).message, onRetry: () => void list.refetch(), retrying: list.isFetching }
      : {
          status: "ready",
          workspaces: list.data.pages.flatMap((page) => page.items),
          hasMore: list.hasNextPage,
          onLoadMore: () => void list.fetchNextPage(),
          loadingMore: list.isFetchingNextPage,
        };

  const pendingArchive = archive.isPending || unarchive.isPending;

  return (
    <>
      <DashboardView
        userName={userName}
        isAdmin={isAdmin}
        state={state}
        filters={filters}
        onFiltersChange={(patch) => setFilters((current) => ({ ...current, ...patch }))}
        metadataError={metadataFilter.ok || filters.metadata !== metadataText ? null : metadataFilter.error}
        onCreate={openCreate}
        onImport={() => setImportOpen(true)}
        onArchive={(ws) => {
          archive.reset();
          setArchiving(ws);
        }}
        onUnarchive={(ws) => {
          unarchive.reset();
          setArchiving(ws);
        }}
        onDelete={(ws) => {
          remove.reset();
          setDeleting(ws);
        }}
      />
      <CreateWorkspaceDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onSubmit={submitCreate}
        pending={create.isPending}
        error={createErrors.message}
        fieldErrors={createErrors.fieldErrors}
      />
      {importOpen && (
        <ImportWorkspaceDialog
        open
        onClose={() => setImportOpen(false)}
        onImported={(ws) => {
          setImportOpen(false);
          toast({ title: "Workspace imported", description: `“${ws.name}” is ready, with you as its owner. Open it from the list.` });
          void invalidate();
        }}
        />
      )}
      <ArchiveWorkspaceDialog
        workspace={archiving}
        onClose={() => setArchiving(null)}
        onConfirm={(ws) => (ws.status === "ARCHIVED" ? unarchive.mutate({ workspaceId: ws.id }) : archive.mutate({ workspaceId: ws.id }))}
        pending={pendingArchive}
      />
      <DeleteWorkspaceDialog
        workspace={deleting}
        onClose={() => setDeleting(null)}
        onConfirm={(ws, { deleteFiles }) => remove.mutate({ workspaceId: ws.id, deleteFiles })}
        pending={remove.isPending}
      />
    </>
  );
}
