// Pure helpers for the Tasks panel: status labels and tones, durations, command text, and the
// bounded client-side log (segments of stdout/stderr in arrival order).
import type { BadgeTone } from "~/components/ui/badge";

export type TaskStatusName = "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "TIMED_OUT" | "CANCELLED";

export const STATUS_INFO: Record<TaskStatusName, { label: string; tone: BadgeTone }> = {
  QUEUED: { label: "Queued", tone: "neutral" },
  RUNNING: { label: "Running", tone: "accent" },
  COMPLETED: { label: "Completed", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  TIMED_OUT: { label: "Timed out", tone: "warning" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
};

export const isLive = (status: TaskStatusName) => status === "QUEUED" || status === "RUNNING";

export function commandText(command: string | string[]): string {
  if (typeof command === "string") return command;
  return command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(" ");
}

/** Wall time so far (running) or in total (ended); null while queued. */
export function taskDuration(t: { startedAt: Date | null; finishedAt: Date | null; status: TaskStatusName }, now: number): number | null {
  if (!t.startedAt) return null;
  const end = t.finishedAt ? t.finishedAt.getTime() : t.status === "RUNNING" ? now : null;
  return end === null ? null : end - t.startedAt.getTime();
}

/** Why a task ended, in words, from its failureReason. */
export function reasonText(reason: string | null, exitCode: number | null): string | null {
  if (!reason) return null;
  if (reason === "exit_code") return `exited with code ${exitCode ?? "?"}`;
  if (reason === "timeout") return "killed at its time limit";
  if (reason === "worker_lost") return "the server running it stopped; it did not finish";
  if (reason === "oom_killed") return "killed: out of memory";
  if (reason.startsWith("cancelled_by:")) return "cancelled";
  return reason.replace(/^[a-z_]+: /, "");
}

export interface LogSegment {
  stream: "stdout" | "stderr";
  text: string;
}

/** Characters the log keeps; older output is dropped from the front (the server keeps its own tail). */
export const LOG_MAX_CHARS = 2 * 1024 * 1024;

/** Appends `text` to the log, merging with the last segment of the same stream, and trims the front. */
export function appendLog(log: readonly LogSegment[], stream: LogSegment["stream"], text: string, max = LOG_MAX_CHARS): LogSegment[] {
  if (!text) return log as LogSegment[];
  const next = [...log];
  const last = next.at(-1);
  if (last && last.stream === stream) next[next.length - 1] = { stream, text: last.text + text };
  else next.push({ stream, text });
  let total = next.reduce((n, s) => n + s.text.length, 0);
  while (total > max && next.length > 0) {
    const first = next[0]!;
    const excess = total - max;
    if (first.text.length <= excess) {
      next.shift();
      total -= first.text.length;
    } else {
      next[0] = { stream: first.stream, text: first.text.slice(excess) };
      total = max;
    }
  }
  return next;
}
