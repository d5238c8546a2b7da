// What one HTTP request is, for every log line and metric it produces: its id, and (noted by the
// layers that learn them) its route template, actor and workspace. One AsyncLocalStorage per
// process (globalThis), because Next's bundle and server.ts load this module separately.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestStore {
  requestId: string;
  method: string;
  /** A template such as `/api/v1/workspaces/{workspaceId}/files`, never a raw path (ids are unbounded). */
  route?: string;
  userId?: string;
  apiKeyId?: string;
  workspaceId?: string;
}

const KEY = Symbol.for("atrium.request-context");
function storage(): AsyncLocalStorage<RequestStore> {
  const holder = globalThis as { [KEY]?: AsyncLocalStorage<RequestStore> };
  holder[KEY] ??= new AsyncLocalStorage<RequestStore>();
  return holder[KEY];
}

export function runWithRequest<T>(store: RequestStore, fn: () => T): T {
  return storage().run(store, fn);
}

/** The request this code runs for, if any (background work has none). */
export function currentRequest(): RequestStore | undefined {
  return storage().getStore();
}

/** Ids a proxy or client may hand us: short, printable, no spaces (anything else is replaced). */
const SANE_ID = /^[A-Za-z0-9._:@-]{8,128}$/;

/** The caller's `X-Request-Id` when it is sane, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_ID.test(value) ? value : randomUUID();
}

/** Called where identity is resolved: the access line says who asked. */
export function noteActor(actor: { user: { id: string }; apiKey?: { id: string } | null } | null | undefined): void {
  const store = currentRequest();
  if (!store || !actor) return;
  store.userId = actor.user.id;
  store.apiKeyId = actor.apiKey?.id ?? undefined;
}

export function noteWorkspace(workspaceId: string): void {
  const store = currentRequest();
  if (store) store.workspaceId = workspaceId;
}

/** A door that knows its own route table (REST) names the template more precisely than the path classifier. */
export function noteRoute(template: string): void {
  const store = currentRequest();
  if (store) store.route = template;
}
