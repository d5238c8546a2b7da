// GET ?path= → the file as an attachment, or a folder as a streamed .tar.gz (src/server/http/transfer-routes.ts).
export { downloadRoute as GET } from "~/server/http/transfer-routes";
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
