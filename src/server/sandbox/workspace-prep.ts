// Getting a workspace directory ready for a container: which uid the processes run as, and which
// protected entries to mask. One walk of the tree does both.
//
// Who the processes run as: the owner of the workspace root, so files created in a terminal and
// files created through the API have the same owner. A root owned by root (Atrium running as root
// creates managed roots that way) would mean running the sandbox as root, so such a managed root is
// handed to the images' `atrium` user (1000:1000) once, recursively, without following symlinks.
// Registered host folders are never chowned: their owner is the admin's choice; if root owns one,
// the sandbox still runs as 1000 and may find files it cannot write.
import { lchown, lstat, readdir } from "node:fs/promises";
import path from "node:path";
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

export async function prepareWorkspace(root: string, options: { mayChown: boolean; fallbackUser: { uid: number; gid: number } }): Promise<PreparedWorkspace> {
  const rootInfo = await lstat(root);
  const chownTo = rootInfo.uid === 0 && options.mayChown ? options.fallbackUser : null;
  const user = rootInfo.uid === 0 ? options.fallbackUser : { uid: rootInfo.uid, gid: rootInfo.gid };
  if (chownTo) await lchown(root, chownTo.uid, chownTo.gid);

  const masks: MaskedPath[] = [];
  let seen = 0;
  let incomplete = false;
  const queue: string[] = [""];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
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
      const absolute = path.join(root, relative);
      if (chownTo) {
        const info = await lstat(absolute).catch(() => null);
        if (info && info.uid === 0) await lchown(absolute, chownTo.uid, chownTo.gid).catch(() => undefined);
      }
      // A symlink is not followed by the mount (Docker would resolve it inside the container);
      // its target is either another workspace entry (masked on its own) or outside the mount.
      if (entry.isSymbolicLink()) continue;
      if (shouldMask(relative) && (entry.isFile() || entry.isDirectory())) {
        if (masks.length >= WALK_LIMITS.masks) {
          incomplete = true;
          continue;
        }
        masks.push({ relative, kind: entry.isDirectory() ? "directory" : "file" });
        continue;
      }
      // .git is walked only when it has to be chowned: nothing in it is masked.
      if (entry.isDirectory() && (chownTo || !isGitDir(relative))) queue.push(relative);
    }
  }
  if (incomplete) console.warn(`[sandbox] ${root}: stopped walking at ${WALK_LIMITS.entries} entries / ${WALK_LIMITS.masks} masks; some protected files may be visible in the sandbox`);
  return { user, masks, incomplete };
}
