// Compiling Atrium's two small static C programs (the sandbox exec agent and the confined file
// helper) with the system C compiler. Static, so they run in any image and need no libc at run
// time. Node built-ins only: `scripts/build-agent.mjs` loads this through tsx before the app exists.
import { spawn } from "node:child_process";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

export interface BuildResult {
  path: string;
  built: boolean;
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

export interface CompileOptions {
  source: string;
  output: string;
  force?: boolean;
  cc?: string;
  /** Names the program in messages, e.g. "the exec agent". */
  what: string;
  /** What happens while it is missing, appended to the "no compiler" message. */
  withoutIt: string;
  makeError: (message: string) => Error;
}

/** Compiles `source` unless `output` is newer. Throws `makeError(...)` with a fix. */
export async function compileStatic(options: CompileOptions): Promise<BuildResult> {
  const { source, output } = options;
  const sourceTime = await mtime(source);
  if (sourceTime === null) throw options.makeError(`the source ${source} is missing (run from the Atrium checkout)`);
  const binaryTime = await mtime(output);
  if (!options.force && binaryTime !== null && binaryTime >= sourceTime) return { path: output, built: false };
  await mkdir(path.dirname(output), { recursive: true });
  // Compile next to the target, then rename: running processes keep the inode they started from
  // and a server starting meanwhile never sees half a binary.
  const tmp = `${output}.${process.pid}.tmp`;
  const cc = options.cc ?? "gcc";
  try {
    const result = await run(cc, ["-static", "-O2", "-Wall", "-Wextra", "-o", tmp, source]).catch((error: unknown) => {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") {
        throw options.makeError(`${cc} is not installed, so ${options.what} cannot be built: apt-get install -y gcc libc6-dev. ${options.withoutIt}`);
      }
      throw error;
    });
    if (result.code !== 0) {
      throw options.makeError(`${cc} failed to build ${options.what} (exit ${result.code}):\n${result.output.trim()}\n(-static needs libc6-dev's libc.a)`);
    }
    await chmod(tmp, 0o755);
    await rename(tmp, output);
  } finally {
    await rm(tmp, { force: true });
  }
  return { path: output, built: true };
}
