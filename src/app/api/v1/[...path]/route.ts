// /api/v1/*: the REST + OpenAPI door for agents and scripts (see src/server/agent/rest).
import { handleRestRequest } from "~/server/agent/rest/handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export { handleRestRequest as GET, handleRestRequest as POST, handleRestRequest as PUT, handleRestRequest as PATCH, handleRestRequest as DELETE };
