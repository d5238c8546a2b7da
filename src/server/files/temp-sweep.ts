// Removes what a crashed write left in a workspace: `.atrium-tmp-*` files (atomic writes, uploads)
// and folders (tree copies) that no live process is still filling. Listings already hide them;
// the sweep gives their disk space back and takes them out of the sandboxes' view.
import { db } from "~/server/db/client";
import { confinedFs } from "~/server/storage/confined-fs";
import { isTempName } from "./atomic";
import { isFsError } from "./fs-errors";
import { walkWorkspaceTree } from "./walk-tree";
import { lineLogger } from "~/server/observability/logger";

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

/** Removes temp entries under `root` untouched for an hour, through the confined helper. */
export async function sweepTempLeftovers(root: string): Promise<TempSweep> {
  const cutoff = Date.now() - TEMP_LEFTOVER_AGE_MS;
  const result: TempSweep = { removed: [], bytes: 0 };
  const entries = await walkWorkspaceTree(root);
  // Temp folders are judged whole (a copy's temp folder is filled deep down), not entered.
  const temps = entries.filter((e) => isTempName(e.name) && !e.rel.split("/").slice(0, -1).some(isTempName));
  for (const temp of temps) {
    const inside = entries.filter((e) => e.rel.startsWith(`${temp.rel}/`));
    const bytes = [temp, ...inside].reduce((sum, e) => sum + (e.stat.type === "file" ? e.stat.size : 0), 0);
    const newest = Math.max(temp.stat.mtimeMs, ...inside.map((e) => e.stat.mtimeMs));
    if (newest >= cutoff) continue;
    try {
      await confinedFs(root).removeTree(temp.rel);
      result.removed.push(temp.rel);
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
export function startTempSweeps(log: (line: string) => void = lineLogger("atrium")): { stop(): void } {
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
