// Session and terminal errors in words that say what to do next.
import type { AppErrorBody } from "~/server/errors";

export function sessionErrorMessage(error: Pick<AppErrorBody, "code" | "message" | "reason">): string {
  switch (error.reason) {
    case "docker_unavailable":
      return "Sandboxes are unavailable: Atrium cannot reach its Docker engine. Ask your administrator to check that Docker is running.";
    case "docker_error":
      return `${error.message} If this keeps happening, ask your administrator to check the Docker engine.`;
    case "agent_unavailable":
      return `${error.message} Stop this session and start a new one; if that fails too, ask your administrator.`;
    case "role_required":
      return "Viewers can watch shared terminals but cannot start sessions or type. Ask a workspace owner to make you an editor.";
    case "too_many_terminals":
    case "too_many_execs":
    case "user_session_limit": // already says to stop a session
    case "override_above_preset":
      return error.message;
    case "session_not_found":
      return "That session is gone (it was stopped, perhaps for being idle). Start a new session; your files are still here.";
    case "workspace_archived":
      return "This workspace is archived. An owner can unarchive it from the dashboard; then start a session.";
    case "image_not_allowed":
      return error.message;
  }
  if (error.code === "LIMIT_EXCEEDED") return `${error.message} Stop a session you no longer need, then try again.`;
  if (error.code === "UNAVAILABLE") return `${error.message} Try again in a moment; if it keeps failing, ask your administrator.`;
  return error.message;
}
