// Builds the exec agent (agent/atrium-agent.c) into a static binary the Docker driver bind-mounts
// into every sandbox container. Static, so it runs in any image (busybox, python:3.12, distroless).
// Run by `scripts/build-agent.mjs` (from `npm run images` and CI) and by the agent's tests; the
// server itself never compiles: without the binary the driver falls back to one Docker exec per
// command. Self-contained (node built-ins only) so the script can load it through tsx.
import { spawn } from "node:child_process";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

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

async function mtime(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

export interface BuildResult {
  path: string;
  built: boolean;
}

/** Compiles the agent unless the binary is newer than its source. Throws AgentBuildError with a fix. */
export async function buildAgent(options: { force?: boolean; output?: string; cc?: string } = {}): Promise<BuildResult> {
  const source = agentSourcePath();
  const output = options.output ?? agentBinaryPath();
  const sourceTime = await mtime(source);
  if (sourceTime === null) throw new AgentBuildError(`the agent source ${source} is missing (run from the Atrium checkout)`);
  const binaryTime = await mtime(output);
  if (!options.force && binaryTime !== null && binaryTime >= sourceTime) return { path: output, built: false };
  await mkdir(path.dirname(output), { recursive: true });
  // Compile next to the target, then rename: running containers keep the inode they mounted and
  // a server starting meanwhile never sees half a binary.
  const tmp = `${output}.${process.pid}.tmp`;
  const cc = options.cc ?? "gcc";
  try {
    const result = await run(cc, ["-static", "-O2", "-Wall", "-Wextra", "-o", tmp, source]).catch((error: unknown) => {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") {
        throw new AgentBuildError(
          `${cc} is not installed, so the exec agent cannot be built: apt-get install -y gcc libc6-dev. ` +
            "Until then sandboxes run every command as a Docker exec (slower, same results).",
        );
      }
      throw error;
    });
    if (result.code !== 0) {
      throw new AgentBuildError(`${cc} failed to build the exec agent (exit ${result.code}):\n${result.output.trim()}\n(-static needs libc6-dev's libc.a)`);
    }
    await chmod(tmp, 0o755);
    await rename(tmp, output);
  } finally {
    await rm(tmp, { force: true });
  }
  return { path: output, built: true };
}
