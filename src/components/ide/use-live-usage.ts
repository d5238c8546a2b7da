// The quota meter follows the disk: the workspace watcher re-measures usage after files change
// and sends `workspace:usage`; this writes it into the cached workspace the meter reads.
"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import type { WorkspaceUsage } from "~/server/realtime/events";
import { useTRPC } from "~/trpc/react";

export function useLiveUsage(socket: AtriumSocket | null, workspaceId: string): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const key = trpc.workspaces.get.queryKey({ workspaceId });
    const onUsage = (message: WorkspaceUsage) => {
      if (message.workspaceId !== workspaceId) return;
      queryClient.setQueryData(key, (old) => (old ? { ...old, usageBytes: BigInt(message.usageBytes), quotaBytes: BigInt(message.quotaBytes) } : old));
    };
    socket.on("workspace:usage", onUsage);
    return () => {
      socket.off("workspace:usage", onUsage);
    };
  }, [socket, workspaceId, queryClient, trpc]);
}
