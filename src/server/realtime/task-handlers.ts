// Following a task's output: `task:follow` checks the caller can view the task's workspace (every
// time: a follow after losing membership is refused and audited), joins the task's room and acks
// with the stored tails; live `task:output` chunks then arrive through the bus. `task:unfollow` leaves.
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError, isAppError } from "~/server/errors";
import { followSnapshot, taskWorkspaceId } from "~/server/tasks/service";
import type { TaskFollowed } from "./events";
import { parseInput, type RealtimeSocket, respond, socketCtx } from "./terminal-registry";
import { onRecheck } from "./live-identity";
import { taskRoom } from "./workspace-bus";

const ZTaskRef = z.object({ taskId: z.string().min(1).max(64) });
/** Tasks one socket follows at once (a tab shows one log; agents a few). */
const MAX_FOLLOWED = 32;

export function registerTaskHandlers(socket: RealtimeSocket): void {
  const ctx = socketCtx(socket, "TASK");
  /** Followed task → its workspace, for the identity re-check. */
  const followed = new Map<string, string>();

  socket.on("task:follow", (raw, ack) => {
    respond(ack, "task:follow", async (): Promise<TaskFollowed> => {
      const { taskId } = parseInput(ZTaskRef, raw);
      const workspaceId = await taskWorkspaceId(taskId);
      if (!workspaceId) {
        await audit.denied(ctx, { action: "task.follow", reason: "task_not_found", target: taskId, permission: "viewer" });
        throw new AppError("NOT_FOUND", { message: "No such task, or you cannot see its workspace.", reason: "task_not_found" });
      }
      await resolveWorkspaceAccess(ctx, workspaceId, "viewer", "read", "task.follow");
      if (!followed.has(taskId) && followed.size >= MAX_FOLLOWED) {
        throw new AppError("LIMIT_EXCEEDED", { message: `At most ${MAX_FOLLOWED} tasks can be followed on one connection. Unfollow one first.`, reason: "too_many_followed" });
      }
      followed.set(taskId, workspaceId);
      // The in-memory adapter joins synchronously, which followSnapshot relies on (see there).
      return followSnapshot(workspaceId, taskId, () => void socket.join(taskRoom(taskId)));
    });
  });

  socket.on("task:unfollow", (raw, ack) => {
    respond(ack, "task:unfollow", async () => {
      const { taskId } = parseInput(ZTaskRef, raw);
      followed.delete(taskId);
      await socket.leave(taskRoom(taskId));
      return null;
    });
  });

  // Identity changed: a follow whose workspace the caller may no longer view stops receiving output.
  onRecheck(socket, async (current, lost) => {
    for (const [taskId, workspaceId] of followed) {
      try {
        await resolveWorkspaceAccess({ ...current, channel: "TASK" }, workspaceId, "viewer", "read", "task.follow");
      } catch (error) {
        // Only a refusal ends anything; a database error leaves it for the next re-check.
        if (!isAppError(error)) throw error;
        followed.delete(taskId);
        await socket.leave(taskRoom(taskId));
        lost(workspaceId, error);
      }
    }
  });
}
