// Keeps this tab in the workspace's room (joined again after every reconnect) and tracks who
// else is here. What the room receives (task:*, snapshot:*) panels subscribe to themselves.
"use client";
import { useEffect, useState } from "react";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import { request } from "~/components/realtime/use-socket";
import type { PresenceMember, WorkspaceJoined } from "~/server/realtime/events";

export function useWorkspaceRoom(socket: AtriumSocket | null, workspaceId: string, activePath: string | null): { presence: PresenceMember[]; joined: boolean } {
  const [presence, setPresence] = useState<PresenceMember[]>([]);
  const [joined, setJoined] = useState(false);

  useEffect(() => {
    if (!socket) return;
    const join = () => {
      request<WorkspaceJoined>((ack) => socket.emit("workspace:join", { workspaceId }, ack)).then(
        (data) => {
          setPresence(data.presence);
          setJoined(true);
        },
        () => setJoined(false),
      );
    };
    const onPresence = (payload: { workspaceId: string; presence: PresenceMember[] }) => {
      if (payload.workspaceId === workspaceId) setPresence(payload.presence);
    };
    const onDisconnect = () => setJoined(false);
    socket.on("connect", join);
    socket.on("disconnect", onDisconnect);
    socket.on("presence:changed", onPresence);
    if (socket.connected) join();
    return () => {
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      socket.off("presence:changed", onPresence);
      if (socket.connected) socket.emit("workspace:leave", { workspaceId });
    };
  }, [socket, workspaceId]);

  useEffect(() => {
    if (socket && joined) socket.emit("presence:update", { workspaceId, activePath });
  }, [socket, joined, workspaceId, activePath]);

  return { presence, joined };
}
