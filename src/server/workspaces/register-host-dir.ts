// Admins can turn an existing host directory into a workspace. Atrium did not create that tree,
// so it is marked `registered` and is never deleted with its files unless an admin forces it.
import path from "node:path";
import { z } from "zod";
import { env } from "~/env";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import * as audit from "~/server/audit/audit";
import { assertNoRootOverlap, resolveHostDirectory } from "./host-dir";
import { advisoryLock } from "./locks";
import { ZMetadata } from "./metadata";
import { assertNameFree, ZDescription, ZWorkspaceName } from "./names";
import { AppError } from "~/server/errors";
import { isFsError } from "~/server/files/fs-errors";
import { sandboxIdentity } from "~/server/storage/confined-fs";
import { measureUsage } from "./quota";
import { isSlugClash, pickSlug, SLUG_ATTEMPTS } from "./slug";
import { loadWorkspaceView, neverOpened, type WorkspaceView } from "./view";

export const ROOTS_LOCK = "atrium:workspace-roots";

export const ZRegisterHostDirInput = z.object({
  path: z.string().min(1, "Give the absolute path of the directory.").max(4096),
  /** Defaults to the directory's own name. */
  name: ZWorkspaceName.optional(),
  description: ZDescription.default(""),
  metadata: ZMetadata.default({}),
});
export type RegisterHostDirInput = z.input<typeof ZRegisterHostDirInput>;

export async function registerHostDir(ctx: RequestContext & { actor: Actor }, raw: RegisterHostDirInput): Promise<WorkspaceView> {
  const input = ZRegisterHostDirInput.parse(raw);
  const ownerId = ctx.actor.user.id;
  const dir = await resolveHostDirectory(input.path);
  const name = input.name ?? ZWorkspaceName.parse(path.basename(dir.path).slice(0, 100));
  // Measured before the transaction: a large tree can take a while and must not hold the locks.
  // Through the confined helper, as the folder's owner (the sandbox uid for a root-owned folder):
  // a folder that user cannot read cannot be served either, so it is refused here, not later.
  const usage = await measureUsage(dir.path).catch((error: unknown) => {
    if (!isFsError(error, "EACCES", "EPERM")) throw error;
    throw new AppError("INVALID_INPUT", {
      message: `${dir.path} cannot be read by the user Atrium reaches registered folders as (their owner; for a folder owned by root, the sandbox user ${sandboxIdentity().uid}). Give the folder to a regular user or to the sandbox user (chown -R ${sandboxIdentity().uid}:${sandboxIdentity().gid} ${dir.path}), then register it again.`,
      reason: "host_dir_unreadable",
    });
  });
  const created = await insertRegistered(ownerId, { ...input, name }, dir.path, usage);
  await audit.record(ctx, { type: "workspace_created", workspaceId: created.id, slug: created.slug, rootPath: dir.path, registered: true });
  return loadWorkspaceView(created.id, ownerId);
}

async function insertRegistered(
  ownerId: string,
  input: z.output<typeof ZRegisterHostDirInput> & { name: string },
  rootPath: string,
  usage: bigint,
): Promise<{ id: string; slug: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db().$transaction(async (tx) => {
        await advisoryLock(tx, ROOTS_LOCK);
        await assertNoRootOverlap(tx, rootPath);
        await assertNameFree(tx, ownerId, input.name);
        const slug = await pickSlug(tx, input.name, { random: attempt > 0 });
        return tx.workspace.create({
          data: {
            slug,
            name: input.name,
            description: input.description,
            metadata: input.metadata,
            ownerId,
            rootPath,
            registered: true,
            quotaBytes: BigInt(env().ATRIUM_DEFAULT_QUOTA_BYTES),
            usageBytes: usage,
            memberships: { create: { userId: ownerId, role: "OWNER" } },
            ...neverOpened(),
          },
          select: { id: true, slug: true },
        });
      });
    } catch (error) {
      if (attempt + 1 < SLUG_ATTEMPTS && isSlugClash(error)) continue;
      throw error;
    }
  }
}
