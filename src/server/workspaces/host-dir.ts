// Which host directories may become (or receive) a workspace. Registering hands every member of
// the workspace read/write access to that tree through the API, so the rules err on refusing:
// never `/`, never a system directory or anything below one, never Atrium's own data dir (or a
// directory that contains it), and never a directory that overlaps another workspace's root.
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Prisma } from "~/generated/prisma/client";
import { env } from "~/env";
import { AppError } from "~/server/errors";
import { escapeLike } from "./like";
import { ancestorsOf, isWithin } from "./paths";

/** Refused together with everything below them. */
export const SYSTEM_DIRECTORIES = [
  "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/root", "/run", "/sbin", "/sys", "/usr", "/var",
] as const;

/** Lexical checks only (no disk access), so they can be applied to the path as typed and to its real path. */
export function hostPathProblem(candidate: string, dataDir: string): AppError | null {
  if (candidate.includes("\0")) {
    return new AppError("INVALID_INPUT", { message: "The path contains a null byte. Type the directory path again.", reason: "invalid_path" });
  }
  if (!path.isAbsolute(candidate)) {
    return new AppError("INVALID_INPUT", {
      message: `"${candidate}" is not an absolute path. Give the full path from the root, such as /srv/projects/site.`,
      reason: "path_not_absolute",
    });
  }
  const normalized = path.resolve(candidate);
  if (normalized === "/") {
    return new AppError("FORBIDDEN", { message: "The filesystem root cannot be a workspace. Choose a project directory.", reason: "system_directory" });
  }
  const system = SYSTEM_DIRECTORIES.find((dir) => isWithin(normalized, dir));
  if (system) {
    return new AppError("FORBIDDEN", {
      message: `${normalized} is inside the system directory ${system}, which cannot be a workspace. Choose a directory under /home, /srv or /opt instead.`,
      reason: "system_directory",
    });
  }
  const data = path.resolve(dataDir);
  if (isWithin(normalized, data) || isWithin(data, normalized)) {
    return new AppError("FORBIDDEN", {
      message: `${normalized} overlaps Atrium's data directory (${data}). Choose a directory outside it.`,
      reason: "atrium_data_dir",
    });
  }
  return null;
}

export interface ResolvedHostDir {
  /** The real path (symlinks resolved), which is what gets stored as the root. */
  path: string;
  exists: boolean;
}

/**
 * Validates a host directory and returns its real path. With `allowMissing`, a path that does
 * not exist yet is accepted (its nearest existing ancestor is resolved and checked instead).
 */
export async function resolveHostDirectory(candidate: string, options: { allowMissing?: boolean } = {}): Promise<ResolvedHostDir> {
  const dataDir = env().dataDir;
  const lexical = hostPathProblem(candidate, dataDir);
  if (lexical) throw lexical;
  const normalized = path.resolve(candidate);

  let real: string;
  let exists = true;
  try {
    real = await realpath(normalized);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    if (!options.allowMissing) {
      throw new AppError("INVALID_INPUT", { message: `${normalized} does not exist. Create the directory first, or check the path.`, reason: "path_not_found" });
    }
    exists = false;
    real = await realpathOfMissing(normalized);
  }
  // A symlink such as /srv/link → /etc must be judged by where it leads.
  const afterLinks = hostPathProblem(real, dataDir);
  if (afterLinks) throw afterLinks;

  if (exists && !(await stat(real)).isDirectory()) {
    throw new AppError("INVALID_INPUT", { message: `${normalized} is a file, not a directory. Give the directory that holds the project.`, reason: "not_a_directory" });
  }
  return { path: real, exists };
}

/** The real path of a not-yet-existing path: its nearest existing ancestor resolved, plus the rest. */
async function realpathOfMissing(normalized: string): Promise<string> {
  for (const ancestor of ancestorsOf(normalized)) {
    try {
      const real = await realpath(ancestor);
      return path.join(real, path.relative(ancestor, normalized));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return normalized;
}

/**
 * Refuses a root that equals, contains or lies inside another workspace's root, archived ones
 * included (they come back to their root on unarchive). Call inside the transaction that stores
 * the root, after taking the roots lock, so two registrations cannot race.
 */
export async function assertNoRootOverlap(tx: Prisma.TransactionClient, root: string, excludeWorkspaceId?: string): Promise<void> {
  const clash = await tx.workspace.findFirst({
    where: {
      ...(excludeWorkspaceId ? { id: { not: excludeWorkspaceId } } : {}),
      OR: [{ rootPath: root }, { rootPath: { startsWith: `${escapeLike(root)}/` } }, { rootPath: { in: ancestorsOf(root) } }],
    },
    select: { name: true, rootPath: true },
  });
  if (!clash) return;
  if (clash.rootPath === root) {
    throw new AppError("CONFLICT", { message: `${root} is already the workspace "${clash.name}". Open that workspace instead.`, reason: "already_registered" });
  }
  throw new AppError("CONFLICT", {
    message: `${root} overlaps the workspace "${clash.name}" (${clash.rootPath}). Workspaces cannot be nested; choose a directory outside it.`,
    reason: "overlaps_workspace",
  });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as NodeJS.ErrnoException).code === "ENOENT";
}
