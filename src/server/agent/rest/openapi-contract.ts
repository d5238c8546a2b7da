// The last pass over the generated OpenAPI document, so it states everything the server can answer:
// every status an operation can send with the one error body, RateLimit-* headers, optional request
// bodies marked optional (the handler accepts them absent), declared tags, and no unused schemas.
// `npm run lint:openapi` (redocly, recommended-strict) and the REST tests' response validation hold it to that.

/** Why each error status happens; every one carries the `Error` body. */
export const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors)",
  401: "Missing, unknown, expired or revoked API key",
  403: "The key lacks a scope, the role is too low, or a path rule protects the path",
  404: "No such workspace, file, session, snapshot or task (or no access to it)",
  409: "Conflict with the current state (e.g. a stale ifMatch, an archived workspace)",
  413: "The body is too large, or the result would pass the workspace's quota",
  415: "A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional)",
  422: "Understood but refused: a limit or a value the service does not accept",
  429: "Rate limited, or too much work in flight; see Retry-After",
  431: "The request line or headers are too long (the query string included)",
  500: "Server error",
  503: "A dependency (database, Docker) is unavailable; try again shortly",
};

/**
 * Answers any protected operation can give, whatever its own list says: CONFLICT (an archived
 * workspace, a folder where a file was expected…) and the size/quota refusals reach nearly every
 * route through the services, so they are stated everywhere rather than guessed per route.
 */
const PROTECTED_STATUSES = [400, 401, 403, 404, 409, 413, 422, 429, 500, 503];
/** Answers of an operation whose JSON body is parsed (a body that is too big or not JSON). */
const BODY_STATUSES = [413, 415];
/** Node's HTTP parser answers before any route runs (see server/http/client-error). */
const EVERY_STATUS = [431];

export const TAGS = [
  { name: "workspaces", description: "Create, list, change, archive, export, import and delete workspaces." },
  { name: "files", description: "Read, write, list, search, move, copy, delete, upload and download a workspace's files; path rules and protected files apply." },
  { name: "sandbox", description: "Run commands and snippets in the workspace's sandbox container, and manage its sessions." },
  { name: "snapshots", description: "Snapshot a workspace's files, download a snapshot, and restore it in place or into a new workspace." },
  { name: "tasks", description: "Background commands on a queue: submit, follow and cancel." },
  { name: "path-rules", description: "Glob rules that block or make read-only parts of a workspace, for everyone." },
  { name: "state", description: "Key-value state per workspace for agents (apart from metadata), with compare-and-set." },
  { name: "system", description: "Health and this document; no key needed." },
];

/** The key's budget, on every answer of a protected route (see auth/key-rate-limit). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "Requests per minute this key may make (on every door together).", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests it may make right now.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the full budget is back.", schema: { type: "integer" } },
};
const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer" } } };

type Json = Record<string, unknown>;
interface Operation {
  security?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, Json>;
}
interface Document {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
  tags?: unknown;
}

const ERROR_REF = "#/components/schemas/Error";
const METHODS = new Set(["get", "put", "post", "delete", "patch"]);

/** A response the generator filled with its own error shape (or nothing): it becomes ours. */
function isGeneratedError(response: Json | undefined): boolean {
  const content = response?.content as Record<string, { schema?: { $ref?: string } }> | undefined;
  if (!content) return true;
  const ref = content["application/json"]?.schema?.$ref;
  return typeof ref === "string" && (ref === ERROR_REF || ref.startsWith("#/components/schemas/error."));
}

/** A JSON body with no required field may be left out (the handler reads nothing as `{}`). */
function bodyIsOptional(op: Operation, schemas: Record<string, unknown>): boolean {
  let schema = op.requestBody?.content?.["application/json"]?.schema;
  if (!schema) return false;
  const ref = schema.$ref;
  if (typeof ref === "string") schema = schemas[ref.replace("#/components/schemas/", "")] as Json | undefined;
  const required = schema?.required;
  return !Array.isArray(required) || required.length === 0;
}

function finishOperation(method: string, op: Operation, schemas: Record<string, unknown>): void {
  const responses = (op.responses ??= {});
  const isProtected = Array.isArray(op.security) && op.security.length > 0;
  const parsesJsonBody = method !== "get" && method !== "delete" && (!op.requestBody || op.requestBody.content?.["application/json"] !== undefined);
  if (op.requestBody && bodyIsOptional(op, schemas)) op.requestBody.required = false;

  const statuses = new Set(Object.keys(responses).filter((s) => Number(s) >= 400));
  for (const s of EVERY_STATUS) statuses.add(String(s));
  if (isProtected) for (const s of PROTECTED_STATUSES) statuses.add(String(s));
  if (isProtected && parsesJsonBody) for (const s of BODY_STATUSES) statuses.add(String(s));
  for (const s of statuses) {
    if (!isGeneratedError(responses[s])) continue; // a hand-written body (e.g. health's 503 report) stays
    responses[s] = {
      description: ERROR_TEXT[Number(s)] ?? "Error",
      ...(s === "429" ? { headers: { ...RETRY_AFTER, ...(isProtected ? RATE_LIMIT_HEADERS : {}) } } : {}),
      content: { "application/json": { schema: { $ref: ERROR_REF } } },
    };
  }
  if (!isProtected) return;
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400) continue;
    response.headers = { ...(response.headers as Json | undefined), ...RATE_LIMIT_HEADERS };
  }
}

/** Drops component schemas nothing in the paths reaches (the generator's own `error.*` shapes, replaced ones). */
function pruneSchemas(doc: Document): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  const refsIn = (value: unknown) => [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => (m[1] ?? "").replace(/~1/g, "/").replace(/~0/g, "~"));
  const reached = new Set<string>();
  const queue = refsIn(doc.paths);
  while (queue.length > 0) {
    const name = queue.pop() ?? "";
    if (reached.has(name)) continue;
    reached.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}

export function finishDocument<D>(generated: D): D {
  const doc = generated as Document;
  const schemas = doc.components?.schemas ?? {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (METHODS.has(method) && op && typeof op === "object") finishOperation(method, op, schemas);
    }
  }
  doc.tags = TAGS;
  // zod renders a JSON value as a recursive union, which generated clients cannot type
  // (openapi-fetch's Writable turns it into "no value allowed"); OpenAPI's `{}` means any value.
  if (schemas.JsonValue) schemas.JsonValue = { description: "Any JSON value." };
  pruneSchemas(doc);
  return generated;
}
