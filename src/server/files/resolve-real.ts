// Resolves a normalized relative path to its real location, one component at a time, the way the
// kernel would: symlinks anywhere on the path are followed (absolute and relative targets, chains,
// `..` inside targets), dangling links are followed to where they would create a file, and a path
// whose tail does not exist yet resolves to the real path of its nearest existing ancestor plus
// the missing names. We walk by hand instead of calling fs.realpath because realpath fails on the
// first missing component, which would let `dangling-link/new-file` slip through unresolved.
import type { Stats } from "node:fs";
import { lstat, readlink } from "node:fs/promises";
import path from "node:path";

/** Linux gives up after 40 symlinks (MAXSYMLINKS); so do we. */
export const MAX_SYMLINK_HOPS = 40;
/** Bounds the work a path full of long symlink targets can cause. */
export const MAX_RESOLVE_STEPS = 8192;

export type Resolution =
  | {
      kind: "resolved";
      /** Real absolute path (symlink-free for every existing component). */
      absolute: string;
      /** lstat of the final component, or null when it does not exist (yet). */
      stat: Stats | null;
      /** Absolute paths of the symlinks followed, in order; empty for a plain path. */
      symlinks: string[];
    }
  | { kind: "loop" }
  | { kind: "too_complex" }
  | { kind: "error"; code: string };

function errnoOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

export function isInside(rootReal: string, absolute: string): boolean {
  if (absolute === rootReal) return true;
  const prefix = rootReal.endsWith("/") ? rootReal : `${rootReal}/`;
  return absolute.startsWith(prefix);
}

/** Resolves `relative` (no `..`, no empty segments) under `rootReal` (a real, absolute path). */
export async function resolveReal(rootReal: string, relative: string): Promise<Resolution> {
  // A stack of names still to walk, last element next.
  const pending = relative === "" ? [] : relative.split("/").reverse();
  let current = rootReal;
  let stat: Stats | null = null;
  let statIsCurrent = false;
  let hops = 0;
  let steps = 0;
  const symlinks: string[] = [];

  while (pending.length > 0) {
    if (++steps > MAX_RESOLVE_STEPS) return { kind: "too_complex" };
    const name = pending.pop()!;
    if (name === "" || name === ".") continue;
    if (name === "..") {
      // `current` is always a real directory, so its lexical parent is its real parent.
      current = path.dirname(current);
      statIsCurrent = false;
      continue;
    }
    const candidate = current === "/" ? `/${name}` : `${current}/${name}`;
    let st: Stats;
    try {
      st = await lstat(candidate);
    } catch (error) {
      const code = errnoOf(error);
      if (code === "ENOENT" || code === "ENOTDIR") {
        // Nothing exists from here on: the rest is just names (plus `..` from a link target,
        // resolved lexically, which can only make the answer more conservative).
        return { kind: "resolved", absolute: path.join(candidate, ...pending.reverse()), stat: null, symlinks };
      }
      return { kind: "error", code: code ?? "UNKNOWN" };
    }
    if (st.isSymbolicLink()) {
      if (++hops > MAX_SYMLINK_HOPS) return { kind: "loop" };
      let target: string;
      try {
        target = await readlink(candidate);
      } catch {
        // The link vanished or changed between lstat and readlink (a concurrent swap): look again.
        hops--;
        pending.push(name);
        continue;
      }
      symlinks.push(candidate);
      if (target.startsWith("/")) current = "/";
      pending.push(...target.split("/").reverse());
      statIsCurrent = false;
      continue;
    }
    const more = pending.some((p) => p !== "" && p !== ".");
    if (more && !st.isDirectory()) {
      // `file.txt/x`: cannot exist; report where it would be so the caller's open fails cleanly.
      return { kind: "resolved", absolute: path.join(candidate, ...pending.reverse()), stat: null, symlinks };
    }
    current = candidate;
    stat = st;
    statIsCurrent = true;
  }
  if (!statIsCurrent) {
    try {
      stat = await lstat(current);
    } catch (error) {
      return { kind: "error", code: errnoOf(error) ?? "UNKNOWN" };
    }
  }
  return { kind: "resolved", absolute: current, stat, symlinks };
}
