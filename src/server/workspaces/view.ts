// The one shape a workspace takes outside the server: list rows and `get` share it.
import type { Prisma } from "~/generated/prisma/client";
import type { WorkspaceRole, WorkspaceStatus } from "~/generated/prisma/enums";
import type { WorkspaceRoleName } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { asMetadata, type Metadata } from "./metadata";

export function workspaceSelectFor(userId: string) {
  return {
    id: true,
    slug: true,
    name: true,
    description: true,
    ownerId: true,
    rootPath: true,
    registered: true,
    scope: true,
    sessionKey: true,
    ephemeral: true,
    metadata: true,
    status: true,
    archivePath: true,
    archiveSha256: true,
    archiveBytes: true,
    quotaBytes: true,
    usageBytes: true,
    lastAccessedAt: true,
    archivedAt: true,
    createdAt: true,
    updatedAt: true,
    memberships: { where: { userId }, select: { role: true } },
    owner: { select: { id: true, name: true, email: true } },
    // Live sandbox sessions (STARTING or RUNNING): the dashboard and the admin list show them.
    _count: { select: { memberships: true, pathRules: true, sessions: { where: { status: { in: ["STARTING", "RUNNING"] } } } } },
  } satisfies Prisma.WorkspaceSelect;
}

export type WorkspaceRow = Prisma.WorkspaceGetPayload<{ select: ReturnType<typeof workspaceSelectFor> }>;

export interface WorkspaceView {
  id: string;
  slug: string;
  name: string;
  description: string;
  metadata: Metadata;
  status: WorkspaceStatus;
  /** True for an admin-registered host directory (Atrium did not create it and will not delete it unasked). */
  registered: boolean;
  /** Set when it was made by `{scope, key}` (resolve-scoped.ts): what names it besides its id. */
  keyedBy: { scope: "session" | "user" | "agent" | "shared"; key: string } | null;
  /** Made for one session and deleted with it (ephemeral.ts). */
  ephemeral: boolean;
  rootPath: string;
  ownerId: string;
  /** The caller's membership role; null when an instance admin looks at a workspace they are not a member of. */
  role: WorkspaceRoleName | null;
  quotaBytes: bigint;
  usageBytes: bigint;
  archive: { path: string; bytes: bigint; sha256: string } | null;
  memberCount: number;
  pathRuleCount: number;
  /** Sandbox sessions starting or running now, anyone's. */
  runningSessionCount: number;
  /** The primary owner, for lists that show whose a workspace is (admins see everyone's). */
  owner: { id: string; name: string; email: string };
  lastAccessedAt: Date;
  /** When someone last opened it; null until anyone has (lastAccessedAt is its creation time until then). */
  lastOpenedAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const roleName = (role: WorkspaceRole): WorkspaceRoleName => role.toLowerCase() as WorkspaceRoleName;

export function toWorkspaceView(row: WorkspaceRow): WorkspaceView {
  const membership = row.memberships[0];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    metadata: asMetadata(row.metadata),
    status: row.status,
    registered: row.registered,
    keyedBy: row.scope && row.sessionKey !== null ? { scope: row.scope.toLowerCase() as "session" | "user" | "agent" | "shared", key: row.sessionKey } : null,
    ephemeral: row.ephemeral,
    rootPath: row.rootPath,
    ownerId: row.ownerId,
    role: membership ? roleName(membership.role) : null,
    quotaBytes: row.quotaBytes,
    usageBytes: row.usageBytes,
    archive:
      row.archivePath && row.archiveSha256 && row.archiveBytes !== null
        ? { path: row.archivePath, bytes: row.archiveBytes, sha256: row.archiveSha256 }
        : null,
    memberCount: row._count.memberships,
    pathRuleCount: row._count.pathRules,
    runningSessionCount: row._count.sessions,
    owner: row.owner,
    lastAccessedAt: row.lastAccessedAt,
    lastOpenedAt: row.lastAccessedAt.getTime() > row.createdAt.getTime() ? row.lastAccessedAt : null,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The view of one workspace as `userId` sees it, or NOT_FOUND when it no longer exists. */
export async function loadWorkspaceView(workspaceId: string, userId: string): Promise<WorkspaceView> {
  const row = await db().workspace.findUnique({ where: { id: workspaceId }, select: workspaceSelectFor(userId) });
  if (!row) throw workspaceNotFound();
  return toWorkspaceView(row);
}

export function workspaceNotFound(): AppError {
  return new AppError("NOT_FOUND", {
    message: "No such workspace, or you are not a member. Check the id, or ask its owner to invite you.",
    reason: "workspace_not_found",
  });
}

/**
 * Creation fields that mark a new workspace as never opened: one instant for both, so
 * `lastOpenedAt` stays null until someone opens it (opening moves lastAccessedAt past createdAt).
 */
export function neverOpened(): { createdAt: Date; lastAccessedAt: Date } {
  const at = new Date();
  return { createdAt: at, lastAccessedAt: at };
}
