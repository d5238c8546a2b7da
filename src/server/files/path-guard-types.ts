// The shapes the path guard and its callers (file service, grep, snapshots) agree on.
import type { PathRuleEffect } from "~/generated/prisma/enums";
import type { WorkspaceRoleName } from "~/server/auth/types";

export type FileOp = "read" | "write" | "delete" | "execute" | "list";

export type PathDenyReason = "outside_workspace" | "blocked_path" | "critical_file" | "invalid_path" | "read_only" | "permission_denied" | "hard_link";

export interface GuardTarget {
  id: string;
  /** Absolute path of the workspace folder on the host. */
  rootPath: string;
  status: "ACTIVE" | "ARCHIVED";
  rules: { pattern: string; effect: PathRuleEffect }[];
}

/**
 * A path the guard accepted. Only objects returned by `guardPath` can be passed to `openGuarded`
 * and friends (the guard remembers what it checked); do not copy or construct them.
 */
export interface GuardedPath {
  /**
   * The path as asked, normalized: POSIX, relative to the root, no `.`/`..`/empty segments, no
   * trailing slash, and `""` (never `"."`) for the root itself. Use `joinRelative` to build
   * children. When the path goes through a symlink this is still the asked spelling.
   */
  relative: string;
  /** The real absolute path on the host (symlinks resolved), inside the real root. */
  absolute: string;
}

/** What a viewer may not do and an archived workspace refuses (running a file can change the tree). */
export const MUTATING_OPS: ReadonlySet<FileOp> = new Set(["write", "delete", "execute"]);

export type { WorkspaceRoleName };
