// After a restore swaps a workspace's root directory, a running container's bind mount still
// points at the old (now removed) directory inode, and its masks over protected files were made
// for the old tree. Mounts cannot be changed on a live container, so each running Docker session
// of the workspace gets a NEW container under the SAME session id (same image, preset, limits,
// user): the session row, its id and later execs/terminals carry on; processes that were running
// in the old container (open shells, running commands) end. The local driver resolves paths per
// command, so its sessions see the new tree without this.
import type { SandboxSession } from "~/generated/prisma/client";
import { db } from "~/server/db/client";
import { sharedMountsFor } from "~/server/shared-folders/service";
import { accessFromDb, overlayVolumeName } from "./access";
import type { SandboxHandle } from "./driver";
import { limitsFromJson } from "./presets";
import { driverFor, sandboxSettings } from "./service";
import { handleOf, stopSessionById } from "./sessions";
import { applyNoExec } from "./noexec/apply";
import { prepareWorkspace } from "./workspace-prep";
import { logger } from "~/server/observability/logger";
import type { TerminalEndReason } from "~/server/realtime/events";
import { announceTerminalEnding } from "~/server/realtime/terminal-endings";

export interface RemountResult {
  /** Sessions that now run in a fresh container over the new tree. */
  restarted: string[];
  /** Sessions that could not be restarted (or whose starter lost access) and were stopped. */
  stopped: string[];
}

/** `endReason`: why their open shells end, told to the terminals' sockets (e.g. which snapshot was restored). */
export async function remountWorkspaceSessions(workspaceId: string, endReason?: TerminalEndReason): Promise<RemountResult> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { rootPath: true, registered: true } });
  const rows = await db().sandboxSession.findMany({
    where: { workspaceId, driver: "docker", ephemeral: false, status: { in: ["STARTING", "RUNNING"] }, containerId: { not: null } },
  });
  const result: RemountResult = { restarted: [], stopped: [] };
  if (!ws) return result;
  // Before any container goes, so every shell that ends here exits with the reason.
  if (endReason) announceTerminalEnding({ workspaceId, sessionIds: rows.map((r) => r.id), reason: endReason });
  for (const row of rows) {
    try {
      if (await recreateContainer(row, ws)) result.restarted.push(row.id);
      else result.stopped.push(row.id);
    } catch (error) {
      logger("sandbox").error({ err: error }, `could not restart session ${row.id} after a restore`);
      await stopSessionById(row.id, "restart_after_restore_failed").catch(() => undefined);
      result.stopped.push(row.id);
    }
  }
  return result;
}

/** False when the session's starter no longer has access (the session is stopped instead). */
async function recreateContainer(row: SandboxSession, ws: { rootPath: string; registered: boolean }): Promise<boolean> {
  const member = await db().membership.findUnique({ where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: row.userId } }, select: { role: true } });
  const user = await db().user.findUnique({ where: { id: row.userId }, select: { role: true, disabledAt: true } });
  if (!user || user.disabledAt || (!member && user.role !== "ADMIN")) {
    await stopSessionById(row.id, "access_lost");
    return false;
  }
  const config = sandboxSettings();
  const driver = driverFor("docker");
  const old = handleOf(row);
  if (old) await driver.destroy(old);
  const prepared = await prepareWorkspace(ws.rootPath, { mayChown: !ws.registered, limits: config.maskLimits });
  let handle: SandboxHandle | null = null;
  try {
    handle = await driver.create({
      sessionId: row.id,
      workspaceId: row.workspaceId,
      image: row.image,
      workspaceDir: ws.rootPath,
      readOnly: member?.role === "VIEWER" || row.access === "RO",
      // A cow session keeps its overlay volume (and so its writes); its lower layer is now the restored tree.
      workspaceVolume: row.access === "COW" ? overlayVolumeName(row.id) : null,
      sharedMounts: await sharedMountsFor(row.workspaceId, accessFromDb(row.access)),
      limits: limitsFromJson(row.preset, row.limits, config.presets),
      masks: prepared.masks,
      user: prepared.user,
    });
    // Compare-and-set on the status: a stop that raced this wins, and the new container goes.
    const updated = await db().sandboxSession.updateMany({ where: { id: row.id, status: { in: ["STARTING", "RUNNING"] } }, data: { containerId: handle.id, lastActiveAt: new Date() } });
    if (updated.count === 0) {
      await driver.destroy(handle);
      return false;
    }
    await driver.start(handle);
    await applyNoExec(driver, handle, { id: row.workspaceId, rootPath: ws.rootPath });
    return true;
  } catch (error) {
    if (handle) await driver.destroy(handle).catch(() => undefined);
    throw error;
  }
}
