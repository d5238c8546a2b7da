// POST multipart/form-data (field `files`, many; `?dir=` target folder) → `{ uploaded: [{ path, size, version }] }`.
import { refusingCarefulKeys } from "~/server/auth/upload-guard";
import { createUploadHandler } from "~/server/files/transfer-routes";
import { sameSiteOnly } from "~/server/http/origin";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A session cookie rides along on any site's form post: only Atrium's own pages may upload with it.
export const POST = sameSiteOnly("files.upload", refusingCarefulKeys(createUploadHandler()));
