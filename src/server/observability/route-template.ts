// The route label of an HTTP request: a template from Atrium's own route table, never the raw path
// (ids in paths would make a new series per workspace, file and snapshot). Anything not in the
// table is `unmatched`, so a scanner probing random paths adds no series.
const EXACT = new Set([
  "/",
  "/dashboard",
  "/sign-in",
  "/sign-up",
  "/settings/api-keys",
  "/admin",
  "/admin/audit",
  "/admin/sessions",
  "/admin/users",
  "/admin/workspaces",
  "/api/health",
  "/api/health/live",
  "/api/health/ready",
  "/api/mcp",
  "/api/workspaces/import",
  "/metrics",
  "/favicon.ico",
  "/icon.svg",
]);

const PATTERNS: [RegExp, string][] = [
  [/^\/api\/trpc(\/|$)/, "/api/trpc"],
  [/^\/api\/v1(\/|$)/, "/api/v1/*"],
  [/^\/api\/auth(\/|$)/, "/api/auth/*"],
  [/^\/api\/socket(\/|$)/, "/api/socket"],
  [/^\/api\/workspaces\/[^/]+\/export$/, "/api/workspaces/[workspaceId]/export"],
  [/^\/api\/workspaces\/[^/]+\/files\/download$/, "/api/workspaces/[workspaceId]/files/download"],
  [/^\/api\/workspaces\/[^/]+\/files\/upload$/, "/api/workspaces/[workspaceId]/files/upload"],
  [/^\/api\/workspaces\/[^/]+\/snapshots\/[^/]+\/download$/, "/api/workspaces/[workspaceId]/snapshots/[snapshotId]/download"],
  [/^\/workspaces\/[^/]+$/, "/workspaces/[workspaceId]"],
  [/^\/_next\/static\//, "/_next/static"],
  [/^\/_next\//, "/_next"],
  [/^\/monaco\//, "/monaco"],
];

export function routeTemplate(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (EXACT.has(path)) return path;
  for (const [pattern, template] of PATTERNS) if (pattern.test(path)) return template;
  return "unmatched";
}
