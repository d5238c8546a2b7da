// Creating a workspace: registry row, OWNER membership and the root directory with its starter
// files, all or nothing. The directory is made inside the database transaction, so the row only
// becomes visible once its directory exists, and a failed commit removes the directory again.
import { mkdir } from "node:fs/promises";
import { z } from "zod";
import { env } from "~/env";
import type { WorkspaceScope } from "~/generated/prisma/enums";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import * as audit from "~/server/audit/audit";
import { makeSandboxRoot, removeWorkspaceTree } from "~/server/storage/whole-tree";
import { ZMetadata } from "./metadata";
import { assertNameFree, ZDescription, ZWorkspaceName } from "./names";
import { managedRootFor, workspacesDir } from "./paths";
import { measureUsage } from "./quota";
import { isSlugClash, pickSlug, SLUG_ATTEMPTS } from "./slug";
import { TEMPLATES, writeTemplate } from "./templates";
import { loadWorkspaceView, neverOpened, type WorkspaceView } from "./view";

export const ZCreateWorkspaceInput = z.object({
  name: ZWorkspaceName,
  description: ZDescription.default(""),
  metadata: ZMetadata.default({}),
  template: z.enum(TEMPLATES).default("empty"),
});
export type CreateWorkspaceInput = z.input<typeof ZCreateWorkspaceInput>;

/** Set only by the services that key or dispose of workspaces (resolve-scoped.ts, ephemeral.ts), never from input. */
export interface CreateWorkspaceKeying {
  scope?: WorkspaceScope;
  sessionKey?: string;
  ephemeral?: boolean;
}

export async function createWorkspace(ctx: RequestContext & { actor: Actor }, raw: CreateWorkspaceInput, keying: CreateWorkspaceKeying = {}): Promise<WorkspaceView> {
  const input = ZCreateWorkspaceInput.parse(raw);
  const ownerId = ctx.actor.user.id;
  await mkdir(workspacesDir(), { recursive: true, mode: 0o700 });
  const created = await insertWithRoot(ownerId, input, keying);
  await audit.record(ctx, { type: "workspace_created", workspaceId: created.id, slug: created.slug, rootPath: created.root, registered: false });
  return loadWorkspaceView(created.id, ownerId);
}

async function insertWithRoot(ownerId: string, input: z.output<typeof ZCreateWorkspaceInput>, keying: CreateWorkspaceKeying): Promise<{ id: string; slug: string; root: string }> {
  for (let attempt = 0; ; attempt++) {
    const made: { root?: string } = {};
    try {
      return await db().$transaction(async (tx) => {
        await assertNameFree(tx, ownerId, input.name);
        const slug = await pickSlug(tx, input.name, { random: attempt > 0 });
        const { id } = await tx.workspace.create({
          data: {
            slug,
            name: input.name,
            description: input.description,
            metadata: input.metadata,
            ownerId,
            scope: keying.scope ?? null,
            sessionKey: keying.sessionKey ?? null,
            ephemeral: keying.ephemeral ?? false,
            // The root is named after the id, which only exists once the row does.
            rootPath: "",
            quotaBytes: BigInt(env().ATRIUM_DEFAULT_QUOTA_BYTES),
            memberships: { create: { userId: ownerId, role: "OWNER" } },
            ...neverOpened(),
          },
          select: { id: true },
        });
        const root = managedRootFor(id);
        // Root-made, then handed to the sandbox uid (0700): its contents are only written confined.
        await makeSandboxRoot(root);
        made.root = root;
        await writeTemplate(root, input.template, input.name, slug);
        await tx.workspace.update({ where: { id }, data: { rootPath: root, usageBytes: await measureUsage(root) } });
        return { id, slug, root };
      });
    } catch (error) {
      if (made.root) await removeWorkspaceTree(made.root, { keepTop: false });
      if (attempt + 1 < SLUG_ATTEMPTS && isSlugClash(error)) continue;
      throw error;
    }
  }
}
