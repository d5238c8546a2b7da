// GET → the whole workspace as .tar.gz with a manifest first (src/server/http/transfer-routes.ts).
export { exportRoute as GET } from "~/server/http/transfer-routes";
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
