// POST multipart/form-data (field `files`, many; `?dir=` target folder) → `{ uploaded: [{ path, size, version }] }`.
import { refusingCarefulKeys } from "~/server/auth/upload-guard";
import { createUploadHandler } from "~/server/files/transfer-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = refusingCarefulKeys(createUploadHandler());
