// TypeScript types for /api/v1, generated from the OpenAPI document with openapi-typescript, as a
// client generated from the document would have them. The generated file is committed
// (examples/openapi/atrium-api.d.ts, `npm run openapi:types`); tests regenerate it and fail when it is stale.
import path from "node:path";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

export const GENERATED_TYPES_FILE = path.resolve(import.meta.dirname, "../../examples/openapi/atrium-api.d.ts");

const HEADER = `// Generated from GET /api/v1/openapi.json by openapi-typescript: do not edit.
// Regenerate with \`npm run openapi:types\`; a test fails when this file is stale.
`;

export async function generateTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true, silent: true });
  return HEADER + astToString(ast);
}
