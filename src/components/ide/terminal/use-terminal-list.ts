// The workspace's live terminals this person may attach to (theirs, and others' shared ones),
// listed over the socket and listed again whenever the room says they changed or we reconnect.
"use client";
import { useCallback, useEffect, useState } from "react";
import { type AtriumSocket, request } from "~/components/realtime/use-socket";
import type { TerminalSummary } from "~/server/realtime/events";

export interface TerminalList {
  terminals: TerminalSummary[];
  loaded: boolean;
  refresh: () => void;
  /** Shows a change at once (e.g. the Share switch) until the next list confirms or corrects it. */
  patch: (terminalId: string, changes: Partial<Pick<TerminalSummary, "shared">>) => void;
}

export function useTerminalList(socket: AtriumSocket | null, workspaceId: string): TerminalList {
  const [terminals, setTerminals] = useState<TerminalSummary[]>([]);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(() => {
    if (!socket?.connected) return;
    request<TerminalSummary[]>((ack) => socket.emit("terminal:list", { workspaceId }, ack)).then(
      (list) => {
        setTerminals(list);
        setLoaded(true);
      },
      // A failed list keeps what we had; the next change or reconnect lists again.
      () => setLoaded(true),
    );
  }, [socket, workspaceId]);

  useEffect(() => {
    if (!socket) return;
    const onChanged = (payload: { workspaceId: string }) => {
      if (payload.workspaceId === workspaceId) refresh();
    };
    socket.on("terminal:changed", onChanged);
    socket.on("connect", refresh);
    refresh();
    return () => {
      socket.off("terminal:changed", onChanged);
      socket.off("connect", refresh);
    };
  }, [socket, workspaceId, refresh]);

  const patch = useCallback((terminalId: string, changes: Partial<Pick<TerminalSummary, "shared">>) => {
    setTerminals((prev) => prev.map((t) => (t.terminalId === terminalId ? { ...t, ...changes } : t)));
  }, []);

  return { terminals, loaded, refresh, patch };
}
