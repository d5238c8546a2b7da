// What a `files:changed` message means for the explorer: which open folders' listings are stale.
// Pure, so the rule is unit-tested; use-live-tree.ts applies it to React Query's cache.
import type { FilesChanged } from "~/server/realtime/events";
import { parentOf } from "./paths";

/** `"all"` when the whole tree must be listed again (the server dropped events), else the folders whose listing changed. */
export function foldersToRefresh(message: FilesChanged): "all" | Set<string> {
  if (message.overflow) return "all";
  const folders = new Set<string>();
  for (const change of message.changes) {
    // A file's change shows in its folder's listing (name, size); a folder's own listing changes
    // only when it is deleted (it is gone) or created (it may arrive with contents).
    folders.add(parentOf(change.path));
    if (change.isDirectory || change.kind === "deleted") folders.add(change.path);
  }
  return folders;
}
