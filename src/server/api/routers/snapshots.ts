// Snapshot procedures. Thin: each parses its input, calls one service, returns. Long ones (create,
// restore, restoreAsNew) publish `snapshot:progress` under the operationId they return (pass your
// own `operationId` to match events that arrive before the mutation returns).
import { createSnapshot } from "~/server/snapshots/create";
import { restoreSnapshot, restoreSnapshotAsNew, ZRestoreAsNewInput, ZRestoreInput } from "~/server/snapshots/restore";
import { deleteSnapshot, getSnapshot, listSnapshots, ZCreateSnapshotInput, ZSnapshotIdInput } from "~/server/snapshots/snapshots";
import { createTRPCRouter, requireUnpinnedKey, workspaceProcedure } from "../trpc";

export const snapshotsRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "read").query(({ ctx }) => listSnapshots(ctx.workspace.id)),

  get: workspaceProcedure("viewer", "read").input(ZSnapshotIdInput).query(({ ctx, input }) => getSnapshot(ctx.workspace.id, input.snapshotId)),

  /** `includeProtected: true` is for owners (FORBIDDEN otherwise, audited). */
  create: workspaceProcedure("editor", "write").input(ZCreateSnapshotInput).mutation(({ ctx, input }) => createSnapshot(ctx, ctx, input)),

  delete: workspaceProcedure("owner", "write").input(ZSnapshotIdInput).mutation(({ ctx, input }) => deleteSnapshot(ctx, ctx.workspace.id, input.snapshotId)),

  /** Replaces the tree with the snapshot's, after an automatic PRE_RESTORE snapshot; running sessions get fresh containers. */
  restore: workspaceProcedure("owner", "write").input(ZRestoreInput).mutation(({ ctx, input }) => restoreSnapshot(ctx, ctx, input)),

  /**
   * The snapshot's files as a NEW workspace the caller owns. Owners only (admins count as owners):
   * a snapshot holds every file, path rules' blocked ones included, and the new workspace would be
   * the caller's to read without those rules. Not for pinned keys (they create no workspace).
   */
  restoreAsNew: workspaceProcedure("owner", "write").use(requireUnpinnedKey("create workspaces (restore as new)")).input(ZRestoreAsNewInput).mutation(({ ctx, input }) => restoreSnapshotAsNew(ctx, ctx, input)),
});
