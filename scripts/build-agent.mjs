#!/usr/bin/env node
// Builds Atrium's static C programs into .atrium/bin, skipping each when it is newer than its
// source: the confined file helper (src/server/storage/fsd/atrium-fsd.c), which every file
// operation on a workspace needs, and the sandbox exec agent (src/server/sandbox/agent/
// atrium-agent.c), without which sandboxes fall back to one (slower) Docker exec per command, and the no-exec mount
// helper (src/server/sandbox/noexec/atrium-noexec.c) for NO_EXEC path rules.
// Called by `npm start`, `npm run images`, `npm run agent` and CI. Exits 1 only when the file
// helper cannot be built.  Usage: node scripts/build-agent.mjs [--force]
import { register } from "tsx/esm/api";

register();
const force = process.argv.includes("--force");
const cc = process.env.CC || undefined;
const { buildFsd, FsdBuildError } = await import("../src/server/storage/fsd/fsd-build.ts");
const { buildAgent, AgentBuildError } = await import("../src/server/sandbox/agent-build.ts");
let failed = false;
try {
  const result = await buildFsd({ force, cc, output: process.env.ATRIUM_FSD_BINARY || undefined });
  console.log(`confined file helper: ${result.path} ${result.built ? "built" : "up to date, skipped (--force rebuilds it)"}`);
} catch (error) {
  console.error(`error: ${error instanceof FsdBuildError ? error.message : (error?.stack ?? String(error))}`);
  failed = true;
}
try {
  const result = await buildAgent({ force, cc, output: process.env.ATRIUM_AGENT_BINARY || undefined });
  console.log(`exec agent: ${result.path} ${result.built ? "built" : "up to date, skipped (--force rebuilds it)"}`);
} catch (error) {
  console.error(`${failed ? "error" : "warning"}: ${error instanceof AgentBuildError ? error.message : (error?.stack ?? String(error))}`);
}
try {
  const { buildNoExec } = await import("../src/server/sandbox/noexec/noexec-build.ts");
  const result = await buildNoExec({ force, cc });
  console.log(`no-exec mount helper: ${result.path} ${result.built ? "built" : "up to date, skipped (--force rebuilds it)"}`);
} catch (error) {
  console.error(`warning: ${error?.message ?? String(error)}`);
}
process.exit(failed ? 1 : 0);
