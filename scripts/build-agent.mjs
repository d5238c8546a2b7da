#!/usr/bin/env node
// Builds the sandbox exec agent (a static binary, see src/server/sandbox/agent/atrium-agent.c) into
// .atrium/bin/atrium-agent, skipping when it is newer than its source. Called by `npm run images`
// and CI. Without it Atrium still works: every command then runs as a (slower) Docker exec.
// Usage: node scripts/build-agent.mjs [--force]
import { register } from "tsx/esm/api";

register();
const { buildAgent, AgentBuildError } = await import("../src/server/sandbox/agent-build.ts");
try {
  const result = await buildAgent({
    force: process.argv.includes("--force"),
    cc: process.env.CC || undefined,
    output: process.env.ATRIUM_AGENT_BINARY || undefined,
  });
  console.log(`exec agent: ${result.path} ${result.built ? "built" : "up to date, skipped (--force rebuilds it)"}`);
} catch (error) {
  console.error(`error: ${error instanceof AgentBuildError ? error.message : (error?.stack ?? String(error))}`);
  process.exit(1);
}
