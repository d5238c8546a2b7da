// Keeps the explorer's listings following the disk without polling: each `files:changed` from the
// workspace watcher invalidates only the listings of the folders it touched (all of them after an
// overflow, or after a reconnect, when messages may have been missed), and quick open's file list.
"use client";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import type { FilesChanged } from "~/server/realtime/events";
import { useTRPC } from "~/trpc/react";
import { foldersToRefresh } from "./live-tree";

/** The `{ workspaceId, path }` input of a tRPC query key, when it has one. */
function inputOf(key: QueryKey): { workspaceId?: unknown; path?: unknown } | null {
  const second = key[1] as { input?: unknown } | undefined;
  return second && typeof second.input === "object" && second.input !== null ? (second.input) : null;
}

export function useLiveTree(socket: AtriumSocket | null, workspaceId: string): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!socket) return;
    const refresh = (folders: "all" | Set<string>) => {
      void queryClient.invalidateQueries({
        queryKey: trpc.files.list.pathKey(),
        predicate: (query) => {
          const input = inputOf(query.queryKey);
          return input?.workspaceId === workspaceId && (folders === "all" || (typeof input.path === "string" && folders.has(input.path)));
        },
      });
      void queryClient.invalidateQueries({ queryKey: trpc.files.find.pathKey() });
    };
    const onChanged = (message: FilesChanged) => {
      if (message.workspaceId === workspaceId) refresh(foldersToRefresh(message));
    };
    let wasConnected = socket.connected;
    const onConnect = () => {
      // Whatever changed while this tab was offline was not heard: list everything again.
      if (wasConnected) refresh("all");
      wasConnected = true;
    };
    socket.on("files:changed", onChanged);
    socket.on("connect", onConnect);
    return () => {
      socket.off("files:changed", onChanged);
      socket.off("connect", onConnect);
    };
  }, [socket, workspaceId, queryClient, trpc]);
}
