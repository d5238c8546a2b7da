// Builds the confined file helper (atrium-fsd.c) into a static binary. Unlike the exec agent it
// is not optional: every file operation on a workspace goes through it, so without it the file
// service refuses to work (fails closed) and `atrium doctor` and health say why. `npm start`,
// `npm run images`, CI and the test set-up build it (gcc -static, under a second).
import path from "node:path";
import { type BuildResult, compileStatic } from "../../static-binary";

const DEFAULT_BINARY = ".atrium/bin/atrium-fsd";
const SOURCE = "src/server/storage/fsd/atrium-fsd.c";

export class FsdBuildError extends Error {}

/** Where the helper lives; `override` is ATRIUM_FSD_BINARY (e.g. a packaged install). */
export function fsdBinaryPath(override?: string): string {
  // A path read at run time, not a module: the bundler must not trace the project for it.
  return path.resolve(/*turbopackIgnore: true*/ override || DEFAULT_BINARY);
}

export function buildFsd(options: { force?: boolean; output?: string; cc?: string } = {}): Promise<BuildResult> {
  return compileStatic({
    source: path.resolve(/*turbopackIgnore: true*/ SOURCE),
    output: options.output ?? fsdBinaryPath(),
    force: options.force,
    cc: options.cc,
    what: "the confined file helper",
    withoutIt: "Until then Atrium refuses every file operation on workspaces (they must run confined).",
    makeError: (message) => new FsdBuildError(message),
  });
}
