// What a refused call was about, read from its raw input, so the audit log says which path,
// command or object someone tried to touch and not only which procedure they called.
const TARGET_KEYS = ["path", "from", "command", "snapshotId", "taskId", "sessionId", "email", "pattern"] as const;

/** The thing a call's raw input names, for the audit log (bounded; never the file contents). */
export function auditTargetOf(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const input = raw as Record<string, unknown>;
  for (const key of TARGET_KEYS) {
    const value = input[key];
    const text = typeof value === "string" ? value : Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join(" ") : undefined;
    if (text) {
      const to = key === "from" && typeof input.to === "string" ? ` → ${input.to}` : "";
      return (text + to).slice(0, 500);
    }
  }
  return undefined;
}
