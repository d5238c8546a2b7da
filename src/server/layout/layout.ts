// Per-user, per-workspace IDE layout. Always keyed by the caller's own user id (never an input),
// so one person cannot read or overwrite another's layout; the workspace tier has already checked
// membership (viewer+) before these run.
import { db } from "~/server/db/client";
import { logger } from "~/server/observability/logger";
import { type LayoutState, ZLayoutState } from "./schema";

export interface StoredLayout {
  state: LayoutState;
  updatedAt: string;
}

export async function getLayout(userId: string, workspaceId: string): Promise<StoredLayout | null> {
  const row = await db().workspaceLayout.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } });
  if (!row) return null;
  const parsed = ZLayoutState.safeParse(row.state);
  if (!parsed.success) {
    // A shape from another version: the IDE starts from its defaults and the next save replaces it.
    logger("layout").warn({ workspaceId, userId }, "stored IDE layout no longer matches the schema; ignored");
    return null;
  }
  return { state: parsed.data, updatedAt: row.updatedAt.toISOString() };
}

export async function saveLayout(userId: string, workspaceId: string, state: LayoutState): Promise<{ updatedAt: string }> {
  const row = await db().workspaceLayout.upsert({
    where: { userId_workspaceId: { userId, workspaceId } },
    create: { userId, workspaceId, state },
    update: { state },
    select: { updatedAt: true },
  });
  return { updatedAt: row.updatedAt.toISOString() };
}
