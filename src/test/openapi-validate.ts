// Holds real responses to the OpenAPI document: the operation must exist, the status must be one it
// documents, the Content-Type one of that response's media types, and a JSON body must match the
// schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses, with ajv-formats). The REST tests run every
// response they receive through it; openapi-validate.test.ts shows it failing on mismatches.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

export interface ObservedResponse {
  method: string;
  /** The request URL (absolute or a path); the server's base path (/api/v1) is stripped. */
  url: string;
  status: number;
  contentType: string | null;
  /** The body as received. */
  body: string;
}

// ajv-formats is CommonJS with `export default`; under ESM the function may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule);

const pointer = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

function mediaMatches(range: string, media: string): boolean {
  if (range === "*/*" || range === media) return true;
  return range.endsWith("/*") && media.startsWith(range.slice(0, -1));
}

const isJson = (media: string) => media === "application/json" || media.endsWith("+json");

export function createResponseValidator(document: object): (response: ObservedResponse) => string[] {
  const doc = document as Document;
  const base = doc.servers?.[0]?.url ?? "";
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat("binary", true);
  ajv.addSchema(document, "openapi.json");

  // Literal segments win over templated ones (/workspaces/import before /workspaces/{id}).
  const templates = Object.keys(doc.paths)
    .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}/?$`), params: (template.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);

  return (response) => {
    const pathname = new URL(response.url, "http://contract.invalid").pathname;
    const route = pathname.startsWith(base) ? pathname.slice(base.length) || "/" : pathname;
    const method = response.method.toLowerCase();
    const where = `${response.method.toUpperCase()} ${route} → ${response.status}`;
    const found = templates.find((t) => t.pattern.test(route) && doc.paths[t.template]?.[method]);
    if (!found) return [`${where}: no such operation in the document`];
    const operation = doc.paths[found.template]?.[method] ?? {};
    const status = String(response.status);
    const key = [status, `${status[0]}XX`, "default"].find((k) => operation.responses?.[k]);
    if (!key) return [`${where}: status not documented (documented: ${Object.keys(operation.responses ?? {}).join(", ")})`];
    const content = operation.responses?.[key]?.content;
    if (!content) return response.body === "" ? [] : [`${where}: documented without a body, got ${response.body.length} characters`];

    const media = (response.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    const range = Object.keys(content).find((r) => mediaMatches(r.toLowerCase(), media));
    if (!range) return [`${where}: Content-Type ${JSON.stringify(response.contentType)} not documented (documented: ${Object.keys(content).join(", ")})`];
    if (!isJson(media)) return [];

    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
    const ref = `openapi.json#/paths/${pointer(found.template)}/${method}/responses/${key}/content/${pointer(range)}/schema`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`);
  };
}
