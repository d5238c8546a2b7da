// Listing workspaces for the dashboard and for agents: by relation to the caller, by metadata,
// by name, most recently opened first, with an opaque keyset cursor (stable under inserts).
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import * as audit from "~/server/audit/audit";
import { type Actor, isAdmin, type RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { escapeLike } from "./like";
import { ZMetadataFilter } from "./metadata";
import { toWorkspaceView, workspaceSelectFor, type WorkspaceView } from "./view";

export const LIST_SCOPES = ["member", "mine", "shared", "all"] as const;

export const ZListWorkspacesInput = z
  .object({
    /** member: every workspace I belong to · mine: I am an owner · shared: I am an editor or viewer · all: every workspace (admins). */
    scope: z.enum(LIST_SCOPES).default("member"),
    /** Case-insensitive substring of the name. */
    q: z.string().trim().max(100).optional(),
    /** All must match (AND). */
    metadata: z.array(ZMetadataFilter).max(10).default([]),
    includeArchived: z.boolean().default(false),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .prefault({});
export type ListWorkspacesInput = z.input<typeof ZListWorkspacesInput>;

export interface WorkspacePage {
  items: WorkspaceView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  at: Date;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString("base64url");
}

function decodeCursor(raw: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && typeof parsed[1] === "string") {
      const at = new Date(parsed[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: parsed[1] };
    }
  } catch {
    // fall through to the typed error
  }
  throw new AppError("INVALID_INPUT", { message: "That page cursor is not valid. Start again from the first page.", reason: "bad_cursor" });
}

async function scopeFilter(ctx: RequestContext & { actor: Actor }, scope: (typeof LIST_SCOPES)[number]): Promise<Prisma.WorkspaceWhereInput> {
  const userId = ctx.actor.user.id;
  switch (scope) {
    case "member":
      return { memberships: { some: { userId } } };
    case "mine":
      return { memberships: { some: { userId, role: "OWNER" } } };
    case "shared":
      return { memberships: { some: { userId, role: { in: ["EDITOR", "VIEWER"] } } } };
    case "all":
      if (!isAdmin(ctx.actor)) {
        await audit.denied(ctx, { action: "workspaces.list", reason: "admin_required", permission: "admin", details: { scope } });
        throw new AppError("FORBIDDEN", {
          message: 'Only instance administrators can list every workspace. Use scope "member", "mine" or "shared".',
          reason: "admin_required",
        });
      }
      return {};
  }
}

export async function listWorkspaces(ctx: RequestContext & { actor: Actor }, raw: ListWorkspacesInput): Promise<WorkspacePage> {
  const input = ZListWorkspacesInput.parse(raw);
  const filters: Prisma.WorkspaceWhereInput[] = [await scopeFilter(ctx, input.scope)];
  // A key pinned to workspaces sees only those, whatever the scope asked for.
  const pins = ctx.actor.apiKey?.workspaceIds ?? [];
  if (pins.length > 0) filters.push({ id: { in: pins } });
  if (!input.includeArchived) filters.push({ status: "ACTIVE" });
  if (input.q) filters.push({ name: { contains: escapeLike(input.q), mode: "insensitive" } });
  for (const f of input.metadata) filters.push({ metadata: { path: [f.key], equals: f.value } });
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    filters.push({ OR: [{ lastAccessedAt: { lt: c.at } }, { lastAccessedAt: c.at, id: { lt: c.id } }] });
  }

  const rows = await db().workspace.findMany({
    where: { AND: filters },
    orderBy: [{ lastAccessedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: workspaceSelectFor(ctx.actor.user.id),
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toWorkspaceView),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.lastAccessedAt, id: last.id }) : null,
  };
}
