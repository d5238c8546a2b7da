// The explorer's data: one `files.list` per open folder (and the root), kept fresh by the
// workspace watcher's `files:changed` (use-live-tree.ts) instead of polling, and what the panel
// derives from them (the visible rows, an entry by path, a folder's names).
"use client";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { type Listing, type TreeEntry, type TreeRow, visibleRows } from "./tree-state";
import { useLiveTree } from "./use-live-tree";

const LIST_LIMIT = 5000;

export interface ExplorerData {
  listingMap: Map<string, Listing>;
  rows: TreeRow[];
  entryOf: (path: string) => TreeEntry | null;
  siblingsOf: (dir: string) => string[];
  /** Lists every open folder again (the Refresh button, after a failed action). */
  refresh: () => Promise<void>;
  /** Quick open's file list is stale too after a create, move or delete. */
  refreshFind: () => Promise<void>;
}

export function useExplorerData(workspaceId: string, expanded: ReadonlySet<string>, socket: AtriumSocket | null): ExplorerData {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const folders = useMemo(() => ["", ...[...expanded].sort()], [expanded]);
  const listings = useQueries({
    queries: folders.map((path) => ({ ...trpc.files.list.queryOptions({ workspaceId, path, limit: LIST_LIMIT }), retry: false })),
  });
  useLiveTree(socket, workspaceId);

  const listingMap = new Map<string, Listing>();
  folders.forEach((path, i) => {
    const q = listings[i]!;
    if (q.data) listingMap.set(path, { status: "ready", entries: q.data.entries, hiddenCount: Math.max(0, q.data.total - q.data.entries.length) });
    else if (q.isError) listingMap.set(path, { status: "error", message: appErrorOf(q.error).message });
  });
  const rows = visibleRows(expanded, (p) => listingMap.get(p));
  const entryOf = (path: string) => rows.find((r): r is Extract<TreeRow, { kind: "entry" }> => r.kind === "entry" && r.entry.path === path)?.entry ?? null;
  const siblingsOf = (dir: string) => {
    const l = listingMap.get(dir);
    return l?.status === "ready" ? l.entries.map((e) => e.name) : [];
  };
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.files.list.pathKey() }), [queryClient, trpc]);
  const refreshFind = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.files.find.pathKey() }), [queryClient, trpc]);
  return { listingMap, rows, entryOf, siblingsOf, refresh, refreshFind };
}
