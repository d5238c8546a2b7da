// Live snapshot state for the Snapshots side view: the progress of every operation running in this
// workspace (`snapshot:progress`, keyed by operationId) and a callback for created/deleted/restored
// broadcasts, all from the IDE's shared socket (already joined to the workspace's room).
"use client";
import { useEffect, useRef, useState } from "react";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import type { SnapshotProgress } from "~/server/realtime/events";

export type SnapshotBroadcast =
  | { type: "created"; snapshotId: string }
  | { type: "deleted"; snapshotId: string }
  | { type: "restored"; snapshotId: string; targetWorkspaceId: string };

/** How far an operation is, 0..1, or null when the server does not know the total yet. */
export function progressRatio(p: Pick<SnapshotProgress, "phase" | "bytes" | "totalBytes" | "files" | "totalFiles">): number | null {
  if (p.phase === "done") return 1;
  if (p.totalBytes && p.totalBytes > 0) return Math.min(1, p.bytes / p.totalBytes);
  if (p.totalFiles && p.totalFiles > 0) return Math.min(1, p.files / p.totalFiles);
  return null;
}

export const PHASE_LABEL: Record<SnapshotProgress["phase"], string> = {
  scanning: "Scanning files",
  receiving: "Receiving the upload",
  packing: "Packing",
  verifying: "Verifying",
  extracting: "Extracting",
  swapping: "Swapping the files in",
  done: "Done",
  failed: "Failed",
};

/** Ends of finished operations linger this long: the bar is seen to reach 100% and its line, saying what was done, can be read. */
const LINGER_MS = 6000;

export function useSnapshotEvents(socket: AtriumSocket | null, workspaceId: string, onBroadcast: (event: SnapshotBroadcast) => void) {
  const [operations, setOperations] = useState<Record<string, SnapshotProgress>>({});
  // The latest callback, without re-subscribing on every render.
  const handler = useRef(onBroadcast);
  useEffect(() => {
    handler.current = onBroadcast;
  });

  useEffect(() => {
    if (!socket) return;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const onProgress = (p: SnapshotProgress) => {
      if (p.workspaceId !== workspaceId) return;
      setOperations((current) => ({ ...current, [p.operationId]: p }));
      if (p.phase === "done" || p.phase === "failed") {
        const timer = setTimeout(() => {
          timers.delete(timer);
          setOperations(({ [p.operationId]: _gone, ...rest }) => rest);
        }, LINGER_MS);
        timers.add(timer);
      }
    };
    const onCreated = (e: { workspaceId: string; snapshotId: string }) => {
      if (e.workspaceId === workspaceId) handler.current({ type: "created", snapshotId: e.snapshotId });
    };
    const onDeleted = (e: { workspaceId: string; snapshotId: string }) => {
      if (e.workspaceId === workspaceId) handler.current({ type: "deleted", snapshotId: e.snapshotId });
    };
    const onRestored = (e: { workspaceId: string; snapshotId: string; targetWorkspaceId: string }) => {
      if (e.workspaceId === workspaceId) handler.current({ type: "restored", snapshotId: e.snapshotId, targetWorkspaceId: e.targetWorkspaceId });
    };
    socket.on("snapshot:progress", onProgress);
    socket.on("snapshot:created", onCreated);
    socket.on("snapshot:deleted", onDeleted);
    socket.on("snapshot:restored", onRestored);
    return () => {
      socket.off("snapshot:progress", onProgress);
      socket.off("snapshot:created", onCreated);
      socket.off("snapshot:deleted", onDeleted);
      socket.off("snapshot:restored", onRestored);
      for (const t of timers) clearTimeout(t);
    };
  }, [socket, workspaceId]);

  return operations;
}

/** A fresh id for an operation this tab starts, so its progress events can be matched before the mutation returns. */
export function newOperationId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `op-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
