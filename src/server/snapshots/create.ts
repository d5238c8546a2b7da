// snapshots.create: editors and up; protected files only for owners who ask. Progress goes to the
// workspace's room as `snapshot:progress` under the returned operationId.
import type { Actor, RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { workspaceRoom } from "~/server/realtime/workspace-bus";
import { withDiskLock } from "~/server/workspaces/locks";
import { workspaceNotFound } from "~/server/workspaces/view";
import { ProgressReporter } from "./progress";
import { assertActive, assertMayIncludeProtected, type CreateSnapshotInput, type SnapshotView, writeSnapshot, ZCreateSnapshotInput } from "./snapshots";

export type CreatedSnapshot = SnapshotView & { operationId: string };

export async function createSnapshot(ctx: RequestContext & { actor: Actor }, access: WorkspaceAccess, raw: CreateSnapshotInput): Promise<CreatedSnapshot> {
  const input = ZCreateSnapshotInput.parse(raw);
  assertActive(access);
  await assertMayIncludeProtected(ctx, access, input.includeProtected);
  const progress = new ProgressReporter([workspaceRoom(access.workspace.id)], access.workspace.id, "create", { operationId: input.operationId });
  return progress.run(() =>
    withDiskLock(access.workspace.id, "snapshot", async () => {
      const ws = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { id: true, rootPath: true, status: true, usageBytes: true } });
      if (!ws) throw workspaceNotFound();
      assertActive({ ...access, workspace: { ...access.workspace, status: ws.status } });
      const snapshot = await writeSnapshot(ctx, ws, { label: input.label, kind: "MANUAL", includeProtected: input.includeProtected, keep: input.keep, progress, totalBytes: ws.usageBytes });
      progress.done(snapshot.id);
      return { ...snapshot, operationId: progress.operationId };
    }),
  );
}
