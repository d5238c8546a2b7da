// Snapshot tools: list_snapshots, create_snapshot, restore_snapshot, each one call of the
// snapshots procedures (so restoring stays owner-only and takes its PRE_RESTORE snapshot first).
import { z } from "zod";
import type { SnapshotView } from "~/server/snapshots/snapshots";
import { ok } from "./results";
import { type RegisterTools, runTool, ZWorkspaceId } from "./tool-env";

const ZSnapshotId = z.string().min(1).max(64).describe("The snapshot id (from list_snapshots or create_snapshot).");

function plain(s: SnapshotView) {
  return { ...s, sizeBytes: Number(s.sizeBytes), createdAt: s.createdAt.toISOString() };
}

function line(s: SnapshotView): string {
  const label = s.label ? `"${s.label}"` : "(no label)";
  const flags = [s.kind, s.keep ? "kept" : null, s.includesProtected ? "includes protected files" : null].filter(Boolean).join(", ");
  return `${s.id} ${label}, ${s.fileCount} files, ${s.sizeBytes} bytes, ${s.createdAt.toISOString()} [${flags}]`;
}

export const registerSnapshotTools: RegisterTools = (server, session) => {
  server.registerTool(
    "list_snapshots",
    {
      title: "List snapshots",
      description: "The snapshots of a workspace, newest first, with their ids (for restore_snapshot), labels and sizes.",
      inputSchema: { workspaceId: ZWorkspaceId },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const items = await env.caller.snapshots.list(args);
        const text = items.length ? `${items.length} snapshot${items.length === 1 ? "" : "s"}:\n${items.map((s) => `- ${line(s)}`).join("\n")}` : "No snapshots yet. Call create_snapshot to take one.";
        return ok(text, { items: items.map(plain) });
      }),
  );

  server.registerTool(
    "create_snapshot",
    {
      title: "Snapshot a workspace",
      description:
        "Save the workspace's files as a snapshot you can restore later with restore_snapshot (take one before a risky change). Protected files (.env, .git, keys) are left out.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        label: z.string().max(200).optional().describe('What this snapshot is, e.g. "before refactor".'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const s = await env.caller.snapshots.create(args);
        return ok(`Created snapshot ${line(s)}. Restore it with restore_snapshot and snapshotId "${s.id}".`, plain(s));
      }),
  );

  server.registerTool(
    "restore_snapshot",
    {
      title: "Restore a snapshot",
      description:
        "Replace ALL the workspace's files with a snapshot's (owners only). The current files are snapshotted first; the result names that snapshot so the restore can be undone.",
      inputSchema: { workspaceId: ZWorkspaceId, snapshotId: ZSnapshotId },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.snapshots.restore(args);
        const text = `Restored snapshot ${r.restored.id}${r.restored.label ? ` "${r.restored.label}"` : ""} (${r.restored.fileCount} files). The previous files were saved as snapshot ${r.preRestore.id}; restore that one to undo.`;
        return ok(text, { restored: plain(r.restored), preRestore: plain(r.preRestore), usageBytes: Number(r.usageBytes) });
      }),
  );
};
