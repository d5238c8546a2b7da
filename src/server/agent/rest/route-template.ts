// The OpenAPI path a REST request matched (e.g. `/api/v1/workspaces/{id}/files`): the route label
// of its metrics and access line. Built once from the document itself, so it can never drift.
import { openApiDocument, REST_BASE } from "./openapi";

let table: { method: string; pattern: RegExp; template: string }[] | undefined;

function routes() {
  table ??= Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) => {
    // Literal segments first win ties (`/workspaces/import` before `/workspaces/{id}`), below.
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/}]+\}/g, "[^/]+")}$`);
    return Object.keys(item ?? {}).map((method) => ({ method: method.toUpperCase(), pattern, template: `${REST_BASE}${path}`, params: (path.match(/\{/g) ?? []).length }));
  }).sort((a, b) => a.params - b.params);
  return table;
}

/** `route` is the path below /api/v1 without a trailing slash; unknown ones are `/api/v1/*`. */
export function restRouteTemplate(method: string, route: string): string {
  return routes().find((r) => r.method === method && r.pattern.test(route))?.template ?? `${REST_BASE}/*`;
}
