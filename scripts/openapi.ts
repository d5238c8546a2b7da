// The OpenAPI document without a running server, built by the same code that serves it:
//   tsx scripts/openapi.ts dump FILE   writes /api/v1/openapi.json (npm run lint:openapi lints it)
//   tsx scripts/openapi.ts types       regenerates examples/openapi/atrium-api.d.ts (npm run openapi:types)
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { openApiDocument } from "~/server/agent/rest/openapi";
import { GENERATED_TYPES_FILE, generateTypes } from "~/test/openapi-types";

async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2);
  if (command === "dump" && file) {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
    console.log(`[openapi] wrote ${file}`);
  } else if (command === "types") {
    await writeFile(GENERATED_TYPES_FILE, await generateTypes(openApiDocument()));
    console.log(`[openapi] wrote ${path.relative(process.cwd(), GENERATED_TYPES_FILE)}`);
  } else {
    console.error("usage: tsx scripts/openapi.ts dump FILE | types");
    process.exit(2);
  }
}

await main();
