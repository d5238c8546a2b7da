// GET /api/v1/openapi.json: generated from the REST procedures, plus the routes that stream
// outside tRPC (upload, file and snapshot downloads) and the public ones (health, this document), written by hand;
// finishDocument (openapi-contract.ts) then adds what every route can answer.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { AppErrorCode } from "~/server/errors";
import { appVersion } from "~/server/runtime";
import { ERROR_TEXT, finishDocument, TAGS } from "./openapi-contract";
import { restRouter } from "./router";

export const REST_BASE = "/api/v1";
export const SECURITY_SCHEME = "bearerAuth";

const ZError = z
  .object({
    error: z.object({
      code: z.enum(AppErrorCode).describe("Stable code; `reason` says more."),
      message: z.string().describe("What happened and what to do next."),
      reason: z.string().optional().describe("A stable detail, e.g. missing_scope, version_conflict."),
      retryAfterSeconds: z.number().int().optional(),
      details: z.record(z.string(), z.unknown()).optional().describe("For 400: `fieldErrors` (dotted field paths → messages) and `formErrors`."),
    }),
  })
  .meta({ id: "Error" });

const ZHealth = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    time: z.string(),
    workers: z.array(z.object({ id: z.string(), activeTasks: z.number(), concurrency: z.number() })).describe("The answering process's task workers (empty when it runs none)."),
    volume: z.union([z.object({ freeBytes: z.number(), totalBytes: z.number() }), z.object({ error: z.string() })]).describe("Free space where workspaces live."),
  })
  .loose()
  .meta({ id: "Health" });

/** Error statuses particular to a hand-written route; finishDocument adds the ones every route has, with the body. */
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_TEXT[s] ?? "Error" }]));
const binary = { schema: { type: "string" as const, format: "binary" } };
const workspaceIdParam = { in: "path" as const, name: "id", required: true, schema: { type: "string" as const }, description: "The workspace id." };

