// Settings edits: rename (the slug stays, so links and archive names do not move), description,
// and metadata either replaced whole (`metadata`) or shallow-merged (`metadataMerge`, where a
// null value removes the key). Archived workspaces can be edited too, so a name clash that blocks
// an unarchive can be resolved by renaming.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { advisoryLock } from "./locks";
import { asMetadata, mergeMetadata, metadataTooLarge, ZMetadata, ZMetadataPatch } from "./metadata";
import { assertNameFree, ZDescription, ZWorkspaceName } from "./names";
import { loadWorkspaceView, workspaceNotFound, type WorkspaceView } from "./view";

export const ZUpdateWorkspaceInput = z
  .object({
    name: ZWorkspaceName.optional(),
    description: ZDescription.optional(),
    metadata: ZMetadata.optional(),
    metadataMerge: ZMetadataPatch.optional(),
  })
  .refine((v) => v.metadata === undefined || v.metadataMerge === undefined, {
    message: "Send either metadata (replace) or metadataMerge (merge), not both.",
    path: ["metadataMerge"],
  });
export type UpdateWorkspaceInput = z.input<typeof ZUpdateWorkspaceInput>;

export async function updateWorkspace(ctx: RequestContext & { actor: Actor }, workspaceId: string, raw: UpdateWorkspaceInput): Promise<WorkspaceView> {
  const input = ZUpdateWorkspaceInput.parse(raw);
  await db().$transaction(async (tx) => {
    // Serialises concurrent merges on this workspace so none of them loses the other's keys.
    await advisoryLock(tx, `atrium:workspace:${workspaceId}`);
    const current = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, ownerId: true, status: true, metadata: true } });
    if (!current) throw workspaceNotFound();

    const data: Prisma.WorkspaceUpdateInput = {};
    if (input.name !== undefined && input.name !== current.name) {
      if (current.status === "ACTIVE" && input.name.toLowerCase() !== current.name.toLowerCase()) {
        await assertNameFree(tx, current.ownerId, input.name, workspaceId);
      }
      data.name = input.name;
    }
    if (input.description !== undefined) data.description = input.description;
    if (input.metadata !== undefined) data.metadata = input.metadata;
    if (input.metadataMerge !== undefined) {
      const merged = mergeMetadata(asMetadata(current.metadata), input.metadataMerge);
      const problem = metadataTooLarge(merged);
      if (problem) throw new AppError("INVALID_INPUT", { message: `${problem} Remove some keys first.`, reason: "metadata_too_large" });
      data.metadata = merged;
    }
    if (Object.keys(data).length > 0) await tx.workspace.update({ where: { id: workspaceId }, data });
  });
  return loadWorkspaceView(workspaceId, ctx.actor.user.id);
}
