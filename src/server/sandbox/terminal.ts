// Opening an interactive terminal in a session, for the socket layer: the same checks as exec
// (own running session, not archived) plus the preset's shell switch, which turns terminals off.
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";
import type { Tty } from "./driver";
import { limitsFromJson } from "./presets";
import { driverFor, sandboxSettings } from "./service";
import { type ActorContext, handleOf, ownSessionRow, touchSession } from "./sessions";

export async function openTerminal(ctx: ActorContext, access: WorkspaceAccess, input: { sessionId: string; cols: number; rows: number }): Promise<Tty> {
  const row = await ownSessionRow(ctx, access, input.sessionId, "terminal.open");
  const handle = handleOf(row);
  if (row.status !== "RUNNING" || !handle) {
    throw new AppError("CONFLICT", { message: "This session is not running. Start a new session to open a terminal.", reason: "session_not_running" });
  }
  if (!limitsFromJson(row.preset, row.limits, sandboxSettings().presets).shell) {
    await audit.denied(ctx, { action: "terminal.open", reason: "shell_disabled", target: row.id, permission: "exec", workspaceId: access.workspace.id });
    throw new AppError("FORBIDDEN", { message: `The "${row.preset}" preset has no shell, so no terminal. Run argv commands with exec, or start a session with another preset.`, reason: "shell_disabled" });
  }
  const cols = Math.max(1, Math.min(1000, Math.floor(input.cols)));
  const rows = Math.max(1, Math.min(500, Math.floor(input.rows)));
  const tty = await driverFor(handle.driver).openTty(handle, { cols, rows });
  await touchSession(row.id);
  return tty;
}
