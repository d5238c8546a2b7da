// A small typed client for Atrium's REST API (/api/v1). Types come from the REST router itself
// (type-only import, erased at runtime), so the client cannot drift from the server; it needs only
// `fetch` and runs in Node 20+, Deno, Bun and browsers.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { RestRouter } from "~/server/agent/rest/router";

export type RestInputs = inferRouterInputs<RestRouter>;
export type RestOutputs = inferRouterOutputs<RestRouter>;
export type Workspace = RestOutputs["getWorkspace"];
export type ExecResult = RestOutputs["exec"];
export type Session = RestOutputs["createSession"];
type Body<K extends keyof RestInputs> = Omit<RestInputs[K], "id">;

export interface AtriumClientOptions {
  /** The server, e.g. "http://localhost:3000" (the /api/v1 prefix is added). */
  baseUrl: string;
  /** An API key, "atr_…". */
  apiKey: string;
  fetch?: typeof fetch;
}

/** Every non-2xx answer: the server's stable `code` and `reason`, the HTTP status and, for 429, when to retry. */
export class AtriumError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason?: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AtriumError";
  }
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

export class AtriumClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: AtriumClientOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, "")}/api/v1`;
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  private url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
    }
    const qs = params.toString();
    return `${this.base}${path}${qs ? `?${qs}` : ""}`;
  }

  /** The raw response of an authenticated request; throws AtriumError on a non-2xx status. */
  async raw(method: string, path: string, init: { query?: Query; json?: unknown; body?: BodyInit } = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}` };
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const res = await this.fetchFn(this.url(path, init.query), { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    if (!res.ok) {
      let error: { code?: string; message?: string; reason?: string; details?: Record<string, unknown> } = {};
      try {
        error = ((await res.json()) as { error?: typeof error }).error ?? {};
      } catch {
        // not JSON: keep the status
      }
      const retry = res.headers.get("retry-after");
      throw new AtriumError(res.status, error.code ?? "HTTP_ERROR", error.message ?? `HTTP ${res.status}`, error.reason, error.details, retry ? Number(retry) : undefined);
    }
    return res;
  }

  private async call<T>(method: string, path: string, init: { query?: Query; json?: unknown } = {}): Promise<T> {
    return (await (await this.raw(method, path, init)).json()) as T;
  }

  private ws(id: string, rest = ""): string {
    return `/workspaces/${encodeURIComponent(id)}${rest}`;
  }

  // ----- workspaces -----
  /** `metadata` becomes `metadata.KEY=VALUE` filters (all must match). */
  listWorkspaces(query: { archived?: boolean; q?: string; limit?: number; cursor?: string; metadata?: Record<string, string | number | boolean> } = {}) {
    const { metadata = {}, ...rest } = query;
    const filters = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`metadata.${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
    return this.call<RestOutputs["listWorkspaces"]>("GET", "/workspaces", { query: { ...rest, ...filters } });
  }
  createWorkspace(body: RestInputs["createWorkspace"]) {
    return this.call<Workspace>("POST", "/workspaces", { json: body });
  }
  getWorkspace(id: string) {
    return this.call<Workspace>("GET", this.ws(id));
  }
  updateWorkspace(id: string, body: Body<"updateWorkspace">) {
    return this.call<Workspace>("PATCH", this.ws(id), { json: body });
  }
  deleteWorkspace(id: string, options: { deleteFiles?: boolean; force?: boolean } = {}) {
    return this.call<RestOutputs["deleteWorkspace"]>("DELETE", this.ws(id), { query: options });
  }
  archiveWorkspace(id: string) {
    return this.call<Workspace>("POST", this.ws(id, "/archive"), { json: {} });
  }
  unarchiveWorkspace(id: string, body: Body<"unarchiveWorkspace"> = {}) {
    return this.call<Workspace>("POST", this.ws(id, "/unarchive"), { json: body });
  }

  // ----- files -----
  listFiles(id: string, query: { path?: string; cursor?: string; limit?: number } = {}) {
    return this.call<RestOutputs["listFiles"]>("GET", this.ws(id, "/files"), { query });
  }
  readFile(id: string, path: string, encoding?: "auto" | "utf8" | "base64") {
    return this.call<RestOutputs["readFile"]>("GET", this.ws(id, "/files/content"), { query: { path, encoding } });
  }
  writeFile(id: string, body: Body<"writeFile">) {
    return this.call<RestOutputs["writeFile"]>("PUT", this.ws(id, "/files/content"), { json: body });
  }
  mkdir(id: string, path: string) {
    return this.call<RestOutputs["mkdir"]>("POST", this.ws(id, "/files/mkdir"), { json: { path } });
  }
  move(id: string, body: Body<"moveFile">) {
    return this.call<RestOutputs["moveFile"]>("POST", this.ws(id, "/files/move"), { json: body });
  }
  copy(id: string, body: Body<"copyFile">) {
    return this.call<RestOutputs["copyFile"]>("POST", this.ws(id, "/files/copy"), { json: body });
  }
  deleteFile(id: string, path: string, options: { recursive?: boolean } = {}) {
    return this.call<RestOutputs["deleteFile"]>("DELETE", this.ws(id, "/files"), { query: { path, ...options } });
  }
  grep(id: string, query: { pattern: string; regex?: boolean; caseSensitive?: boolean; wholeWord?: boolean; path?: string; include?: string[]; exclude?: string[]; maxResults?: number }) {
    return this.call<RestOutputs["grep"]>("GET", this.ws(id, "/files/grep"), { query });
  }
  /** Multipart upload; file names may contain folders ("src/a.ts"). */
  async upload(id: string, files: Record<string, Blob | string | Uint8Array>, dir?: string): Promise<{ uploaded: { path: string; size: number; version: string }[] }> {
    const form = new FormData();
    for (const [name, content] of Object.entries(files)) form.append("files", content instanceof Blob ? content : new Blob([content as BlobPart]), name);
    return (await (await this.raw("POST", this.ws(id, "/files/upload"), { query: { dir }, body: form })).json()) as { uploaded: { path: string; size: number; version: string }[] };
  }
  /** A file's bytes, or a folder as .tar.gz. */
  async download(id: string, path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.raw("GET", this.ws(id, "/files/download"), { query: { path } })).arrayBuffer());
  }

  // ----- sandbox -----
  exec(id: string, body: Body<"exec">) {
    return this.call<ExecResult>("POST", this.ws(id, "/exec"), { json: body });
  }
  executeCode(id: string, body: Body<"executeCode">) {
    return this.call<ExecResult>("POST", this.ws(id, "/execute-code"), { json: body });
  }
  listSessions(id: string, options: { includeStopped?: boolean } = {}) {
    return this.call<RestOutputs["listSessions"]>("GET", this.ws(id, "/sessions"), { query: options });
  }
  createSession(id: string, body: Body<"createSession"> = {}) {
    return this.call<Session>("POST", this.ws(id, "/sessions"), { json: body });
  }
  deleteSession(sessionId: string) {
    return this.call<RestOutputs["deleteSession"]>("DELETE", `/sessions/${encodeURIComponent(sessionId)}`);
  }

  async health(): Promise<{ status: "ok" | "degraded" | "down"; version: string }> {
    return (await (await this.fetchFn(`${this.base}/health`)).json()) as { status: "ok" | "degraded" | "down"; version: string };
  }
}
