// Shared folders: admins define them (host path, name, whether owners may attach read-write);
// workspace members see which are attached; owners attach and detach them.
import {
  attachSharedFolder,
  defineSharedFolder,
  deleteSharedFolder,
  detachSharedFolder,
  listForWorkspace,
  listSharedFolders,
  updateSharedFolder,
  ZAttachSharedFolderInput,
  ZDefineSharedFolderInput,
  ZDetachSharedFolderInput,
  ZSharedFolderIdInput,
  ZUpdateSharedFolderInput,
} from "~/server/shared-folders/service";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "../trpc";

export const sharedFoldersRouter = createTRPCRouter({
  list: adminProcedure.query(() => listSharedFolders()),
  define: adminProcedure.input(ZDefineSharedFolderInput).mutation(({ ctx, input }) => defineSharedFolder(ctx, input)),
  update: adminProcedure.input(ZUpdateSharedFolderInput).mutation(({ ctx, input }) => updateSharedFolder(ctx, input)),
  delete: adminProcedure.input(ZSharedFolderIdInput).mutation(({ ctx, input }) => deleteSharedFolder(ctx, input)),
  /** Every shared folder (without its host path) and whether this workspace has it attached. */
  forWorkspace: workspaceProcedure("viewer", "read").query(({ ctx }) => listForWorkspace(ctx.workspace.id)),
  attach: workspaceProcedure("owner", "write").input(ZAttachSharedFolderInput).mutation(({ ctx, input }) => attachSharedFolder(ctx, ctx, input)),
  detach: workspaceProcedure("owner", "write").input(ZDetachSharedFolderInput).mutation(({ ctx, input }) => detachSharedFolder(ctx, ctx, input)),
});
