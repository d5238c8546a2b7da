// Workspace registry procedures. Thin: each parses its input, calls one service, returns.
import { archiveWorkspace } from "~/server/workspaces/archive";
import { createWorkspace, ZCreateWorkspaceInput } from "~/server/workspaces/create-workspace";
import { deleteWorkspace, ZDeleteWorkspaceInput } from "~/server/workspaces/delete-workspace";
import { openWorkspace } from "~/server/workspaces/get-workspace";
import { listWorkspaces, ZListWorkspacesInput } from "~/server/workspaces/list-workspaces";
import { registerHostDir, ZRegisterHostDirInput } from "~/server/workspaces/register-host-dir";
import { unarchiveWorkspace, ZUnarchiveInput } from "~/server/workspaces/unarchive";
import { updateWorkspace, ZUpdateWorkspaceInput } from "~/server/workspaces/update-workspace";
import { workspaceNameProcedures } from "./workspace-names";
import { adminProcedure, authedProcedure, createTRPCRouter, requireUnpinnedKey, workspaceProcedure } from "../trpc";

export const workspacesRouter = createTRPCRouter({
  /** Not for keys pinned to workspaces: they create nothing outside their pins. */
  create: authedProcedure("write").use(requireUnpinnedKey("create workspaces")).input(ZCreateWorkspaceInput).mutation(({ ctx, input }) => createWorkspace(ctx, input)),

  /** Admins turn an existing host directory into a workspace. */
  registerHostDir: adminProcedure.input(ZRegisterHostDirInput).mutation(({ ctx, input }) => registerHostDir(ctx, input)),

  /** `scope: "all"` is for admins; others get FORBIDDEN (audited). A pinned key sees only its workspaces. */
  list: authedProcedure("read").input(ZListWorkspacesInput).query(({ ctx, input }) => listWorkspaces(ctx, input)),

  /** Opening a workspace: also moves it to the top of "recently accessed". */
  get: workspaceProcedure("viewer", "read").query(({ ctx }) => openWorkspace(ctx, ctx.workspace.id)),

  update: workspaceProcedure("owner", "write").input(ZUpdateWorkspaceInput).mutation(({ ctx, input }) => updateWorkspace(ctx, ctx.workspace.id, input)),

  archive: workspaceProcedure("owner", "write").mutation(({ ctx }) => archiveWorkspace(ctx, ctx.workspace.id)),

  /** `targetPath` other than the original root: admins only. */
  unarchive: workspaceProcedure("owner", "write").input(ZUnarchiveInput).mutation(({ ctx, input }) => unarchiveWorkspace(ctx, ctx.workspace.id, input)),

  delete: workspaceProcedure("owner", "write").input(ZDeleteWorkspaceInput).mutation(({ ctx, input }) => deleteWorkspace(ctx, ctx.workspace.id, input)),

  ...workspaceNameProcedures,
});
