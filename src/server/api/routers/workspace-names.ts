// Addressing workspaces without ids: by the caller's own name, or by (scope, key). Spread into the
// workspaces router (workspaces.byName / ensureNamed / resolve). Access to what is found is decided
// by resolveWorkspaceAccess, as for an id.
import { z } from "zod";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { ensureNamedWorkspace, findWorkspaceByName, noWorkspaceNamed, ZWorkspaceRefName } from "~/server/workspaces/by-name";
import { resolveScopedWorkspace, ZResolveWorkspaceInput } from "~/server/workspaces/resolve-scoped";
import { loadWorkspaceView } from "~/server/workspaces/view";
import { authedProcedure } from "../trpc";

const ZByName = z.object({ name: ZWorkspaceRefName });

export const workspaceNameProcedures = {
  /** Yours first, else one shared with you under that name (the oldest). */
  byName: authedProcedure("read")
    .input(ZByName)
    .query(async ({ ctx, input, path }) => {
      const id = await findWorkspaceByName(ctx.actor, input.name);
      if (!id) throw noWorkspaceNamed(input.name);
      await resolveWorkspaceAccess(ctx, id, "viewer", "read", path, input.name);
      return loadWorkspaceView(id, ctx.actor.user.id);
    }),

  /** Yours, created on first use (`write` scope; not for keys pinned to workspaces when it must be created). */
  ensureNamed: authedProcedure("write")
    .input(ZByName)
    .mutation(async ({ ctx, input, path }) => {
      const { id, created } = await ensureNamedWorkspace(ctx, input.name, path);
      return { workspace: await loadWorkspaceView(id, ctx.actor.user.id), created };
    }),

  /** `{scope, key}` → the same workspace every time; `create: true` makes it on first use. */
  resolve: authedProcedure("read")
    .input(ZResolveWorkspaceInput)
    .mutation(({ ctx, input }) => resolveScopedWorkspace(ctx, input)),
};
