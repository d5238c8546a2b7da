// The path guard's view of attached shared folders: the workspace path `shared/<name>` (and
// everything under it) is served from the shared folder read-only (files.ts), so any change there
// is refused by the guard like a READ_ONLY path rule, and audited with it.
import { db } from "~/server/db/client";

export const SHARED_PREFIX = "shared";

/** One anchored READ_ONLY rule per attached folder (a rule on a folder covers its whole subtree). */
export async function sharedFolderRules(workspaceId: string): Promise<{ pattern: string; effect: "READ_ONLY" }[]> {
  const rows = await db().workspaceSharedFolder.findMany({ where: { workspaceId }, select: { sharedFolder: { select: { name: true } } } });
  return rows.map((r) => ({ pattern: `/${SHARED_PREFIX}/${r.sharedFolder.name}`, effect: "READ_ONLY" as const }));
}
