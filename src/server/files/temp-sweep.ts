// Removes what a crashed write left in a workspace: `.atrium-tmp-*` files (atomic writes, uploads)
// and folders (tree copies) that no live process is still filling. Listings already hide them;
// the sweep gives their disk space back and takes them out of the sandboxes' view.
import { lstat, rm } from "node:fs/promises";
import path from "node:path";
import { db } from "~/server/db/client";
import { isTempName } from "./atomic";
import { isFsError } from "./fs-errors";
import { walkTree } from "./walk-tree";

/**
 * How long a temp entry must have been left untouched before it counts as a leftover. A live
 * write touches its temp file with every chunk; a write that has stalled this long has failed.
 */
const TEMP_LEFTOVER_AGE_MS = 60 * 60_000;
/** After start-up, sweeps repeat this often: leftovers only come from crashes, so rarely. */
const SWEEP_EVERY_MS = 6 * 60 * 60_000;

export interface TempSweep {
  /** Paths removed, relative to the root. */
  removed: string[];
  bytes: number;
}

/** Size and newest modification time of a temp entry (a copy's temp folder is filled deep down). */
async function measure(full: string): Promise<{ bytes: number; newest: number }> {
  const stat = await lstat(full);
  let bytes = stat.isFile() ? stat.size : 0;
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for await (const inner of walkTree(full)) {
      const innerStat = await lstat(inner.full);
      if (innerStat.isFile()) bytes += innerStat.size;
      newest = Math.max(newest, innerStat.mtimeMs);
    }
  }
  return { bytes, newest };
}

/** Removes temp entries under `root` untouched for an hour. Symlinks are never followed. */
export async function sweepTempLeftovers(root: string): Promise<TempSweep> {
  const cutoff = Date.now() - TEMP_LEFTOVER_AGE_MS;
  const result: TempSweep = { removed: [], bytes: 0 };
  // Temp folders are judged whole, not entered.
  for await (const { full, entry } of walkTree(root, (dir) => !isTempName(dir.name))) {
    if (!isTempName(entry.name)) continue;
    try {
      const { bytes, newest } = await measure(full);
      if (newest >= cutoff) continue;
      await rm(full, { recursive: true, force: true });
      result.removed.push(path.relative(root, full));
      result.bytes += bytes;
    } catch (error) {
      // Committed (renamed) or discarded by its writer while we looked: not a leftover.
      if (!isFsError(error, "ENOENT", "ENOTDIR")) throw error;
    }
  }
  return result;
}

/** Sweeps every active workspace's tree; one failing workspace does not stop the others. */
export async function sweepAllTempLeftovers(log: (line: string) => void): Promise<TempSweep & { workspaces: number }> {
  const workspaces = await db().workspace.findMany({ where: { status: "ACTIVE" }, select: { slug: true, rootPath: true } });
  const total = { removed: [] as string[], bytes: 0, workspaces: 0 };
  for (const ws of workspaces) {
    try {
      const swept = await sweepTempLeftovers(ws.rootPath);
      if (swept.removed.length === 0) continue;
      total.workspaces += 1;
      total.bytes += swept.bytes;
      total.removed.push(...swept.removed.map((p) => `${ws.slug}/${p}`));
    } catch (error) {
      log(`temp file sweep of workspace ${ws.slug} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (total.removed.length > 0) {
    const files = total.removed.length;
    log(`removed ${files} temp ${files === 1 ? "file" : "files"} left by interrupted writes (${total.bytes} bytes) in ${total.workspaces} ${total.workspaces === 1 ? "workspace" : "workspaces"}`);
  }
  return total;
}

/** Sweeps once shortly after start-up, then every few hours, in the background. */
export function startTempSweeps(log: (line: string) => void = (l) => console.log(`[atrium] ${l}`)): { stop(): void } {
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    sweepAllTempLeftovers(log)
      .catch((error: unknown) => log(`temp file sweep failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = false));
  };
  // Not during start-up itself: the first minute belongs to reconciling sandboxes and serving.
  const first = setTimeout(sweep, 60_000);
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
