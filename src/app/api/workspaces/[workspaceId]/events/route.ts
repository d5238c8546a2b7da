// GET → the workspace's events as Server-Sent Events, signed in by cookie (src/server/http/events-route.ts).
export { eventsRoute as GET } from "~/server/http/events-route";
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
