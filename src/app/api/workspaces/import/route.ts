// POST (body: the .tar.gz; `?name=`, `?description=`, `?operationId=`) → 201 `{ workspace, operationId, manifest, files, archiveBytes, sha256 }`.
import { importWorkspaceRequest } from "~/server/workspaces/import-workspace";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = importWorkspaceRequest;
