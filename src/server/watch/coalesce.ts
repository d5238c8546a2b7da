// Turns what the native watcher reports (absolute paths, create/update/delete, in bursts) into the
// `files:changed` contract: workspace-relative paths, one net change per path per batch, only what
// every member may read. Pure, so the rules are unit-tested without a file system.
import path from "node:path";
import { TEMP_MARKER } from "~/server/files/atomic";
import { classifyRelative, type GuardTarget } from "~/server/files/path-guard";
import type { FileChange, FileChangeKind } from "~/server/realtime/events";

export type RawKind = "create" | "update" | "delete";
export interface RawEvent {
  path: string;
  type: RawKind;
}

const AS_KIND: Record<RawKind, FileChangeKind> = { create: "created", update: "modified", delete: "deleted" };

/**
 * The net effect of `next` after `previous` within one batch, or null when nothing is left to say
 * (made and removed again before anyone heard of it).
 */
export function combine(previous: FileChangeKind | undefined, next: FileChangeKind): FileChangeKind | null {
  if (previous === undefined) return next;
  if (previous === "created") return next === "deleted" ? null : "created";
  if (previous === "deleted") return next === "deleted" ? "deleted" : "modified";
  return next === "deleted" ? "deleted" : "modified";
}

/**
 * Workspace-relative `/`-separated form of `absolute` under `rootReal`, or null for the root
 * itself, anything that is not beneath it, and Atrium's own atomic-write temp files (a save
 * would otherwise show up as three changes).
 */
export function toRelative(rootReal: string, absolute: string): string | null {
  const relative = path.relative(rootReal, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  const posix = relative.split(path.sep).join("/");
  if (posix.split("/").at(-1)!.includes(TEMP_MARKER)) return null;
  return posix;
}

/**
 * Whether a path may be shown to the readers of a workspace. Reading is the one operation every
 * role has, so this is the same answer for a viewer, an agent's read key and the owner: critical
 * files and BLOCK rules hide a path from everyone, which is what makes one room broadcast safe.
 */
export function readable(relative: string, rules: GuardTarget["rules"]): boolean {
  return classifyRelative(relative, rules, "read", "viewer") === null;
}

/** Accumulates one batch: net kind per path, in first-seen order. */
export class Batch {
  private readonly kinds = new Map<string, FileChangeKind>();
  private readonly directories = new Set<string>();

  get size(): number {
    return this.kinds.size;
  }

  add(relative: string, type: RawKind, isDirectory: boolean): void {
    const kind = combine(this.kinds.get(relative), AS_KIND[type]);
    if (kind === null) this.kinds.delete(relative);
    else this.kinds.set(relative, kind);
    if (isDirectory) this.directories.add(relative);
  }

  /** The batch's changes a reader may see. */
  changes(rules: GuardTarget["rules"]): FileChange[] {
    const out: FileChange[] = [];
    for (const [p, kind] of this.kinds) if (readable(p, rules)) out.push({ path: p, kind, isDirectory: this.directories.has(p) });
    return out;
  }
}
