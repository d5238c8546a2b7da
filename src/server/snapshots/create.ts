// snapshots.create: editors and up; protected files only for owners who ask.
import type { Actor, RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { withDiskLock } from "~/server/workspaces/locks";
import { workspaceNotFound } from "~/server/workspaces/view";
import { assertActive, assertMayIncludeProtected, type CreateSnapshotInput, type SnapshotView, writeSnapshot, ZCreateSnapshotInput } from "./snapshots";

export async function createSnapshot(ctx: RequestContext & { actor: Actor }, access: WorkspaceAccess, raw: CreateSnapshotInput): Promise<SnapshotView> {
  const input = ZCreateSnapshotInput.parse(raw);
  assertActive(access);
  await assertMayIncludeProtected(ctx, access, input.includeProtected);
  return withDiskLock(access.workspace.id, "snapshot", async () => {
    const ws = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { id: true, rootPath: true, status: true } });
    if (!ws) throw workspaceNotFound();
    assertActive({ ...access, workspace: { ...access.workspace, status: ws.status } });
    return writeSnapshot(ctx, ws, { label: input.label, kind: "MANUAL", includeProtected: input.includeProtected, keep: input.keep });
  });
}
