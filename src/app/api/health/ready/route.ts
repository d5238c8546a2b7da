import { checkReadiness } from "~/server/health/readiness";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const result = await checkReadiness();
  const body = result.ready ? { status: "ready" } : { status: "not_ready", reason: result.reason, message: result.message, ...(result.pending ? { pending: result.pending } : {}) };
  return Response.json(body, { status: result.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
