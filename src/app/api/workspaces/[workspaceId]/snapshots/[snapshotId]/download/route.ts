// GET → the snapshot's .tar.gz as an attachment (src/server/http/transfer-routes.ts).
export { snapshotDownloadRoute as GET } from "~/server/http/transfer-routes";
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
