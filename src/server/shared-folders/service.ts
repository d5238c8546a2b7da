// Shared folders (the workspace manager's `allowed_paths`): an admin defines host folders
// (datasets, libraries) by name; workspace owners attach them read-only, or read-write where the
// admin allows it. Sandboxes of the workspace mount them at /shared/<name> (read-write only in rw
// sessions of a writable attachment); the files API shows them read-only (files.ts). Nothing else
// on the host is reachable through them: the path is checked when defined and again at each mount.
import { z } from "zod";
import type { RequestContext, Actor } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { validateSharedHostPath } from "./host-path";

type Ctx = RequestContext & { actor: Actor };

export const SHARED_MOUNT_ROOT = "/shared";

export const ZSharedFolderName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "lower-case letters, digits, - and _ (at most 40), starting with a letter or digit")
  .describe("The folder's name: sandboxes see it at /shared/<name>.");

export const ZDefineSharedFolderInput = z.object({
  name: ZSharedFolderName,
  hostPath: z.string().min(1).max(4096).describe("Absolute path of an existing host directory (no symbolic links on the way, outside the data dir and every workspace)."),
  description: z.string().max(500).default(""),
  allowWrite: z.boolean().default(false).describe("Whether owners may attach it read-write (sandbox writes; the files API stays read-only)."),
});
export const ZUpdateSharedFolderInput = z.object({
  id: z.string().min(1).max(64),
  description: z.string().max(500).optional(),
  allowWrite: z.boolean().optional(),
});
export const ZSharedFolderIdInput = z.object({ id: z.string().min(1).max(64) });
export const ZAttachSharedFolderInput = z.object({
  name: ZSharedFolderName,
  writable: z.boolean().default(false).describe("Mount it read-write in rw sessions (only where the admin allows it)."),
});
export const ZDetachSharedFolderInput = z.object({ name: ZSharedFolderName });

export interface SharedFolderView {
  id: string;
  name: string;
  description: string;
  hostPath: string;
  allowWrite: boolean;
  attachedTo: number;
  createdAt: Date;
}

/** What workspace members see: no host path (that is the admin's business). */
export interface AttachableFolderView {
  id: string;
  name: string;
  description: string;
  allowWrite: boolean;
  attached: boolean;
  writable: boolean;
  mountPath: string;
}

function notFound(name: string): AppError {
  return new AppError("NOT_FOUND", { message: `There is no shared folder "${name}". Ask an administrator which folders are shared.`, reason: "shared_folder_not_found" });
}

export async function listSharedFolders(): Promise<SharedFolderView[]> {
  const rows = await db().sharedFolder.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { attachments: true } } } });
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, hostPath: r.hostPath, allowWrite: r.allowWrite, attachedTo: r._count.attachments, createdAt: r.createdAt }));
}

export async function defineSharedFolder(ctx: Ctx, raw: z.input<typeof ZDefineSharedFolderInput>): Promise<SharedFolderView> {
  const input = ZDefineSharedFolderInput.parse(raw);
  const hostPath = await validateSharedHostPath(input.hostPath);
  if (await db().sharedFolder.findUnique({ where: { name: input.name }, select: { id: true } })) {
    throw new AppError("CONFLICT", { message: `A shared folder named "${input.name}" exists already. Pick another name.`, reason: "already_exists" });
  }
  const row = await db().sharedFolder.create({ data: { name: input.name, hostPath, description: input.description, allowWrite: input.allowWrite, createdById: ctx.actor.user.id } });
  await audit.record(ctx, { type: "shared_folder_defined", sharedFolderId: row.id, name: row.name, hostPath, allowWrite: row.allowWrite });
  return { id: row.id, name: row.name, description: row.description, hostPath, allowWrite: row.allowWrite, attachedTo: 0, createdAt: row.createdAt };
}

export async function updateSharedFolder(ctx: Ctx, raw: z.input<typeof ZUpdateSharedFolderInput>): Promise<SharedFolderView> {
  const input = ZUpdateSharedFolderInput.parse(raw);
  const existing = await db().sharedFolder.findUnique({ where: { id: input.id } });
  if (!existing) throw notFound(input.id);
  await db().$transaction(async (tx) => {
    await tx.sharedFolder.update({ where: { id: input.id }, data: { description: input.description, allowWrite: input.allowWrite } });
    // Taking write permission back applies to every attachment (running sessions keep their mounts until they stop).
    if (input.allowWrite === false) await tx.workspaceSharedFolder.updateMany({ where: { sharedFolderId: input.id }, data: { writable: false } });
  });
  await audit.record(ctx, { type: "shared_folder_changed", sharedFolderId: existing.id, name: existing.name, allowWrite: input.allowWrite ?? existing.allowWrite });
  return (await listSharedFolders()).find((f) => f.id === input.id)!;
}

