// Session tools: stop_session and snapshot_session (keep a cow session's writes), each one call of
// the sandbox procedures. start_session (tools-names.ts) takes the access mode; execute_command
// uses such a session through its sessionId.
import { z } from "zod";
import { ZSnapshotSessionInput } from "~/server/sandbox/cow-snapshot";
import type { SessionView } from "~/server/sandbox/sessions";
import { ok } from "./results";
import { type RegisterTools, runTool, ZWorkspaceId } from "./tool-env";

const ZSessionId = z.string().min(1).max(64).describe("The session id (from start_session).");

function plain(s: SessionView) {
  return {
    id: s.id,
    workspaceId: s.workspaceId,
    access: s.access,
    status: s.status,
    preset: s.preset,
    image: s.image,
    stopReason: s.stopReason,
    startedAt: s.startedAt?.toISOString() ?? null,
    stoppedAt: s.stoppedAt?.toISOString() ?? null,
  };
}


export const registerSessionTools: RegisterTools = (server, session) => {
  server.registerTool(
    "stop_session",
    {
      title: "Stop a sandbox session",
      description: "Stop a sandbox session. A cow session's writes are discarded (call snapshot_session first to keep them).",
      inputSchema: { workspaceId: ZWorkspaceId, sessionId: ZSessionId },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const s = await env.caller.sandbox.sessions.stop(args);
        return ok(`Session ${s.id} is ${s.status.toLowerCase()}${s.access === "cow" ? "; its copy-on-write layer was discarded" : ""}.`, plain(s));
      }),
  );

  server.registerTool(
    "snapshot_session",
    {
      title: "Keep a cow session's files",
      description: "Save the workspace as a copy-on-write session sees it (with its writes) as a new snapshot, which restore_snapshot can bring back. The session keeps running.",
      inputSchema: { workspaceId: ZWorkspaceId, sessionId: ZSessionId, label: ZSnapshotSessionInput.shape.label },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const s = await env.caller.sandbox.sessions.snapshot(args);
        return ok(`Created snapshot ${s.id} "${s.label}" (${s.fileCount} files) from session ${args.sessionId}. Restore it with restore_snapshot.`, {
          ...s,
          sizeBytes: Number(s.sizeBytes),
          createdAt: s.createdAt.toISOString(),
        });
      }),
  );
};
