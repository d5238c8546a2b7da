// Sandboxes write to the workspace through the bind mount, not through the file service, so what
// `pip install` or a build adds is only seen by measuring the tree. Housekeeping measures every
// workspace with a running sandbox, and each one whose sandbox stopped since the last pass.
import { db } from "~/server/db/client";
import { recomputeUsage } from "~/server/workspaces/quota";

export interface SyncUsageOptions {
  log?: (line: string) => void;
  /** Only these workspaces (tests sharing a database leave each other's alone). */
  workspaceIds?: string[];
}

/** Measures the workspaces whose sandboxes may have written since `since`; returns how many. */
export async function syncSandboxUsage(since: Date, { log, workspaceIds }: SyncUsageOptions = {}): Promise<number> {
  const rows = await db().sandboxSession.findMany({
    where: {
      workspace: { status: "ACTIVE" },
      ...(workspaceIds ? { workspaceId: { in: workspaceIds } } : {}),
      OR: [{ status: { in: ["STARTING", "RUNNING"] } }, { stoppedAt: { gte: since } }],
    },
    select: { workspaceId: true },
    distinct: ["workspaceId"],
  });
  for (const { workspaceId } of rows) {
    // One workspace's tree being unreadable must not keep the others' usage stale.
    await recomputeUsage(workspaceId).catch((error: unknown) => log?.(`usage of workspace ${workspaceId} not measured: ${error instanceof Error ? error.message : String(error)}`));
  }
  return rows.length;
}
