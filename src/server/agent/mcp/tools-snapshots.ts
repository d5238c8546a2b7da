// Snapshot tools: list_snapshots, create_snapshot, restore_snapshot (in place, or into a new
// workspace), each one call of the snapshots procedures (so restoring in place stays owner-only
// and takes its PRE_RESTORE snapshot first).
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
        'Without newWorkspaceName: replace ALL the workspace\'s files with a snapshot\'s (owners only); the current files are snapshotted first and the result names that snapshot so the restore can be undone, and running sandbox sessions are restarted on the restored files. With newWorkspaceName: leave this workspace alone and restore the snapshot into a NEW workspace you own (owners only as well).',
      inputSchema: {
        workspaceId: ZWorkspaceId,
        snapshotId: ZSnapshotId,
        newWorkspaceName: z.string().min(1).max(100).optional().describe("Restore into a new workspace with this name instead of replacing this one."),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        if (args.newWorkspaceName !== undefined) {
          const r = await env.caller.snapshots.restoreAsNew({ workspaceId: args.workspaceId, snapshotId: args.snapshotId, name: args.newWorkspaceName });
          const text = `Restored snapshot ${r.restored.id} (${r.restored.fileCount} files) into the new workspace "${r.workspace.name}" (id ${r.workspace.id}). The source workspace was not changed.`;
          return ok(text, { workspace: { id: r.workspace.id, slug: r.workspace.slug, name: r.workspace.name }, restored: plain(r.restored), operationId: r.operationId });
        }
        const r = await env.caller.snapshots.restore({ workspaceId: args.workspaceId, snapshotId: args.snapshotId });
        const sessions = r.sessionsRestarted.length ? ` ${r.sessionsRestarted.length} running sandbox session(s) were restarted on the restored files; start commands again.` : "";
        const text = `Restored snapshot ${r.restored.id}${r.restored.label ? ` "${r.restored.label}"` : ""} (${r.restored.fileCount} files). The previous files were saved as snapshot ${r.preRestore.id}; restore that one to undo.${sessions}`;
        return ok(text, { restored: plain(r.restored), preRestore: plain(r.preRestore), usageBytes: Number(r.usageBytes), sessionsRestarted: r.sessionsRestarted, operationId: r.operationId });
      }),
  );
};
