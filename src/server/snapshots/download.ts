// A snapshot's .tar.gz for download (GET …/snapshots/<id>/download, routed by
// src/server/http/transfer-routes.ts). Owners only (admins count as owners): a snapshot holds every
// file of the workspace, the ones path rules block included, so handing it to an editor or viewer
// would walk around those rules. (Snapshots stay complete so a restore in place, also owner-only,
// loses nothing.)
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { FileWorkspace } from "~/server/auth/workspace-access";
import { verifySnapshotFile } from "./restore";
import { loadSnapshot } from "./snapshots";

export interface SnapshotDownload {
  body: ReadableStream<Uint8Array>;
  fileName: string;
  sizeBytes: bigint;
  sha256: string;
}

/** The snapshot's archive, its checksum verified first. */
export async function openSnapshotDownload(workspace: Pick<FileWorkspace, "id" | "slug">, snapshotId: string): Promise<SnapshotDownload> {
  const snapshot = await loadSnapshot(workspace.id, snapshotId);
  await verifySnapshotFile(snapshot);
  return {
    body: Readable.toWeb(createReadStream(snapshot.path)) as ReadableStream<Uint8Array>,
    fileName: `${workspace.slug}-snapshot-${snapshot.createdAt.toISOString().replace(/[:.]/g, "-")}.tar.gz`,
    sizeBytes: snapshot.sizeBytes,
    sha256: snapshot.sha256,
  };
}