const handWritten = {
  "/health": {
    get: {
      operationId: "health",
      tags: ["system"],
      summary: "Health of the server, its database and Docker",
      security: [],
      responses: {
        "200": { description: "Up (status ok or degraded)", content: { "application/json": { schema: ZHealth } } },
        "503": { description: "Down: the database does not answer (the same report, status down)", content: { "application/json": { schema: ZHealth } } },
      },
    },
  },
  "/openapi.json": {
    get: {
      operationId: "openapi",
      tags: ["system"],
      summary: "This document",
      security: [],
      responses: { "200": { description: "OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" as const } } } } },
    },
  },
  "/workspaces/{id}/files/upload": {
    post: {
      operationId: "uploadFiles",
      tags: ["files"],
      summary: "Upload files (multipart, streamed)",
      description: "Field `files`, repeatable; each part's filename may contain folders. `dir` is the target folder.",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [workspaceIdParam, { in: "query" as const, name: "dir", required: false, schema: { type: "string" as const }, description: "Target folder, default the workspace root." }],
      requestBody: {
        required: true,
        content: { "multipart/form-data": { schema: { type: "object" as const, properties: { files: { type: "array" as const, items: { type: "string" as const, format: "binary" } } }, required: ["files"] } } },
      },
      responses: {
        "201": {
          description: "Uploaded",
          content: { "application/json": { schema: z.object({ uploaded: z.array(z.object({ path: z.string(), size: z.number(), version: z.string() })) }) } },
        },
        ...errors(400, 401, 403, 404, 409, 413, 422, 429),
      },
    },
  },
  "/workspaces/{id}/files/download": {
    get: {
      operationId: "downloadFile",
      tags: ["files"],
      summary: "Download a file, or a folder (the whole workspace without `path`) as .tar.gz (streamed)",
      description:
        "A file comes with its own media type (from its extension); a folder as `application/gzip`, named after it. Without `path` (or with an empty one) the whole workspace is packed, blocked paths and protected files left out as for any folder.",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [
        workspaceIdParam,
        { in: "query" as const, name: "path", required: false, schema: { type: "string" as const, maxLength: 4096 }, description: "A file or folder; default the workspace root." },
      ],
      responses: {
        "200": { description: "The bytes, as an attachment", content: { "application/gzip": binary, "*/*": binary } },
        ...errors(401, 403, 404, 413, 429),
      },
    },
  },
  "/workspaces/{id}/snapshots/{snapshotId}/download": {
    get: {
      operationId: "downloadSnapshot",
      tags: ["snapshots"],
      summary: "Download a snapshot's .tar.gz (streamed)",
      description: "Owners only: a snapshot holds every file, the ones path rules block included. `X-Content-SHA256` carries the archive's checksum.",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [workspaceIdParam, { in: "path" as const, name: "snapshotId", required: true, schema: { type: "string" as const }, description: "The snapshot id." }],
      responses: {
        "200": {
          description: "The archive, as an attachment",
          headers: { "X-Content-SHA256": { description: "The archive's SHA-256, hex.", schema: { type: "string" as const } } },
          content: { "application/gzip": binary },
        },
        ...errors(401, 403, 404, 409, 429),
      },
    },
  },
  "/workspaces/{id}/export": {
    get: {
      operationId: "exportWorkspace",
      tags: ["workspaces"],
      summary: "Export the whole workspace as .tar.gz (streamed), manifest first",
      description:
        "Viewers may export (`read` scope). The first entry is `.atrium/manifest.json` (format, version, name, description, metadata, dates, snapshot list); protected files and blocked paths are left out. Progress is published as `snapshot:progress` under `X-Atrium-Operation-Id` (or your `operationId`).",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [workspaceIdParam, { in: "query" as const, name: "operationId", required: false, schema: { type: "string" as const }, description: "Your id for the progress events." }],
      responses: {
        "200": {
          description: "The archive, as an attachment",
          headers: { "X-Atrium-Operation-Id": { description: "The id of this export in `snapshot:progress` events.", schema: { type: "string" as const } } },
          content: { "application/gzip": binary },
        },
        ...errors(401, 403, 404, 409, 429),
      },
    },
  },
  "/workspaces/{id}/events": {
    get: {
      operationId: "workspaceEvents",
      tags: ["workspaces"],
      summary: "Follow the workspace's events (Server-Sent Events)",
      description: [
        "A `text/event-stream` that stays open: `files:changed` (paths changed on disk, from editors, terminals, agents, tasks, restores; `overflow: true` means list again), `task:changed`, `snapshot:created`/`snapshot:deleted`/`snapshot:restored` and `session:changed`, each with an `id:`. Viewers may follow (`read` scope).",
        "The first event is `ready` (its id is where to resume from). Reconnect with the `Last-Event-ID` header (or `lastEventId`) to get what you missed: each workspace keeps its last ATRIUM_EVENTS_BUFFER events (1000 by default) while someone follows it and for 5 minutes after. An id that is older, from before a restart or unknown gets a `reset` event: list what you need again, then follow.",
        "File changes never name protected files or paths blocked by the workspace's rules. A comment line (`: keep-alive`) comes every 15 s. The stream ends with a `revoked` event (code, reason, message) when your key is revoked or expires or you lose access to the workspace, and with `closing` when the server restarts.",
      ].join("\n\n"),
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [
        workspaceIdParam,
        { in: "query" as const, name: "kinds", required: false, schema: { type: "string" as const, example: "files,tasks" }, description: "Comma-separated: files, tasks, snapshots, sessions. All when absent." },
        { in: "query" as const, name: "paths", required: false, schema: { type: "string" as const, example: "src/**,*.json" }, description: "Comma-separated globs (picomatch, up to 20): only file changes whose path matches one." },
        { in: "query" as const, name: "lastEventId", required: false, schema: { type: "string" as const }, description: "Resume after this id, for clients that cannot set the Last-Event-ID header." },
        { in: "header" as const, name: "Last-Event-ID", required: false, schema: { type: "string" as const }, description: "Resume after this id (EventSource sends it on reconnect)." },
      ],
      responses: {
        "200": {
          description: "The event stream: `id:`, `event:` and one `data:` line of JSON per event.",
          content: { "text/event-stream": { schema: { type: "string" as const }, example: 'id: 3f2a9c1e.42\nevent: files:changed\ndata: {"workspaceId":"…","changes":[{"path":"src/app.ts","kind":"modified","isDirectory":false}],"overflow":false}\n\n' } },
        },
        ...errors(400, 401, 403, 404, 429),
      },
    },
  },
  "/workspaces/import": {
    post: {
      operationId: "importWorkspace",
      tags: ["workspaces"],
      summary: "Import a .tar.gz as a new workspace you own (streamed)",
      description:
        "The body is the archive itself. An Atrium export's manifest supplies name, description and metadata; a plain tar.gz needs `name`. Hostile archives (absolute paths, `..`, links out) and archives holding entries Atrium cannot create (devices, FIFOs, GNU sparse files: 422 `archive_special_file` naming each in `details.entries`) and archives over a new workspace's quota are refused with nothing created.",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [
        { in: "query" as const, name: "name", required: false, schema: { type: "string" as const }, description: "Required without a manifest; overrides the manifest's name." },
        { in: "query" as const, name: "description", required: false, schema: { type: "string" as const } },
        { in: "query" as const, name: "operationId", required: false, schema: { type: "string" as const }, description: "Your id for the progress events." },
      ],
      requestBody: { required: true, content: { "application/gzip": binary, "application/octet-stream": binary } },
      responses: {
        "201": {
          description: "Imported",
          content: {
            "application/json": {
              schema: z.object({
                workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }).loose(),
                operationId: z.string(),
                manifest: z.boolean(),
                files: z.number(),
                archiveBytes: z.number(),
                sha256: z.string(),
                dropped: z
                  .array(z.object({ path: z.string(), why: z.string() }))
                  .describe("Entries that could not be created where they stood (e.g. a hard link to a file not in the archive), each with why; at most 200 listed."),
                droppedCount: z.number(),
              }),
            },
          },
        },
        ...errors(400, 401, 403, 409, 413, 422, 429),
      },
    },
  },
};

type Doc = ReturnType<typeof generateOpenApiDocument>;
let cached: Doc | null = null;

export function openApiDocument(): Doc {
  cached ??= finishDocument(
    generateOpenApiDocument(restRouter, {
      title: "Atrium",
      description: "Shared sandboxed code workspaces for people and AI agents. Authenticate with `Authorization: Bearer atr_…` (an API key with scopes read, write, exec, admin).",
      version: appVersion(),
      // The repository states no licence (package.json is private); linters want the field stated.
      license: { name: "Proprietary: no licence is granted", identifier: "LicenseRef-Proprietary" },
      baseUrl: REST_BASE,
      securitySchemes: { [SECURITY_SCHEME]: { type: "http", scheme: "bearer", description: "An Atrium API key (atr_…)." } },
      tags: TAGS.map((t) => t.name),
      paths: handWritten,
      defs: { Error: ZError },
    }),
  );
  return cached;
}
