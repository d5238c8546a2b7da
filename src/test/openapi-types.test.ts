// The committed client types (examples/openapi/atrium-api.d.ts) are what openapi-typescript makes
// of the document today; after a change to the REST contract, run `npm run openapi:types`.
// (e2e/api-client.spec.ts checks the same against the document a running server serves.)
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { openApiDocument } from "~/server/agent/rest/openapi";
import { GENERATED_TYPES_FILE, generateTypes } from "./openapi-types";

it("the committed generated types match the document (else run npm run openapi:types)", async () => {
  const committed = await readFile(GENERATED_TYPES_FILE, "utf8");
  expect(await generateTypes(openApiDocument()), "examples/openapi/atrium-api.d.ts is stale: run npm run openapi:types").toBe(committed);
});
