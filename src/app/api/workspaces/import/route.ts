// POST (body: the .tar.gz; `?name=`, `?description=`, `?operationId=`) → 201 `{ workspace, operationId, manifest, files, archiveBytes, sha256 }`.
import { sameSiteOnly } from "~/server/http/origin";
import { importWorkspaceRequest } from "~/server/workspaces/import-workspace";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A session cookie rides along on any site's form post: only Atrium's own pages may import with it.
export const POST = sameSiteOnly("workspaces.import", importWorkspaceRequest);
