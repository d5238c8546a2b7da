// POST multipart/form-data (field `files`; `?dir=`) → 201 `{ uploaded }` (src/server/http/transfer-routes.ts).
import { createUploadHandler } from "~/server/http/transfer-routes";
export const POST = createUploadHandler();
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
