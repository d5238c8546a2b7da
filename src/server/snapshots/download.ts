// GET …/snapshots/<id>/download: the snapshot's .tar.gz, streamed. Owners only (admins count as
// owners): a snapshot holds every file of the workspace, the ones path rules block included, so
// handing it to an editor or viewer would walk around those rules. (Snapshots stay complete so a
// restore in place, also owner-only, loses nothing.)
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { withWorkspaceAccess } from "~/server/files/http";
import { verifySnapshotFile } from "./restore";
import { loadSnapshot } from "./snapshots";

export function downloadSnapshot(req: Request, workspaceId: string, snapshotId: string): Promise<Response> {
  return withWorkspaceAccess(req, workspaceId, { minRole: "owner", scope: "read", action: "snapshots.download" }, async (_ctx, access) => {
    const snapshot = await loadSnapshot(access.workspace.id, snapshotId);
    await verifySnapshotFile(snapshot);
    const name = `${access.workspace.slug}-snapshot-${snapshot.createdAt.toISOString().replace(/[:.]/g, "-")}.tar.gz`;
    return new Response(Readable.toWeb(createReadStream(snapshot.path)) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        "content-type": "application/gzip",
        "content-length": snapshot.sizeBytes.toString(),
        "content-disposition": `attachment; filename="${name}"`,
        "x-content-sha256": snapshot.sha256,
        "cache-control": "no-store",
      },
    });
  });
}
