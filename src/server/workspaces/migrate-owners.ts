// Start-up migration for installs whose workspace trees belong to another uid (sandboxes ran as
// uid 1000 before ATRIUM_SANDBOX_UID, and root made some trees): each managed tree is handed to
// the sandbox uid through the confined helper's adopt mode. Runs in the background; a tree that is
// missed here is handed over when its next session starts (prepareWorkspace), so nothing waits on it.
import { db } from "~/server/db/client";
import { adoptTree, needsAdoption } from "~/server/storage/whole-tree";
import { isManagedRoot } from "./paths";

export async function migrateWorkspaceOwners(log: (line: string) => void): Promise<number> {
  const rows = await db().workspace.findMany({ where: { status: "ACTIVE", registered: false }, select: { id: true, rootPath: true } });
  let migrated = 0;
  for (const row of rows) {
    if (!isManagedRoot(row.id, row.rootPath) || !(await needsAdoption(row.rootPath))) continue;
    try {
      const result = await adoptTree(row.rootPath);
      migrated++;
      if (result.errors > 0) log(`workspace ${row.id}: ${result.errors} entries could not be handed to the sandbox user`);
    } catch (error) {
      log(`workspace ${row.id}: handing its files to the sandbox user failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (migrated > 0) log(`handed ${migrated} workspace ${migrated === 1 ? "tree" : "trees"} to the sandbox user (ATRIUM_SANDBOX_UID)`);
  return migrated;
}
