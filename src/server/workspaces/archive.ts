// Archiving: the live tree becomes one checksummed .tar.gz under the data dir and the workspace
// turns read-only (status ARCHIVED, hidden from lists unless asked). Order matters: archive to a
// temporary name → rename → record in the registry → only then remove the live files. A failure
// before the registry update removes the partial archive and leaves the live files untouched.
import { mkdir, rm, stat } from "node:fs/promises";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { freeArchivePath, removeTree } from "./archive-files";
import * as audit from "~/server/audit/audit";
import { isNotFound } from "./host-dir";
import { withDiskLock } from "./locks";
import { archivesDir, isManagedRoot } from "./paths";
import { packDirectory } from "./tarball";
import { loadWorkspaceView, workspaceNotFound, type WorkspaceView } from "./view";
import { logger } from "~/server/observability/logger";
import { stopWatching } from "~/server/watch/registry";

export interface ArchiveResult {
  workspace: WorkspaceView;
  archive: { path: string; bytes: bigint; sha256: string };
  /** False when the archive is safe but some live files could not be removed; `warning` says where. */
  liveFilesRemoved: boolean;
  /** Entries that could not be archived (sockets, FIFOs, devices), relative to the root. */
  skipped: string[];
  warning?: string;
}

export async function archiveWorkspace(ctx: RequestContext & { actor: Actor }, workspaceId: string): Promise<ArchiveResult> {
  return withDiskLock(workspaceId, "archive", async () => {
    const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { id: true, slug: true, rootPath: true, status: true, registered: true } });
    if (!ws) throw workspaceNotFound();
    if (ws.status === "ARCHIVED") {
      throw new AppError("CONFLICT", { message: "This workspace is already archived. Unarchive it to work in it again.", reason: "already_archived" });
    }
    await assertRootPresent(ws.rootPath);

    await mkdir(archivesDir(), { recursive: true, mode: 0o700 });
    const archivePath = await freeArchivePath(ws.slug, new Date());
    const packed = await packDirectory(ws.rootPath, archivePath);
    if (packed.hardLinked.length > 0) {
      // Archives never hold hard-linked files (one may alias a protected file), and archiving
      // removes the live tree: going on would lose them.
      await rm(archivePath, { force: true });
      throw new AppError("CONFLICT", {
        message: `${packed.hardLinked.length} file(s) have more than one hard link (${packed.hardLinked.slice(0, 5).join(", ")}${packed.hardLinked.length > 5 ? ", …" : ""}), and archives never include hard-linked files, so archiving would lose them. Replace each with a plain copy (in the sandbox: \`cp -p f f.new && mv f.new f\`) and archive again. Nothing was changed.`,
        reason: "hard_links_present",
        details: { files: packed.hardLinked.slice(0, 100) },
      });
    }
    try {
      // `status: ACTIVE` in the filter: if something else archived it meanwhile, this fails instead of overwriting.
      await db().workspace.update({
        where: { id: ws.id, status: "ACTIVE" },
        data: { status: "ARCHIVED", archivePath, archiveSha256: packed.sha256, archiveBytes: packed.bytes, archivedAt: new Date() },
      });
    } catch (error) {
      await rm(archivePath, { force: true });
      // No ACTIVE row to update: another call archived (or deleted) it while this one packed.
      if (isRecordNotFound(error)) {
        throw new AppError("CONFLICT", { message: "This workspace was archived or deleted by another request while this one was packing it. Reload to see its state.", reason: "already_archived", cause: error });
      }
      throw error;
    }

    let warning: string | undefined;
    // Removing the live tree is not news to anyone watching it: the workspace is archived.
    await stopWatching(ws.id);
    try {
      await removeTree(ws.rootPath, { keepTop: !isManagedRoot(ws.id, ws.rootPath) });
    } catch (error) {
      // The archive is recorded and complete; leftovers only block an unarchive into the same directory.
      logger("workspaces").error({ err: error }, `archived ${ws.id} but could not remove ${ws.rootPath}`);
      warning = `The archive is complete, but some files in ${ws.rootPath} could not be removed. Remove them by hand before unarchiving there.`;
    }
    await audit.record(ctx, { type: "workspace_archived", workspaceId: ws.id, archivePath, archiveBytes: packed.bytes.toString(), sha256: packed.sha256 });
    return {
      workspace: await loadWorkspaceView(ws.id, ctx.actor.user.id),
      archive: { path: archivePath, bytes: packed.bytes, sha256: packed.sha256 },
      liveFilesRemoved: warning === undefined,
      skipped: packed.skipped,
      ...(warning ? { warning } : {}),
    };
  });
}

async function assertRootPresent(rootPath: string): Promise<void> {
  try {
    if ((await stat(rootPath)).isDirectory()) return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  throw new AppError("CONFLICT", {
    message: `The workspace directory ${rootPath} is missing, so there is nothing to archive. Restore the directory, or delete the workspace from the registry.`,
    reason: "root_missing",
  });
}

/** Prisma's "an update or delete found no row" (P2025), by its code. */
function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}
