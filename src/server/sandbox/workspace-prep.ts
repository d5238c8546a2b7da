// Getting a workspace directory ready for a container: which uid the processes run as, and which
// protected entries to mask. One walk of the tree does both.
//
// Masking fails closed: when the walk cannot cover the whole tree, or finds more protected entries
// than one container can carry as mounts, the session is refused (an AppError the caller audits),
// never started with some secrets visible. 300 decoy `.env.*` files must not unmask the owner's `.env`.
//
// Who the processes run as: the owner of the workspace root, so files created in a terminal and
// files created through the API (by the confined helper, which runs as that owner too) agree.
// Managed trees belong to the sandbox uid (ATRIUM_SANDBOX_UID, 2000000 by default, not a host
// account); one that does not (made by root, or by an older sandbox uid) is handed over once,
// confined (the helper's adopt mode). Registered host folders are never chowned: their owner is
// the admin's choice; if root owns one, the sandbox and the file helper run as the sandbox uid and
// may find files they cannot write.
import { lstat } from "node:fs/promises";
import { AppError } from "~/server/errors";
import { isFsError } from "~/server/files/fs-errors";
import { confinedFs, sandboxIdentity } from "~/server/storage/confined-fs";
import { adoptTree, needsAdoption } from "~/server/storage/whole-tree";
import { protectedMatch } from "~/server/files/protected-paths";
import type { MaskedPath } from "./driver";

export interface MaskLimits {
  /** Entries the walk looks at before it gives up (a huge tree must not stall session start). */
  entries: number;
  /**
   * Protected entries one container can hide, one mount each. Docker 20.10 here created a busybox
   * container with 4,000 bind mounts in 1.5 s (1,000 in 1.0 s); 1,000 leaves room and keeps the
   * create request small. Above it the session is refused, not started half-masked.
   */
  masks: number;
}

/** Defaults for the walk's bounds (ATRIUM_SANDBOX_MAX_MASKS, ATRIUM_SANDBOX_MASK_WALK_ENTRIES). */
export const WALK_LIMITS: MaskLimits = { entries: 1_000_000, masks: 1_000 };

/** The reasons a session is refused because its protected files cannot all be hidden. */
export const MASK_REFUSALS = ["too_many_protected_files", "workspace_too_large_to_mask"] as const;

export interface PreparedWorkspace {
  user: { uid: number; gid: number };
  /** Every protected entry of the tree: a walk that cannot promise that throws instead. */
  masks: MaskedPath[];
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

export interface PrepareOptions {
  mayChown: boolean;
  limits?: MaskLimits;
}

export async function prepareWorkspace(root: string, options: PrepareOptions): Promise<PreparedWorkspace> {
  const limits = options.limits ?? WALK_LIMITS;
  if (options.mayChown && (await needsAdoption(root))) await adoptTree(root);
  const rootInfo = await lstat(root);
  const user = rootInfo.uid === 0 || rootInfo.gid === 0 ? sandboxIdentity() : { uid: rootInfo.uid, gid: rootInfo.gid };
  // Listed through the confined helper: a sandbox swapping a folder for a link meanwhile cannot
  // make this walk read (or mask) anything outside the workspace.
  const fs = confinedFs(root);

  const masks: MaskedPath[] = [];
  let seen = 0;
  let walkStopped = false;
  // Counted past the limit so the refusal can say how many there are.
  let protectedCount = 0;
  const queue: string[] = [""];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await fs.list(dir);
    } catch (error) {
      // Vanished, or swapped for a link meanwhile: nothing under it to mask. Anything else (a
      // folder the helper, which runs as the sandbox's uid, cannot read) fails closed.
      if (isFsError(error, "ENOENT", "ENOTDIR", "ELOOP")) continue;
      throw error;
    }
    for (const entry of entries) {
      if (++seen > limits.entries) {
        walkStopped = true;
        queue.length = 0;
        break;
      }
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      const type = entry.stat.type;
      // A symlink is not followed by the mount (Docker would resolve it inside the container);
      // its target is either another workspace entry (masked on its own) or outside the mount.
      if (type === "symlink") continue;
      if (shouldMask(relative) && (type === "file" || type === "directory")) {
        protectedCount++;
        if (masks.length >= limits.masks) continue;
        masks.push({ relative, kind: type === "directory" ? "directory" : "file" });
        continue;
      }
      // Nothing in .git is masked.
      if (type === "directory" && !isGitDir(relative)) queue.push(relative);
    }
  }
  if (walkStopped) {
    throw new AppError("LIMIT_EXCEEDED", {
      message:
        `This workspace has more than ${limits.entries.toLocaleString("en-US")} files and folders, so Atrium cannot check all of them for protected files ` +
        `(.env files, keys, credentials) to hide from the sandbox, and will not start a session that might show them. ` +
        `Delete what is not needed (build outputs, dependency folders, caches) and start the session again, or ask an administrator to raise ATRIUM_SANDBOX_MASK_WALK_ENTRIES.`,
      reason: "workspace_too_large_to_mask",
      details: { limit: limits.entries },
    });
  }
  if (protectedCount > masks.length) {
    throw new AppError("LIMIT_EXCEEDED", {
      message:
        `This workspace has ${protectedCount.toLocaleString("en-US")} protected files and folders (.env files, keys, credentials), but a sandbox can hide at most ` +
        `${limits.masks.toLocaleString("en-US")}, so the session was not started. Delete the ones that are not needed (for example stray .env.* copies) ` +
        `or move them into one folder (a protected folder such as .ssh counts once), then start the session again.`,
      reason: "too_many_protected_files",
      details: { count: protectedCount, limit: limits.masks },
    });
  }
  return { user, masks };
}
