// Builds the exec agent (agent/atrium-agent.c) into a static binary the Docker driver bind-mounts
// into every sandbox container. Static, so it runs in any image (busybox, python:3.12, distroless).
// Run by `scripts/build-agent.mjs` (from `npm run images` and CI) and by the agent's tests; the
// server itself never compiles: without the binary the driver falls back to one Docker exec per
// command. Node built-ins only (and static-binary.ts) so the script can load it through tsx.
import path from "node:path";
import { type BuildResult, compileStatic } from "../static-binary";

export type { BuildResult };

/** Relative to the working directory the server runs in (the checkout), like `.next/`. */
const DEFAULT_BINARY = ".atrium/bin/atrium-agent";
const SOURCE = "src/server/sandbox/agent/atrium-agent.c";

export class AgentBuildError extends Error {}

/** Where the agent lives; `override` is ATRIUM_AGENT_BINARY (e.g. a packaged install). */
export function agentBinaryPath(override?: string): string {
  // A path read at run time, not a module: the bundler must not trace the project for it.
  return path.resolve(/*turbopackIgnore: true*/ override || DEFAULT_BINARY);
}

export function agentSourcePath(): string {
  return path.resolve(SOURCE);
}

/** Compiles the agent unless the binary is newer than its source. Throws AgentBuildError with a fix. */
export async function buildAgent(options: { force?: boolean; output?: string; cc?: string } = {}): Promise<BuildResult> {
  return compileStatic({
    source: agentSourcePath(),
    output: options.output ?? agentBinaryPath(),
    force: options.force,
    cc: options.cc,
    what: "the exec agent",
    withoutIt: "Until then sandboxes run every command as a Docker exec (slower, same results).",
    makeError: (message) => new AgentBuildError(message),
  });
}
