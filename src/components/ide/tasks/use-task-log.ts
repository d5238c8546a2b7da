// The live log of one task: `task:follow` on the IDE's shared socket acks with what the server has
// stored (so a reload, or a visit an hour later, shows the output), then `task:output` chunks
// follow. Chunks that arrive before the ack are held and applied after it, in order. After a
// reconnect the socket has left every room, so the task is followed again and the log rebuilt.
"use client";
import { useEffect, useState } from "react";
import { type AtriumSocket, RealtimeError, request } from "~/components/realtime/use-socket";
import type { TaskFollowed, TaskOutput } from "~/server/realtime/events";
import { appendLog, type LogSegment } from "./task-format";

export interface TaskLogState {
  taskId: string | null;
  segments: LogSegment[];
  phase: "idle" | "loading" | "live" | "failed";
  error: string | null;
  /**
   * Bytes per stream seen on this connection: the stored tails' UTF-8 size at the ack plus every
   * live chunk since, so the panel's byte counter follows the output as it arrives (the task row's
   * totals only change when the list is fetched again).
   */
  bytes: { stdout: number; stderr: number };
}

const NO_BYTES = { stdout: 0, stderr: 0 } as const;
const IDLE: TaskLogState = { taskId: null, segments: [], phase: "idle", error: null, bytes: NO_BYTES };
const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;
const chunkBytes = (data: TaskOutput["data"]) => data.byteLength;

export function useTaskLog(socket: AtriumSocket | null, taskId: string | null): TaskLogState {
  const [state, setState] = useState<TaskLogState>(IDLE);

  useEffect(() => {
    if (!socket || !taskId) return;
    let active = true;
    let acked = false;
    let held: TaskOutput[] = [];
    let decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const decode = (p: TaskOutput) => decoders[p.stream].decode(p.data instanceof ArrayBuffer ? new Uint8Array(p.data) : p.data, { stream: true });

    const onOutput = (p: TaskOutput) => {
      if (p.taskId !== taskId) return;
      if (!acked) {
        held.push(p);
        return;
      }
      const text = decode(p);
      const size = chunkBytes(p.data);
      setState((s) => (s.taskId === taskId ? { ...s, segments: appendLog(s.segments, p.stream, text), bytes: { ...s.bytes, [p.stream]: s.bytes[p.stream] + size } } : s));
    };
    const follow = () => {
      acked = false;
      held = [];
      decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
      request<TaskFollowed>((ack) => socket.emit("task:follow", { taskId }, ack)).then(
        (data) => {
          if (!active) return;
          let segments = appendLog(appendLog([], "stdout", data.stdout), "stderr", data.stderr);
          const bytes = { stdout: utf8Bytes(data.stdout), stderr: utf8Bytes(data.stderr) };
          for (const p of held) {
            segments = appendLog(segments, p.stream, decode(p));
            bytes[p.stream] += chunkBytes(p.data);
          }
          held = [];
          acked = true;
          setState({ taskId, segments, phase: "live", error: null, bytes });
        },
        (error: unknown) => {
          if (!active) return;
          setState({ taskId, segments: [], phase: "failed", error: error instanceof RealtimeError ? error.message : "The task's output could not be loaded. Try again.", bytes: NO_BYTES });
        },
      );
    };
    socket.on("task:output", onOutput);
    socket.on("connect", follow);
    if (socket.connected) follow();
    return () => {
      active = false;
      socket.off("task:output", onOutput);
      socket.off("connect", follow);
      if (socket.connected) socket.emit("task:unfollow", { taskId });
    };
  }, [socket, taskId]);

  // Until this task's ack arrives the previous task's log must not show: derive "loading" instead.
  return state.taskId === taskId ? state : { ...IDLE, taskId, phase: taskId ? "loading" : "idle" };
}
