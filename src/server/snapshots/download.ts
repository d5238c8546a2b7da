// GET …/snapshots/<id>/download: the snapshot's .tar.gz, streamed. Viewers may download, except
// snapshots that include protected files, which only owners may take out.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";
import { withWorkspaceAccess } from "~/server/files/http";
import { verifySnapshotFile } from "./restore";
import { loadSnapshot } from "./snapshots";

export function downloadSnapshot(req: Request, workspaceId: string, snapshotId: string): Promise<Response> {
  return withWorkspaceAccess(req, workspaceId, { minRole: "viewer", scope: "read", action: "snapshots.download" }, async (ctx, access) => {
    const snapshot = await loadSnapshot(access.workspace.id, snapshotId);
    if (snapshot.includesProtected && access.role !== "owner") {
      await audit.denied(ctx, { action: "snapshots.download", reason: "role_required", permission: "owner", workspaceId: access.workspace.id, target: snapshot.id });
      throw new AppError("FORBIDDEN", { message: "This snapshot includes protected files, so only owners can download it.", reason: "role_required" });
    }
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
