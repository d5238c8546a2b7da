// "Keep as snapshot" for a copy-on-write session: packs the session's merged view (the workspace
// with the session's writes on top, as the sandbox sees it) into a snapshot of the workspace, which
// can then be restored like any other. The merged view is the overlay volume's mount point on the
// host while the container runs; it is packed by the confined helper rooted there (never by root
// resolving paths the sandbox wrote), with protected files left out as in every snapshot.
import { z } from "zod";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { type SnapshotView, packSnapshot, recordSnapshot } from "~/server/snapshots/snapshots";
import { releaseConfinedFs } from "~/server/storage/confined-fs";
import { withDiskLock } from "~/server/workspaces/locks";
import { mergedViewPath } from "./access";
import { type ActorContext, ownSessionRow } from "./sessions";

export const ZSnapshotSessionInput = z.object({
  sessionId: z.string().min(1).max(64),
  label: z.string().max(200).optional().describe('What this snapshot is, e.g. "experiment that worked".'),
});
export type SnapshotSessionInput = z.input<typeof ZSnapshotSessionInput>;

export async function snapshotCowSession(ctx: ActorContext, access: WorkspaceAccess, raw: SnapshotSessionInput): Promise<SnapshotView> {
  const input = ZSnapshotSessionInput.parse(raw);
  const row = await ownSessionRow(ctx, access, input.sessionId, "sandbox.sessions.snapshot");
  if (row.access !== "COW") {
    throw new AppError("CONFLICT", {
      message: "Only a copy-on-write (cow) session has writes of its own to keep; an rw session already writes to the workspace. Take a workspace snapshot instead.",
      reason: "access_mode_unsupported",
    });
  }
  if (row.status !== "RUNNING") {
    throw new AppError("CONFLICT", { message: `This session is ${row.status.toLowerCase()}: its copy-on-write layer was discarded when it stopped.`, reason: "session_not_running" });
  }
  const merged = await mergedViewPath(row.id);
  const label = input.label ?? `cow session ${row.id}`;
  return withDiskLock(access.workspace.id, "snapshot", async () => {
    try {
      const packed = await packSnapshot({ id: access.workspace.id, rootPath: merged }, { includeProtected: false });
      return await recordSnapshot(ctx, { id: access.workspace.id }, packed, { label, kind: "MANUAL", includeProtected: false, keep: false });
    } finally {
      // The helper for this root must not outlive the session's volume (it would hold the mount busy).
      await releaseConfinedFs(merged);
      await db().sandboxSession.updateMany({ where: { id: row.id, status: "RUNNING" }, data: { lastActiveAt: new Date() } });
    }
  });
}
