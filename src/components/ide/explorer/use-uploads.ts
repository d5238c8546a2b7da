// Runs uploads one batch at a time and keeps each file's progress for the explorer's list.
"use client";
import { useCallback, useReducer, useRef } from "react";
import { joinPath, uploadUrl } from "./paths";
import { sendBatch } from "./upload";
import { planBatches, type PickedFile, shareProgress, uploadReducer } from "./upload-queue";

export function useUploads(workspaceId: string, onBatchDone: (dir: string, paths: string[]) => void, onError: (message: string) => void) {
  const [items, dispatch] = useReducer(uploadReducer, []);
  const nextId = useRef(0);
  // One queue: batches from several drops go out in order, never two requests at once.
  const chain = useRef<Promise<void>>(Promise.resolve());

  const upload = useCallback(
    (dir: string, files: PickedFile<File>[]) => {
      if (files.length === 0) return;
      const withIds = files.map((f) => ({ ...f, id: `u${++nextId.current}` }));
      dispatch({ type: "add", items: withIds.map((f) => ({ id: f.id, path: joinPath(dir, f.relativePath), size: f.size })) });
      for (const batch of planBatches(withIds)) {
        const ids = batch.files.map((f) => f.id);
        chain.current = chain.current.then(async () => {
          dispatch({ type: "started", ids });
          try {
            await sendBatch(uploadUrl(workspaceId, dir), batch, (loaded, total) =>
              dispatch({ type: "progress", ids, loaded: shareProgress(batch.files.map((f) => f.size), loaded, total) }),
            );
            dispatch({ type: "done", ids });
            onBatchDone(dir, batch.files.map((f) => joinPath(dir, f.relativePath)));
          } catch (error) {
            const message = error instanceof Error ? error.message : "The upload failed.";
            dispatch({ type: "failed", ids, error: message });
            onError(message);
          }
        });
      }
    },
    [workspaceId, onBatchDone, onError],
  );

  const clearFinished = useCallback(() => dispatch({ type: "clearFinished" }), []);
  return { items, upload, clearFinished };
}
