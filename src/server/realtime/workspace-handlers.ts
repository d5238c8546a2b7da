// Workspace rooms: `workspace:join` checks the caller can view the workspace, joins its room and
// announces the socket in presence; the room then receives what services publish on the bus
// (tasks, snapshots). Presence is per process, like the sockets it describes.
import { z } from "zod";
import { isAppError } from "~/server/errors";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import type { PresenceMember, WorkspaceJoined } from "./events";
import { parseInput, type RealtimeSocket, respond, socketCtx } from "./terminal-registry";
import { onRecheck } from "./live-identity";
import { workspaceRoom } from "./workspace-bus";
import { holdWatch, type WatchHold } from "~/server/watch/registry";

const ZWorkspaceRef = z.object({ workspaceId: z.string().min(1).max(64) });
const ZPresenceUpdate = ZWorkspaceRef.extend({ activePath: z.string().max(4096).nullable() });
/** Rooms one socket may be in at once (a tab shows one workspace; tests and agents a few). */
const MAX_ROOMS_PER_SOCKET = 16;

export class PresenceRegistry {
  private readonly byWorkspace = new Map<string, Map<string, PresenceMember>>();

  list(workspaceId: string): PresenceMember[] {
    return [...(this.byWorkspace.get(workspaceId)?.values() ?? [])].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  }
  set(workspaceId: string, member: PresenceMember): void {
    let members = this.byWorkspace.get(workspaceId);
    if (!members) this.byWorkspace.set(workspaceId, (members = new Map<string, PresenceMember>()));
    members.set(member.socketId, member);
  }
  get(workspaceId: string, socketId: string): PresenceMember | undefined {
    return this.byWorkspace.get(workspaceId)?.get(socketId);
  }
  remove(workspaceId: string, socketId: string): boolean {
    const members = this.byWorkspace.get(workspaceId);
    const removed = members?.delete(socketId) ?? false;
    if (members?.size === 0) this.byWorkspace.delete(workspaceId);
    return removed;
  }
}

export function registerWorkspaceHandlers(socket: RealtimeSocket, presence: PresenceRegistry): void {
  const ctx = socketCtx(socket);
  const joined = new Set<string>();
  // A workspace's files are watched while a socket is in its room (files:changed goes there).
  const holds = new Map<string, WatchHold>();
  const hold = (workspaceId: string) => {
    if (!holds.has(workspaceId)) holds.set(workspaceId, holdWatch(workspaceId));
  };
  const unhold = (workspaceId: string) => {
    holds.get(workspaceId)?.release();
    holds.delete(workspaceId);
  };
  const announce = (workspaceId: string) => {
    socket.nsp.to(workspaceRoom(workspaceId)).emit("presence:changed", { workspaceId, presence: presence.list(workspaceId) });
  };

  socket.on("workspace:join", (raw, ack) => {
    respond(ack, "workspace:join", async (): Promise<WorkspaceJoined> => {
      const { workspaceId } = parseInput(ZWorkspaceRef, raw);
      await resolveWorkspaceAccess(ctx, workspaceId, "viewer", "read", "workspace.join");
      if (!joined.has(workspaceId) && joined.size >= MAX_ROOMS_PER_SOCKET) {
        // The oldest room goes, with its presence entry: a socket must not linger in a list it no longer hears.
        const oldest = [...joined][0]!;
        joined.delete(oldest);
        unhold(oldest);
        await socket.leave(workspaceRoom(oldest));
        if (presence.remove(oldest, socket.id)) announce(oldest);
      }
      joined.add(workspaceId);
      await socket.join(workspaceRoom(workspaceId));
      hold(workspaceId);
      const previous = presence.get(workspaceId, socket.id);
      presence.set(workspaceId, {
        socketId: socket.id,
        userId: ctx.actor.user.id,
        name: ctx.actor.user.name,
        email: ctx.actor.user.email,
        activePath: previous?.activePath ?? null,
        joinedAt: previous?.joinedAt ?? new Date().toISOString(),
      });
      announce(workspaceId);
      return { workspaceId, presence: presence.list(workspaceId) };
    });
  });

  socket.on("workspace:leave", (raw, ack) => {
    respond(ack, "workspace:leave", async () => {
      const { workspaceId } = parseInput(ZWorkspaceRef, raw);
      joined.delete(workspaceId);
      unhold(workspaceId);
      await socket.leave(workspaceRoom(workspaceId));
      if (presence.remove(workspaceId, socket.id)) announce(workspaceId);
      return null;
    });
  });

  socket.on("presence:update", (raw, ack) => {
    respond(ack, "presence:update", () => {
      const { workspaceId, activePath } = parseInput(ZPresenceUpdate, raw);
      const member = presence.get(workspaceId, socket.id);
      // Only a socket that joined (and so passed the access check) has an entry to update.
      if (member && member.activePath !== activePath) {
        presence.set(workspaceId, { ...member, activePath });
        announce(workspaceId);
      }
      return Promise.resolve(null);
    });
  });

  socket.on("disconnect", () => {
    for (const workspaceId of joined) if (presence.remove(workspaceId, socket.id)) announce(workspaceId);
    joined.clear();
    for (const workspaceId of [...holds.keys()]) unhold(workspaceId);
  });

  // Identity changed: a room the caller may no longer view is left (and its presence entry with it),
  // so its broadcasts (tasks, snapshots, terminals) stop reaching this socket.
  onRecheck(socket, async (current, lost) => {
    for (const workspaceId of [...joined]) {
      try {
        await resolveWorkspaceAccess(current, workspaceId, "viewer", "read", "workspace.join");
      } catch (error) {
        // Only a refusal ends anything; a database error leaves it for the next re-check.
        if (!isAppError(error)) throw error;
        joined.delete(workspaceId);
        unhold(workspaceId);
        await socket.leave(workspaceRoom(workspaceId));
        if (presence.remove(workspaceId, socket.id)) announce(workspaceId);
        lost(workspaceId, error);
      }
    }
  });
}
