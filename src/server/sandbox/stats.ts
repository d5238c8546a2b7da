// Live resource use of one session's sandbox (CPU, memory, processes), read from the driver on
// demand. Nothing is stored: the IDE polls this while a session runs, and a stopped session has none.
import { AppError } from "~/server/errors";
import type { SandboxStatus } from "~/generated/prisma/enums";
import { driverFor } from "./service";
import { getSessionRow, handleOf, toView } from "./sessions";

export interface SessionStats {
  sessionId: string;
  status: SandboxStatus;
  cpuPercent: number;
  memoryBytes: number;
  /** The container's memory limit, else the preset's (the local driver reports none). */
  memoryLimitBytes: number;
  /** Processes and threads in the sandbox; null when the driver cannot tell. */
  pids: number | null;
  /** The session's pids limit (preset), for "12 of 100". */
  pidsLimit: number;
  at: Date;
}

const MB = 1024 * 1024;

export async function sessionStats(workspaceId: string, sessionId: string): Promise<SessionStats> {
  const row = await getSessionRow(workspaceId, sessionId);
  const handle = handleOf(row);
  if (row.status !== "RUNNING" || !handle) {
    throw new AppError("CONFLICT", { message: "This session is not running, so it uses no resources. Start a new session to run commands.", reason: "session_not_running" });
  }
  const { limits } = toView(row);
  const stats = await driverFor(handle.driver).stats(handle);
  return {
    sessionId: row.id,
    status: row.status,
    cpuPercent: stats.cpuPercent,
    memoryBytes: stats.memoryBytes,
    memoryLimitBytes: stats.memoryLimitBytes ?? limits.memoryMb * MB,
    pids: stats.pids,
    pidsLimit: limits.processes,
    at: new Date(),
  };
}
