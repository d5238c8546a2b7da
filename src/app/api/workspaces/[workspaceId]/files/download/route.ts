// GET ?path= → the file as an attachment, or a folder as a streamed .tar.gz.
import { createDownloadHandler } from "~/server/files/transfer-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = createDownloadHandler();
