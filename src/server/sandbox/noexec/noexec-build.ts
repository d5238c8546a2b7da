// Builds the no-exec mount helper (atrium-noexec.c) into a static binary, like the confined file
// helper. Without it, sessions of workspaces with NO_EXEC rules fail to start (Docker driver):
// running them without the noexec mounts would silently drop the rule's enforcement.
import path from "node:path";
import { type BuildResult, compileStatic } from "../../static-binary";

const DEFAULT_BINARY = ".atrium/bin/atrium-noexec";
const SOURCE = "src/server/sandbox/noexec/atrium-noexec.c";

export class NoExecBuildError extends Error {}

export function noExecBinaryPath(): string {
  // A path read at run time, not a module: the bundler must not trace the project for it.
  return path.resolve(/*turbopackIgnore: true*/ DEFAULT_BINARY);
}

export function buildNoExec(options: { force?: boolean; output?: string; cc?: string } = {}): Promise<BuildResult> {
  return compileStatic({
    source: path.resolve(/*turbopackIgnore: true*/ SOURCE),
    output: options.output ?? noExecBinaryPath(),
    force: options.force,
    cc: options.cc,
    what: "the no-exec mount helper",
    withoutIt: "Until then sessions of workspaces with no_exec path rules fail to start on the Docker driver.",
    makeError: (message) => new NoExecBuildError(message),
  });
}
