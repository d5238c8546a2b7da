// Liveness: the process is up and its event loop answers. Touches nothing else (no database), so a
// database outage never makes an orchestrator restart a healthy process.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "live" }, { headers: { "cache-control": "no-store" } });
}
