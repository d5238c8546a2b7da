// Getting a workspace directory ready for a container: which uid the processes run as, and which
// protected entries to mask. One walk of the tree does both.
//
// Who the processes run as: the owner of the workspace root, so files created in a terminal and
// files created through the API (by the confined helper, which runs as that owner too) agree.
// Managed trees belong to the sandbox uid (ATRIUM_SANDBOX_UID, not a host account); one that does
// not (made by root, or by an older sandbox uid) is handed over once, confined. Registered host
// folders are never chowned: their owner is the admin's choice; if root owns one, the sandbox and
// the file helper run as the sandbox uid and may find files they cannot write.
import { lstat } from "node:fs/promises";
import { confinedFs, sandboxIdentity } from "~/server/storage/confined-fs";
import { adoptTree, needsAdoption } from "~/server/storage/whole-tree";
import { protectedMatch } from "~/server/files/protected-paths";
import type { MaskedPath } from "./driver";

/** Bounds on the walk: a huge tree must not stall session start. */
export const WALK_LIMITS = { entries: 200_000, masks: 256 };

export interface PreparedWorkspace {
  user: { uid: number; gid: number };
  masks: MaskedPath[];
  /** True when the walk stopped at a limit; masks may be incomplete. */
  incomplete: boolean;
}

/**
 * `.git` is on the API's protected list, but it is the repository a terminal's `git` needs (the
 * API's own refusal message says "use git in a terminal"), so it is not masked.
 */
export function shouldMask(relative: string): boolean {
  const match = protectedMatch(relative);
  return match !== null && match.kind !== "git" && match.entry === relative;
}

function isGitDir(relative: string): boolean {
  return protectedMatch(relative)?.kind === "git";
}

export async function prepareWorkspace(root: string, options: { mayChown: boolean }): Promise<PreparedWorkspace> {
  // A managed tree that is not the sandbox uid's (made by root, or by an older sandbox uid) is
  // handed over first, confined (adopt mode: chrooted, by descriptors, only ownership rights).
  if (options.mayChown && (await needsAdoption(root))) await adoptTree(root);
  const rootInfo = await lstat(root);
  const user = rootInfo.uid === 0 || rootInfo.gid === 0 ? sandboxIdentity() : { uid: rootInfo.uid, gid: rootInfo.gid };

  // Listed through the confined helper: a sandbox swapping a folder for a link meanwhile cannot
  // make this walk read (or mask) anything outside the workspace.
  const fs = confinedFs(root);
  const masks: MaskedPath[] = [];
  let seen = 0;
  let incomplete = false;
  const queue: string[] = [""];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await fs.list(dir);
    } catch {
      continue; // vanished or unreadable: nothing to mask there
    }
    for (const entry of entries) {
      if (++seen > WALK_LIMITS.entries) {
        incomplete = true;
        queue.length = 0;
        break;
      }
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      // A symlink is not followed by the mount (Docker would resolve it inside the container);
      // its target is either another workspace entry (masked on its own) or outside the mount.
      if (entry.stat.type === "symlink") continue;
      if (shouldMask(relative) && (entry.stat.type === "file" || entry.stat.type === "directory")) {
        if (masks.length >= WALK_LIMITS.masks) {
          incomplete = true;
          continue;
        }
        masks.push({ relative, kind: entry.stat.type === "directory" ? "directory" : "file" });
        continue;
      }
      // Nothing in .git is masked.
      if (entry.stat.type === "directory" && !isGitDir(relative)) queue.push(relative);
    }
  }
  if (incomplete) console.warn(`[sandbox] ${root}: stopped walking at ${WALK_LIMITS.entries} entries / ${WALK_LIMITS.masks} masks; some protected files may be visible in the sandbox`);
  return { user, masks, incomplete };
}
