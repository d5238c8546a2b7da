// Opening an interactive terminal in a session, for the socket layer: the same checks as exec
// (own running session, not archived) plus the preset's shell switch, which turns terminals off,
// and the workspace's allowlist: a terminal is a shell, so it opens only where `sh` (or `bash`)
// may run; otherwise every allowlist would be one terminal away from meaning nothing.
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { enforceCommandPolicy, evaluateCommand } from "./command-policy";
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
  const ws = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { commandPolicy: true } });
  const shellAllowed = ["sh", "bash"].some((shell) => evaluateCommand([shell], ws?.commandPolicy, { shell: true, preset: row.preset }) === null);
  if (!shellAllowed) await enforceCommandPolicy(ctx, { workspaceId: access.workspace.id, action: "terminal.open", command: ["sh"], policy: ws?.commandPolicy, shell: true, preset: row.preset });
  const cols = Math.max(1, Math.min(1000, Math.floor(input.cols)));
  const rows = Math.max(1, Math.min(500, Math.floor(input.rows)));
  const tty = await driverFor(handle.driver).openTty(handle, { cols, rows });
  await touchSession(row.id);
  return tty;
}
