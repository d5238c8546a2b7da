// GET → the whole workspace as .tar.gz with a manifest first (viewer+, `read`; protected and blocked paths left out).
import { exportWorkspace } from "~/server/workspaces/export-workspace";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request, { params }: { params: Promise<{ workspaceId: string }> }): Promise<Response> {
  const { workspaceId } = await params;
  return exportWorkspace(req, workspaceId);
}
