// Runs the no-exec mount helper (atrium-noexec.c; its header has the containment argument) for
// one container: the helper enters the container's mount namespace and stacks a noexec copy of
// each folder on the folder itself, resolved inside the container without following symlinks.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { AppError } from "~/server/errors";
import type { NoExecOutcome } from "../driver";
import { noExecBinaryPath } from "./noexec-build";

/** Folders per helper run: keeps argv far below the kernel's limit. */
const BATCH = 500;

export function noExecUnavailable(why: string): AppError {
  return new AppError("UNAVAILABLE", {
    message: `This workspace has no_exec path rules and the sandbox could not mount those folders noexec (${why}), so the session was not started without them. Ask an administrator to run \`npm run agent\` (builds .atrium/bin/atrium-noexec) and check the server runs as root; or delete the no_exec rules.`,
    reason: "noexec_unavailable",
  });
}

function runOnce(binary: string, pid: number, folders: readonly string[]): Promise<NoExecOutcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [String(pid), ...folders], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (error) => reject(noExecUnavailable(error.message)));
    child.on("close", (code) => {
      if (code !== 0) return reject(noExecUnavailable(err.trim().slice(0, 300) || `exit ${code}`));
      const outcomes: NoExecOutcome[] = [];
      // One line per folder, in order; the folder is ours, so only the status word is parsed.
      const lines = out.split("\n").filter((l) => l !== "");
      folders.forEach((folder, i) => {
        const words = (lines[i] ?? "").split(" ");
        const status = words[0];
        if (status === "ok" || status === "already") outcomes.push({ folder, result: status });
        else outcomes.push({ folder, result: "skip", error: status === "skip" ? (words[words.length - 1] ?? "EIO") : "EIO" });
      });
      resolve(outcomes);
    });
  });
}

export async function runNoExecHelper(pid: number, folders: readonly string[]): Promise<NoExecOutcome[]> {
  const binary = noExecBinaryPath();
  if (!existsSync(binary)) throw noExecUnavailable(`the helper ${binary} is not built`);
  const outcomes: NoExecOutcome[] = [];
  for (let i = 0; i < folders.length; i += BATCH) outcomes.push(...(await runOnce(binary, pid, folders.slice(i, i + BATCH))));
  return outcomes;
}
