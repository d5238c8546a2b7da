// Deleting a workspace. By default only the registry entry goes (members, rules, sessions, tasks
// and snapshot rows cascade) and the files stay where they are, with the path reported. With
// `deleteFiles`, Atrium also removes the tree it created (or the archive, when archived). A root
// Atrium did NOT create (a registered host directory, or a custom unarchive target) is only
// deleted by an instance admin who also passes `force: true`.
import { rm } from "node:fs/promises";
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import { type Actor, isAdmin, type RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { removeWorkspaceTree } from "~/server/storage/whole-tree";
import { withDiskLock } from "./locks";
import { isManagedRoot } from "./paths";
import { workspaceNotFound } from "./view";
import { snapshotsDir } from "./paths";
import { logger } from "~/server/observability/logger";
import { stopWatching } from "~/server/watch/registry";

export const ZDeleteWorkspaceInput = z.object({
  deleteFiles: z.boolean().default(false),
  /** Required (with admin rights) to delete the files of a host directory Atrium did not create. */
  force: z.boolean().default(false),
});
export type DeleteWorkspaceInput = z.input<typeof ZDeleteWorkspaceInput>;

export interface DeleteResult {
  deleted: true;
  filesKept: boolean;
  /** Where the files are (kept) or were (deleted): the root, or the archive of an archived workspace. */
  path: string;
  archivePath: string | null;
  warning?: string;
}

export async function deleteWorkspace(ctx: RequestContext & { actor: Actor }, workspaceId: string, raw: DeleteWorkspaceInput): Promise<DeleteResult> {
  const input = ZDeleteWorkspaceInput.parse(raw);
  return withDiskLock(workspaceId, "delete", async () => {
    const ws = await db().workspace.findUnique({
      where: { id: workspaceId },
      select: { id: true, slug: true, name: true, rootPath: true, status: true, archivePath: true },
    });
    if (!ws) throw workspaceNotFound();
    const archived = ws.status === "ARCHIVED";
    const hostRoot = !isManagedRoot(ws.id, ws.rootPath);
    const where = archived && ws.archivePath ? ws.archivePath : ws.rootPath;

    if (input.deleteFiles && hostRoot) {
      if (!isAdmin(ctx.actor)) {
        await audit.denied(ctx, { action: "workspaces.delete", reason: "admin_required", permission: "admin", workspaceId: ws.id, target: ws.rootPath });
        throw new AppError("FORBIDDEN", {
          message: `${ws.rootPath} is a host directory Atrium did not create; only an instance administrator can delete its files. Delete the workspace without files instead.`,
          reason: "admin_required",
        });
      }
      if (!input.force) {
        throw new AppError("CONFLICT", {
          message: `${ws.rootPath} is a host directory Atrium did not create. Pass force: true to delete it with its files, or delete the workspace without files.`,
          reason: "force_required",
        });
      }
    }

    await db().workspace.delete({ where: { id: ws.id } });
    await stopWatching(ws.id);

    let warning: string | undefined;
    if (input.deleteFiles) {
      // For an archived workspace the root is already gone (or, for a host directory, empty).
      // Its snapshots go too: their rows went with the workspace row.
      // The live tree goes through its confined helper (a sandbox may have left symlinks and swaps
      // in it); the archive and snapshot folders are Atrium's own, out of any sandbox's reach.
      const targets: [string, () => Promise<void>][] = [[ws.rootPath, () => removeWorkspaceTree(ws.rootPath, { keepTop: false })]];
      for (const own of [ws.archivePath, snapshotsDir(ws.id)]) if (own !== null) targets.push([own, () => rm(own, { recursive: true, force: true })]);
      for (const [target, remove] of targets) {
        try {
          await remove();
        } catch (error) {
          logger("workspaces").error({ err: error }, `deleted ${ws.id} from the registry but could not remove ${target}`);
          warning = `The workspace is deleted, but ${target} could not be removed. Remove it by hand.`;
        }
      }
    }
    await audit.record(ctx, { type: "workspace_deleted", workspaceId: ws.id, slug: ws.slug, name: ws.name, rootPath: ws.rootPath, filesDeleted: input.deleteFiles && !warning });
    return { deleted: true, filesKept: !input.deleteFiles || warning !== undefined, path: where, archivePath: ws.archivePath, ...(warning ? { warning } : {}) };
  });
}
