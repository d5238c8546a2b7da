// Which host folders an admin may share. The same lexical rules as registering a host directory
// (never /, a system directory, Atrium's data dir or anything around it), plus: it must exist and
// be a directory, no component of the path may be a symbolic link (the path stored is the path
// dockerd bind-mounts, so what it names must not be redirectable later), and it must not overlap
// a workspace root (a shared folder is not a back door into a workspace, or the reverse).
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { assertNoRootOverlap, hostPathProblem } from "~/server/workspaces/host-dir";

function invalid(message: string): AppError {
  return new AppError("INVALID_INPUT", { message, reason: "shared_folder_invalid" });
}

/** Returns the normalized path, or throws INVALID_INPUT / FORBIDDEN / CONFLICT saying why not. */
export async function validateSharedHostPath(candidate: string): Promise<string> {
  const lexical = hostPathProblem(candidate, env().dataDir);
  if (lexical) throw lexical;
  const normalized = path.resolve(/*turbopackIgnore: true*/ candidate);
  if (/[\n\r]/.test(normalized)) throw invalid("The path contains a line break. Type it again.");
  // Every component, from the top: lstat, so a symlink anywhere is seen rather than followed.
  const parts = normalized.split("/").filter(Boolean);
  let at = "/";
  for (const part of parts) {
    at = path.join(/*turbopackIgnore: true*/ at, part);
    const st = await lstat(at).catch(() => null);
    if (!st) throw invalid(`${at} does not exist. Create the folder first, or check the path.`);
    if (st.isSymbolicLink()) throw invalid(`${at} is a symbolic link. Give the real path of the folder (no links on the way).`);
    if (at === normalized && !st.isDirectory()) throw invalid(`${normalized} is not a directory.`);
  }
  // Belt and braces: the real path must be the path as given.
  if ((await realpath(normalized)) !== normalized) throw invalid(`${normalized} does not resolve to itself; give its real path.`);
  try {
    await assertNoRootOverlap(db(), normalized);
  } catch (error) {
    throw new AppError("CONFLICT", {
      message: `${normalized} overlaps a workspace's folder. A shared folder must lie outside every workspace (and contain none).`,
      reason: "overlaps_workspace",
      cause: error,
    });
  }
  return normalized;
}
