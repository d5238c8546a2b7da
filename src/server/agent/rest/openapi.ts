// GET /api/v1/openapi.json: generated from the REST procedures, plus the routes that stream
// outside tRPC (upload, file and snapshot downloads) and the public ones (health, this document), written by hand.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { appVersion } from "~/server/runtime";
import { restRouter } from "./router";

export const REST_BASE = "/api/v1";
export const SECURITY_SCHEME = "bearerAuth";

const ZError = z
  .object({
    error: z.object({
      code: z.string().describe("Stable code: UNAUTHORIZED, FORBIDDEN, PATH_DENIED, NOT_FOUND, CONFLICT, QUOTA_EXCEEDED, LIMIT_EXCEEDED, RATE_LIMITED, INVALID_INPUT, PAYLOAD_TOO_LARGE, UNAVAILABLE, INTERNAL"),
      message: z.string().describe("What happened and what to do next."),
      reason: z.string().optional().describe("A stable detail, e.g. missing_scope, version_conflict."),
      retryAfterSeconds: z.number().int().optional(),
      details: z.record(z.string(), z.unknown()).optional().describe("For 400: `fieldErrors` (dotted field paths → messages) and `formErrors`."),
    }),
  })
  .meta({ id: "Error" });

const errorText: Record<number, string> = {
  400: "Invalid input (see error.details.fieldErrors)",
  401: "Missing, unknown, expired or revoked API key",
  403: "The key lacks a scope, the role is too low, or a path rule protects the path",
  404: "No such workspace, file, session or snapshot (or no access to it)",
  405: "Method not allowed",
  409: "Conflict with the current state",
  413: "Too large, or over the workspace quota",
  415: "Unsupported content type",
  422: "Understood but refused (limits, invalid values)",
  429: "Rate limited; see Retry-After",
  500: "Server error",
  503: "A dependency (Docker, database) is unavailable",
};

const errorResponse = (status: number) => ({ description: errorText[status] ?? "Error", content: { "application/json": { schema: ZError } } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), errorResponse(s)]));
const workspaceIdParam = { in: "path" as const, name: "id", required: true, schema: { type: "string" as const }, description: "The workspace id." };

const handWritten = {
  "/health": {
    get: {
      operationId: "health",
      tags: ["system"],
      summary: "Health of the server, its database and Docker",
      security: [],
      responses: {
        "200": { description: "Up (status ok or degraded)", content: { "application/json": { schema: z.object({ status: z.enum(["ok", "degraded", "down"]), version: z.string(), time: z.string() }).loose() } } },
        "503": { description: "Down: the database does not answer" },
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
      summary: "Download a file, or a folder as .tar.gz (streamed)",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [workspaceIdParam, { in: "query" as const, name: "path", required: true, schema: { type: "string" as const } }],
      responses: {
        "200": {
          description: "The bytes, as an attachment",
          content: { "application/octet-stream": { schema: { type: "string" as const, format: "binary" } }, "application/gzip": { schema: { type: "string" as const, format: "binary" } } },
        },
        ...errors(401, 403, 404, 429),
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
        "200": { description: "The archive, as an attachment", content: { "application/gzip": { schema: { type: "string" as const, format: "binary" } } } },
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
        "200": { description: "The archive, as an attachment", content: { "application/gzip": { schema: { type: "string" as const, format: "binary" } } } },
        ...errors(401, 403, 404, 409, 429),
      },
    },
  },
  "/workspaces/import": {
    post: {
      operationId: "importWorkspace",
      tags: ["workspaces"],
      summary: "Import a .tar.gz as a new workspace you own (streamed)",
      description:
        "The body is the archive itself. An Atrium export's manifest supplies name, description and metadata; a plain tar.gz needs `name`. Hostile archives (absolute paths, `..`, links out, devices) and archives over a new workspace's quota are refused with nothing created.",
      security: [{ [SECURITY_SCHEME]: [] }],
      parameters: [
        { in: "query" as const, name: "name", required: false, schema: { type: "string" as const }, description: "Required without a manifest; overrides the manifest's name." },
        { in: "query" as const, name: "description", required: false, schema: { type: "string" as const } },
        { in: "query" as const, name: "operationId", required: false, schema: { type: "string" as const }, description: "Your id for the progress events." },
      ],
      requestBody: { required: true, content: { "application/gzip": { schema: { type: "string" as const, format: "binary" } } } },
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

/** The key's budget, on every answer of a protected route (see auth/key-rate-limit). */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "Requests per minute this key may make (on every door together).", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests it may make right now.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the full budget is back.", schema: { type: "integer" } },
};

/** Every error response gets the real error body, every protected route its 401 and 429, and RateLimit-* headers. */
function normalizeErrors(doc: Doc): Doc {
  const errorRef = { $ref: "#/components/schemas/Error" };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item as Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>)) {
      if (!op || typeof op !== "object" || !op.responses) continue;
      const isProtected = Array.isArray(op.security) && op.security.length > 0;
      const statuses = new Set(Object.keys(op.responses).filter((s) => Number(s) >= 400));
      if (isProtected) ["401", "429", "500"].forEach((s) => statuses.add(s));
      for (const s of statuses) {
        op.responses[s] = {
          description: errorText[Number(s)] ?? "Error",
          ...(s === "429" ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } }, ...RATE_LIMIT_HEADERS } } : {}),
          content: { "application/json": { schema: errorRef } },
        };
      }
      if (isProtected) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400 || !response || typeof response !== "object") continue;
          const withHeaders = response as { headers?: Record<string, unknown> };
          withHeaders.headers = { ...withHeaders.headers, ...RATE_LIMIT_HEADERS };
        }
      }
    }
  }
  return doc;
}

export function openApiDocument(): Doc {
  cached ??= normalizeErrors(
    generateOpenApiDocument(restRouter, {
      title: "Atrium",
      description: "Shared sandboxed code workspaces for people and AI agents. Authenticate with `Authorization: Bearer atr_…` (an API key with scopes read, write, exec, admin).",
      version: appVersion(),
      baseUrl: REST_BASE,
      securitySchemes: { [SECURITY_SCHEME]: { type: "http", scheme: "bearer", description: "An Atrium API key (atr_…)." } },
      tags: ["workspaces", "files", "sandbox", "snapshots", "system"],
      paths: handWritten,
      defs: { Error: ZError },
    }),
  );
  return cached;
}
