// Where a command starts: always inside /workspace. Pure.
import path from "node:path";
import { AppError } from "~/server/errors";

export const WORKSPACE_MOUNT = "/workspace";

/** `cwd` (absolute inside /workspace, or relative to it) as an absolute path; refuses `..` and anything outside. */
export function resolveCwd(cwd: string | undefined): string {
  if (cwd === undefined || cwd === "" || cwd === ".") return WORKSPACE_MOUNT;
  const refuse = () =>
    new AppError("INVALID_INPUT", {
      message: `The working directory must be inside ${WORKSPACE_MOUNT} (got "${cwd.slice(0, 200)}"). Use a path such as "src" or "${WORKSPACE_MOUNT}/src".`,
      reason: "outside_workspace",
    });
  if (cwd.includes("\0") || cwd.split("/").includes("..")) throw refuse();
  const absolute = path.posix.normalize(cwd.startsWith("/") ? cwd : `${WORKSPACE_MOUNT}/${cwd}`).replace(/\/+$/, "");
  if (absolute !== WORKSPACE_MOUNT && !absolute.startsWith(`${WORKSPACE_MOUNT}/`)) throw refuse();
  return absolute;
}
