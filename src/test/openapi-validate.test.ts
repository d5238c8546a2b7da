// The response validator the REST tests use, against the real document: it accepts what the
// server sends and fails on each kind of mismatch (so a response that drifts from the document fails its test).
import { describe, expect, it } from "vitest";
import { openApiDocument } from "~/server/agent/rest/openapi";
import { createResponseValidator, type ObservedResponse } from "./openapi-validate";

const validate = createResponseValidator(openApiDocument());
const json = "application/json";
const error = (code: string) => JSON.stringify({ error: { code, message: "m" } });
const snapshot = { id: "s", workspaceId: "w", createdById: null, label: "", kind: "MANUAL", sizeBytes: 1, sha256: "x", fileCount: 1, includesProtected: false, keep: false, createdAt: "2026-01-01T00:00:00.000Z" };
const ok = (over: Partial<ObservedResponse> = {}): ObservedResponse => ({ method: "GET", url: "/api/v1/workspaces/w1/snapshots", status: 200, contentType: json, body: JSON.stringify({ items: [snapshot] }), ...over });

describe("createResponseValidator", () => {
  it("accepts responses that match the document", () => {
    expect(validate(ok())).toEqual([]);
    expect(validate(ok({ status: 404, body: error("NOT_FOUND") }))).toEqual([]);
    expect(validate(ok({ method: "POST", url: "http://x/api/v1/snapshots/s1/restore", status: 415, contentType: "application/json; charset=utf-8", body: error("INVALID_INPUT") }))).toEqual([]);
    expect(validate(ok({ url: "/api/v1/workspaces/w1/files/download?path=a.py", contentType: "text/x-python", body: "print(1)\n" }))).toEqual([]);
    expect(validate(ok({ url: "/api/v1/health", status: 431, body: error("LIMIT_EXCEEDED") }))).toEqual([]);
  });

  it("fails a body that does not match the schema", () => {
    const wrong = { ...snapshot, sizeBytes: "1" };
    expect(validate(ok({ body: JSON.stringify({ items: [wrong] }) })).join("\n")).toMatch(/body\/items\/0\/sizeBytes must be/);
    expect(validate(ok({ body: JSON.stringify({ items: [{ ...snapshot, kind: "OTHER" }] }) })).join("\n")).toMatch(/kind must be equal to one of the allowed values/);
    expect(validate(ok({ status: 400, body: JSON.stringify({ error: { code: "NOPE", message: "m" } }) }))).not.toEqual([]);
    expect(validate(ok({ body: "{not json" }))).toEqual([expect.stringMatching(/not JSON/)]);
  });

  it("fails an undocumented status, content type, operation or path", () => {
    expect(validate(ok({ status: 418 }))).toEqual([expect.stringMatching(/status not documented/)]);
    expect(validate(ok({ contentType: "text/html" }))).toEqual([expect.stringMatching(/Content-Type "text\/html" not documented/)]);
    expect(validate(ok({ method: "PATCH" }))).toEqual([expect.stringMatching(/no such operation/)]);
    expect(validate(ok({ url: "/api/v1/no/such/route" }))).toEqual([expect.stringMatching(/no such operation/)]);
  });
});
