// Deleting a file or folder. Folders go only when asked (`recursive`), and only when nothing in
// them is protected: deleting a folder must not become a way around a read-only rule.
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import { adjustUsage } from "~/server/workspaces/quota";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { isTempName, withPathLocks } from "./atomic";
import { display, mapFsErrors } from "./fs-errors";
import type { EntryType } from "./listing";
import { confinedCall } from "./path-guard";
import { assertNotRoot, guard, openScope } from "./scope";
import { assertTreeAllowed, treeBytes, walkTree } from "./tree";

export interface DeleteInput {
  path: string;
  /** Required to delete a folder that is not empty. */
  recursive?: boolean;
}

export interface DeleteResult {
  path: string;
  type: EntryType;
  /** Bytes of file content freed. */
  bytes: number;
}

export async function deletePath(ctx: RequestContext, access: WorkspaceAccess, input: DeleteInput): Promise<DeleteResult> {
  const scope = await openScope(ctx, access, "files.delete", "delete");
  // The guard does not follow a final symlink for deletes: deleting a link removes the link.
  const p = await guard(scope, input.path, "delete");
  assertNotRoot(p, "delete");
  return withPathLocks([p.absolute], () =>
    mapFsErrors(p.relative, () =>
      confinedCall(p, async ({ fs, rel }) => {
        const stat = await fs.stat(rel);
        const type = stat.type;
        if (type !== "directory") {
          await fs.unlink(rel);
          // A file with other hard links keeps its bytes on disk (and was counted once).
          const bytes = stat.type === "file" && stat.nlink <= 1 ? stat.size : 0;
          await adjustUsage(scope.target.id, -bytes);
          return { path: p.relative, type, bytes };
        }
        const children = (await fs.list(rel)).filter((child) => !isTempName(child.name));
        if (children.length > 0 && !input.recursive) {
          throw new AppError("CONFLICT", {
            message: `The folder ${display(p.relative)} is not empty (${children.length} ${children.length === 1 ? "entry" : "entries"}). Delete it with "recursive" to remove everything in it.`,
            reason: "directory_not_empty",
            details: { path: p.relative, entries: children.length },
          });
        }
        const root = { relative: p.relative, real: rel };
        const entries = await walkTree(scope, root);
        await assertTreeAllowed(scope, root, entries, "delete", "delete");
        // By the confined helper, from folder descriptors: a folder swapped for a link while it
        // runs is removed as a link; nothing outside the workspace can be reached.
        await fs.removeTree(rel);
        const bytes = treeBytes(entries);
        await adjustUsage(scope.target.id, -bytes);
        return { path: p.relative, type, bytes };
      }),
    ),
  );
}
