// Turns operating-system errors into AppErrors that say what happened in workspace terms
// (relative paths only: absolute host paths never reach a client).
import { AppError } from "~/server/errors";

export function fsCode(error: unknown): string | undefined {
  if (error instanceof Error && "code" in error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

export function isFsError(error: unknown, ...codes: string[]): boolean {
  const code = fsCode(error);
  return code !== undefined && codes.includes(code);
}

export function display(relative: string): string {
  return relative === "" ? "the workspace root" : `"${relative}"`;
}

export function notFound(relative: string): AppError {
  return new AppError("NOT_FOUND", {
    message: `Nothing exists at ${display(relative)}. It may have been moved or deleted; refresh the file tree.`,
    reason: "file_not_found",
    details: { path: relative },
  });
}

/** AppErrors pass through; known errno values become typed errors; anything else is rethrown as is. */
export function toAppError(error: unknown, relative: string): unknown {
  if (error instanceof AppError) return error;
  switch (fsCode(error)) {
    case "ENOENT":
      return notFound(relative);
    case "EEXIST":
      return new AppError("CONFLICT", { message: `${display(relative)} already exists. Pick another name or delete it first.`, reason: "already_exists", details: { path: relative } });
    case "ENOTDIR":
      return new AppError("CONFLICT", { message: `A part of ${display(relative)} is a file, not a folder. Check the path.`, reason: "not_a_directory", details: { path: relative } });
    case "EISDIR":
      return new AppError("CONFLICT", { message: `${display(relative)} is a folder; this needs a file.`, reason: "is_a_directory", details: { path: relative } });
    case "ENOTEMPTY":
      return new AppError("CONFLICT", { message: `The folder ${display(relative)} is not empty. Delete it with "recursive" to remove everything in it.`, reason: "directory_not_empty", details: { path: relative } });
    case "ELOOP":
      return new AppError("PATH_DENIED", { message: `${display(relative)} is a symbolic link here; Atrium does not follow links when changing files.`, reason: "invalid_path", details: { path: relative } });
    case "ENOSPC":
    case "EDQUOT":
      return new AppError("UNAVAILABLE", { message: "The server's disk is full. Free space on the host, or ask your administrator.", reason: "disk_full" });
    case "EIO":
      return new AppError("UNAVAILABLE", { message: `The server's disk failed while working on ${display(relative)}; nothing was changed. Try again, and tell your administrator if it keeps failing.`, reason: "disk_error" });
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return new AppError("FORBIDDEN", { message: `The server's file system refused access to ${display(relative)} (file permissions). Fix its permissions from a terminal.`, reason: "os_permission_denied", details: { path: relative } });
    case "ENAMETOOLONG":
      return new AppError("INVALID_INPUT", { message: `The name ${display(relative)} is too long for the file system. Use a shorter name.`, reason: "name_too_long" });
    default:
      return error;
  }
}

/** Runs `fn`, converting file-system errors about `relative` into AppErrors. */
export async function mapFsErrors<T>(relative: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAppError(error, relative);
  }
}