export async function deleteSharedFolder(ctx: Ctx, raw: z.input<typeof ZSharedFolderIdInput>): Promise<{ id: string }> {
  const { id } = ZSharedFolderIdInput.parse(raw);
  const existing = await db().sharedFolder.findUnique({ where: { id } });
  if (!existing) throw notFound(id);
  await db().sharedFolder.delete({ where: { id } });
  await audit.record(ctx, { type: "shared_folder_deleted", sharedFolderId: id, name: existing.name, hostPath: existing.hostPath });
  return { id };
}

/** Every shared folder, with whether this workspace has it attached. */
export async function listForWorkspace(workspaceId: string): Promise<AttachableFolderView[]> {
  const rows = await db().sharedFolder.findMany({ orderBy: { name: "asc" }, include: { attachments: { where: { workspaceId } } } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    allowWrite: r.allowWrite,
    attached: r.attachments.length > 0,
    writable: r.attachments[0]?.writable ?? false,
    mountPath: `${SHARED_MOUNT_ROOT}/${r.name}`,
  }));
}

export async function attachSharedFolder(ctx: Ctx, access: WorkspaceAccess, raw: z.input<typeof ZAttachSharedFolderInput>): Promise<AttachableFolderView> {
  const input = ZAttachSharedFolderInput.parse(raw);
  const folder = await db().sharedFolder.findUnique({ where: { name: input.name } });
  if (!folder) throw notFound(input.name);
  if (input.writable && !folder.allowWrite) {
    await audit.denied(ctx, { action: "sharedFolders.attach", reason: "shared_folder_write_not_allowed", target: folder.name, permission: "write", workspaceId: access.workspace.id });
    throw new AppError("FORBIDDEN", {
      message: `The shared folder "${folder.name}" may only be attached read-only. Attach it without writable, or ask an administrator to allow writing.`,
      reason: "shared_folder_write_not_allowed",
    });
  }
  await db().workspaceSharedFolder.upsert({
    where: { workspaceId_sharedFolderId: { workspaceId: access.workspace.id, sharedFolderId: folder.id } },
    create: { workspaceId: access.workspace.id, sharedFolderId: folder.id, writable: input.writable },
    update: { writable: input.writable },
  });
  await audit.record(ctx, { type: "shared_folder_attached", workspaceId: access.workspace.id, sharedFolderId: folder.id, name: folder.name, writable: input.writable });
  return (await listForWorkspace(access.workspace.id)).find((f) => f.id === folder.id)!;
}

export async function detachSharedFolder(ctx: Ctx, access: WorkspaceAccess, raw: z.input<typeof ZDetachSharedFolderInput>): Promise<{ name: string; detached: boolean }> {
  const input = ZDetachSharedFolderInput.parse(raw);
  const folder = await db().sharedFolder.findUnique({ where: { name: input.name } });
  if (!folder) throw notFound(input.name);
  const removed = await db().workspaceSharedFolder.deleteMany({ where: { workspaceId: access.workspace.id, sharedFolderId: folder.id } });
  if (removed.count > 0) await audit.record(ctx, { type: "shared_folder_detached", workspaceId: access.workspace.id, sharedFolderId: folder.id, name: folder.name });
  return { name: folder.name, detached: removed.count > 0 };
}

/** The attached folder `name` of a workspace (its host path), or NOT_FOUND as if it did not exist. */
export async function attachedFolder(workspaceId: string, name: string): Promise<{ id: string; name: string; hostPath: string; writable: boolean }> {
  const row = await db().workspaceSharedFolder.findFirst({ where: { workspaceId, sharedFolder: { name } }, include: { sharedFolder: true } });
  if (!row) throw notFound(name);
  return { id: row.sharedFolder.id, name: row.sharedFolder.name, hostPath: row.sharedFolder.hostPath, writable: row.writable };
}

export interface SharedMount {
  name: string;
  hostPath: string;
  readOnly: boolean;
}

/**
 * The bind mounts of a new sandbox in `workspaceId`. Each path is checked again (a folder replaced
 * by a symlink since it was defined is refused, not followed). Writable only for a writable
 * attachment in an rw session: a ro session writes nothing, and a cow session's writes must not
 * escape its overlay into a shared folder.
 */
export async function sharedMountsFor(workspaceId: string, access: "rw" | "ro" | "cow"): Promise<SharedMount[]> {
  const rows = await db().workspaceSharedFolder.findMany({ where: { workspaceId }, include: { sharedFolder: true }, orderBy: { createdAt: "asc" } });
  const mounts: SharedMount[] = [];
  for (const row of rows) {
    const hostPath = await validateSharedHostPath(row.sharedFolder.hostPath).catch((error: unknown) => {
      throw new AppError("CONFLICT", {
        message: `The shared folder "${row.sharedFolder.name}" cannot be mounted any more (${error instanceof Error ? error.message : String(error)}). Detach it, or ask an administrator to fix it.`,
        reason: "shared_folder_invalid",
        cause: error,
      });
    });
    mounts.push({ name: row.sharedFolder.name, hostPath, readOnly: !(row.writable && row.sharedFolder.allowWrite && access === "rw") });
  }
  return mounts;
}
