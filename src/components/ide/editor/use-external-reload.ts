// Files changing under open tabs that are not co-edited (binary views, files saved by hand):
// `files:changed` from the workspace watcher and `snapshot:restored` reload them. Tabs with unsaved
// edits keep them (the conflict dialog catches them on save). Co-edited tabs follow the server's
// document instead, which merges the change itself.
"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { refetchAfterEvent } from "~/components/realtime/refetch-after-event";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import { useTRPC, useTRPCClient } from "~/trpc/react";
import type { FilesChanged } from "~/server/realtime/events";
import type { DocumentStore } from "./document-store";

export function useExternalReload(socket: AtriumSocket | null, workspaceId: string, store: DocumentStore, openPaths: readonly string[]) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const paths = useRef<readonly string[]>([]);
  useEffect(() => {
    paths.current = openPaths;
  });

  useEffect(() => {
    if (!socket) return;
    const reload = (path: string) => {
      // A tab without a model (binary, too large, failed): load it again.
      if (!store.has(path)) {
        void queryClient.invalidateQueries({ queryKey: trpc.files.read.queryKey({ workspaceId, path }) });
        return;
      }
      if (store.isShared(path) || store.isDirty(path)) return;
      client.files.read.query({ workspaceId, path }).then(
        (fresh) => {
          if (fresh.encoding === "utf8" && !store.isDirty(path) && !store.isShared(path)) store.replaceWithServer(path, fresh.content, fresh.version);
        },
        // Gone: the tab stays with its text; saving would recreate the file.
        () => undefined,
      );
    };
    const onRestored = (payload: { workspaceId: string; targetWorkspaceId: string }) => {
      if (payload.targetWorkspaceId !== workspaceId) return;
      void refetchAfterEvent(queryClient, trpc.files.stat.queryKey());
      for (const path of paths.current) reload(path);
    };
    const onChanged = (payload: FilesChanged) => {
      if (payload.workspaceId !== workspaceId) return;
      for (const path of paths.current) {
        if (payload.overflow || payload.changes.some((c) => c.path === path)) reload(path);
      }
    };
    socket.on("snapshot:restored", onRestored);
    socket.on("files:changed", onChanged);
    return () => {
      socket.off("snapshot:restored", onRestored);
      socket.off("files:changed", onChanged);
    };
  }, [socket, client, queryClient, store, trpc, workspaceId]);
}
