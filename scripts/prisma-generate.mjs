// `prisma generate` without network: the CLI insists on a schema-engine binary being present
// even though generate never runs it, so point it at an executable that exists (node itself).
// Skipped when src/generated/prisma was made from the same schema by the same Prisma: postinstall
// runs this on every `npm install` (and npm runs it again when anything installs the project, as
// `npx atrium` does), and rewriting unchanged files would make the next `npm start` rebuild the app
// (scripts/start.mjs stamps src/ by modification times). `--force` generates anyway.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const output = path.join(root, "src", "generated", "prisma");
const stampFile = path.join(output, ".atrium-generated");

/** What the generated client depends on: the schema, the config, and the Prisma versions. */
function inputsStamp() {
  const hash = createHash("sha256");
  for (const file of ["prisma/schema.prisma", "prisma.config.ts"]) hash.update(`${file}\0${readFileSync(path.join(root, file))}\0`);
  for (const pkg of ["prisma", "@prisma/client"]) {
    const manifest = JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`, { paths: [root] }), "utf8"));
    hash.update(`${pkg}@${manifest.version}\0`);
  }
  return hash.digest("hex");
}

const stamp = inputsStamp();
if (!process.argv.includes("--force") && existsSync(path.join(output, "client.ts")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
  console.log("[atrium] Prisma Client in src/generated/prisma is up to date (--force regenerates it)");
  process.exit(0);
}
const cli = require.resolve("prisma/build/index.js", { paths: [root] });
const result = spawnSync(process.execPath, [cli, "generate"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
if (result.status === 0) writeFileSync(stampFile, stamp);
process.exit(result.status ?? 1);
