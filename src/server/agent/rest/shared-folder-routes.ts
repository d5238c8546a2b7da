// /api/v1 routes for shared folders: admins define them (`admin` scope), owners attach them to a
// workspace, members list what a workspace has. Each route calls the same tRPC procedure a person's
// request goes through (tiers, scopes and audit are the inner procedure's). Files inside an attached
// folder are read through the ordinary file routes under the path `shared/<name>/…`.
import { z } from "zod";
import { createCaller } from "~/server/api/root";
import { type Context, publicProcedure } from "~/server/api/trpc";
import type { AttachableFolderView, SharedFolderView } from "~/server/shared-folders/service";
import { ZAttachSharedFolderInput, ZDefineSharedFolderInput, ZSharedFolderName, ZUpdateSharedFolderInput } from "~/server/shared-folders/service";
import * as S from "./schemas";

const api = (ctx: Context) => createCaller(ctx);
const TAGS = ["shared folders"];
const ERR = [400, 401, 403, 404, 429];

export const ZSharedFolder = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    hostPath: z.string(),
    allowWrite: z.boolean(),
    attachedTo: z.number().int().describe("Workspaces it is attached to"),
    createdAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "SharedFolder" });

export const ZWorkspaceSharedFolder = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    allowWrite: z.boolean().describe("Whether it may be attached read-write"),
    attached: z.boolean(),
    writable: z.boolean().describe("Attached read-write (sandbox writes in rw sessions only)"),
    mountPath: z.string().describe("Where sandboxes see it, /shared/<name>; the files API shows it read-only under shared/<name>"),
  })
  .meta({ id: "WorkspaceSharedFolder" });

const rest = (f: SharedFolderView): z.infer<typeof ZSharedFolder> => ({ ...f, createdAt: f.createdAt.toISOString() });
const restAttachable = (f: AttachableFolderView): z.infer<typeof ZWorkspaceSharedFolder> => ({ ...f });
const ZFolderId = z.string().min(1).max(64).describe("The shared folder id.");

export const sharedFolderRoutes = {
  listSharedFolders: publicProcedure
    .meta({ openapi: { method: "GET", path: "/shared-folders", tags: TAGS, summary: "List shared folders (admins)", errorResponses: ERR } })
    .input(z.object({}))
    .output(z.object({ items: z.array(ZSharedFolder) }))
    .query(async ({ ctx }) => ({ items: (await api(ctx).sharedFolders.list()).map(rest) })),

  defineSharedFolder: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/shared-folders",
        tags: TAGS,
        summary: "Share a host folder (admins)",
        description: "The path must be an existing directory with no symbolic link on the way, outside Atrium's data directory, system directories and every workspace.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object(S.sealed(ZDefineSharedFolderInput.shape)))
    .output(ZSharedFolder)
    .mutation(async ({ ctx, input }) => rest(await api(ctx).sharedFolders.define(input))),

  updateSharedFolder: publicProcedure
    .meta({ openapi: { method: "PATCH", path: "/shared-folders/{id}", tags: TAGS, summary: "Change a shared folder's description or write permission (admins)", errorResponses: [...ERR, 422] } })
    .input(z.object({ id: ZFolderId, ...S.sealed({ description: ZUpdateSharedFolderInput.shape.description, allowWrite: ZUpdateSharedFolderInput.shape.allowWrite }) }))
    .output(ZSharedFolder)
    .mutation(async ({ ctx, input }) => rest(await api(ctx).sharedFolders.update(input))),

  deleteSharedFolder: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/shared-folders/{id}", tags: TAGS, summary: "Stop sharing a folder (admins); the host folder is left alone", errorResponses: ERR } })
    .input(z.object({ id: ZFolderId }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => api(ctx).sharedFolders.delete(input)),

  listWorkspaceSharedFolders: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/shared-folders", tags: TAGS, summary: "Shared folders and whether this workspace has them attached", errorResponses: ERR } })
    .input(z.object({ id: S.ZId }))
    .output(z.object({ items: z.array(ZWorkspaceSharedFolder) }))
    .query(async ({ ctx, input }) => ({ items: (await api(ctx).sharedFolders.forWorkspace({ workspaceId: input.id })).map(restAttachable) })),

  attachSharedFolder: publicProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/workspaces/{id}/shared-folders/{name}",
        tags: TAGS,
        summary: "Attach a shared folder to a workspace (owners)",
        description: "New sandbox sessions mount it at /shared/{name}; `writable` only where the admin allows it.",
        errorResponses: [...ERR, 422],
      },
    })
    .input(z.object({ id: S.ZId, name: ZSharedFolderName, ...S.sealed({ writable: ZAttachSharedFolderInput.shape.writable }) }))
    .output(ZWorkspaceSharedFolder)
    .mutation(async ({ ctx, input }) => restAttachable(await api(ctx).sharedFolders.attach({ workspaceId: input.id, name: input.name, writable: input.writable }))),

  detachSharedFolder: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/workspaces/{id}/shared-folders/{name}", tags: TAGS, summary: "Detach a shared folder from a workspace (owners)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, name: ZSharedFolderName }))
    .output(z.object({ name: z.string(), detached: z.boolean() }))
    .mutation(({ ctx, input }) => api(ctx).sharedFolders.detach({ workspaceId: input.id, name: input.name })),
};
