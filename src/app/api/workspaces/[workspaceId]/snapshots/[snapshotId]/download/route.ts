// GET → the snapshot's .tar.gz as an attachment (owners only: it holds the files path rules block).
import { downloadSnapshot } from "~/server/snapshots/download";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request, { params }: { params: Promise<{ workspaceId: string; snapshotId: string }> }): Promise<Response> {
  const { workspaceId, snapshotId } = await params;
  return downloadSnapshot(req, workspaceId, snapshotId);
}
