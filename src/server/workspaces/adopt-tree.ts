// A new workspace around a tree that is already on disk (restore-as-new, import): the tree is
// extracted into a hidden staging directory beside the workspace roots first, then ONE transaction
// creates the row and renames the staging directory to the root. A failure anywhere leaves neither
// a row nor a directory behind (the caller removes the staging directory).
import { randomBytes } from "node:crypto";
import { mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { env } from "~/env";
import * as audit from "~/server/audit/audit";
import { assertUnpinned } from "~/server/auth/pinned-keys";
import type { Actor, RequestContext } from "~/server/auth/types";
import { releaseConfinedFs } from "~/server/storage/confined-fs";
import { db } from "~/server/db/client";
import { makeSandboxRoot, removeWorkspaceTree } from "~/server/storage/whole-tree";
import type { Metadata } from "./metadata";
import { assertNameFree } from "./names";
import { managedRootFor, workspacesDir } from "./paths";
import { measureUsage } from "./quota";
import { isSlugClash, pickSlug, SLUG_ATTEMPTS } from "./slug";
import { loadWorkspaceView, neverOpened, type WorkspaceView } from "./view";
import { logger } from "~/server/observability/logger";

export interface NewWorkspaceFields {
  name: string;
  description: string;
  metadata: Metadata;
}

/** The quota a new workspace starts with: what an import or restore-as-new must fit in. */
export function newWorkspaceQuota(): bigint {
  return BigInt(env().ATRIUM_DEFAULT_QUOTA_BYTES);
}

/**
 * An empty hidden root on the same file system as the roots, so the final rename is atomic. It is
 * a sandbox-owned 0700 root like any workspace's (confined-tree.ts): the extraction into it runs
 * through its confined helper.
 */
export async function makeStagingDir(kind: "import" | "restore"): Promise<string> {
  await mkdir(workspacesDir(), { recursive: true, mode: 0o700 });
  const dir = path.join(workspacesDir(), `.${kind}-${randomBytes(6).toString("hex")}`);
  await makeSandboxRoot(dir);
  return dir;
}

export async function removeStagingDir(dir: string): Promise<void> {
  await removeWorkspaceTree(dir, { keepTop: false }).catch((e: unknown) => logger("workspaces").error({ err: e }, `could not remove ${dir}`));
}

/** Checks early (before gigabytes are extracted) that the caller may use this name; re-checked in `adoptTree`. */
export async function assertNewNameFree(ownerId: string, name: string): Promise<void> {
  await db().$transaction((tx) => assertNameFree(tx, ownerId, name));
}

/** Turns `staging` into the root of a new workspace owned by the caller. */
export async function adoptTree(ctx: RequestContext & { actor: Actor }, fields: NewWorkspaceFields, staging: string): Promise<WorkspaceView> {
  // Every door that makes a workspace from a tree (import, restore as new) ends here: a pinned key
  // is refused even where its door forgot to ask first.
  await assertUnpinned(ctx, "workspaces.adopt", "create workspaces");
  const ownerId = ctx.actor.user.id;
  const usageBytes = await measureUsage(staging);
  // Its helper holds the folder open: the tree is renamed below and must be reached by its new name.
  await releaseConfinedFs(staging);
  for (let attempt = 0; ; attempt++) {
    const moved: { root?: string } = {};
    let created: { id: string; slug: string; root: string };
    try {
      created = await db().$transaction(async (tx) => {
        await assertNameFree(tx, ownerId, fields.name);
        const slug = await pickSlug(tx, fields.name, { random: attempt > 0 });
        const { id } = await tx.workspace.create({
          data: {
            slug,
            name: fields.name,
            description: fields.description,
            metadata: fields.metadata,
            ownerId,
            rootPath: "",
            quotaBytes: newWorkspaceQuota(),
            memberships: { create: { userId: ownerId, role: "OWNER" } },
            ...neverOpened(),
          },
          select: { id: true },
        });
        const root = managedRootFor(id);
        await rename(staging, root);
        moved.root = root;
        await tx.workspace.update({ where: { id }, data: { rootPath: root, usageBytes } });
        return { id, slug, root };
      });
    } catch (error) {
      // Put the tree back where the caller's clean-up looks for it.
      if (moved.root) {
        const root = moved.root;
        await releaseConfinedFs(root);
        await rename(root, staging).catch(() => removeWorkspaceTree(root, { keepTop: false }));
      }
      if (attempt + 1 < SLUG_ATTEMPTS && isSlugClash(error)) continue;
      throw error;
    }
    await audit.record(ctx, { type: "workspace_created", workspaceId: created.id, slug: created.slug, rootPath: created.root, registered: false });
    return loadWorkspaceView(created.id, ownerId);
  }
}
