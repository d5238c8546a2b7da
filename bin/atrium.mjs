#!/usr/bin/env node
// The `atrium` admin CLI (also `npm run atrium -- …`). Runs the TypeScript sources through tsx.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { register } = await import("tsx/esm/api");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import("../src/cli/main.ts");
