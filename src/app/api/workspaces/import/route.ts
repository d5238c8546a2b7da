// POST (body: the .tar.gz; `?name=`, `?description=`, `?operationId=`) → 201 (src/server/http/transfer-routes.ts).
export { importRoute as POST } from "~/server/http/transfer-routes";
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
