// REST shapes: what /api/v1 accepts and returns, and the mappers from service results to plain
// JSON (BigInt byte counts become numbers, Dates become ISO strings; no superjson on this door).
import path from "node:path";
import { z } from "zod";
import type { ExecOutput } from "~/server/sandbox/exec";
import type { SessionView } from "~/server/sandbox/sessions";
import type { RestoreAsNewResult, RestoreResult } from "~/server/snapshots/restore";
import type { SnapshotView } from "~/server/snapshots/snapshots";
import type { TaskDetail, TaskView } from "~/server/tasks/schemas";
import type { WorkspaceView } from "~/server/workspaces/view";

/**
 * trpc-to-openapi coerces query strings by setting `coerce` on the number/boolean schemas of the
 * input object IN PLACE. Reused service schemas are shared with tRPC, so every reused field is
 * wrapped in an identity pipe, which the coercion skips (and the OpenAPI generator still renders
 * as its input side). Validation stays the service schema's: the inner procedure parses again.
 */
type Sealed<S extends z.ZodRawShape> = { [K in keyof S]: z.ZodPipe<S[K], z.ZodTransform<z.output<S[K]>, z.output<S[K]>>> };
export function sealed<S extends z.ZodRawShape>(shape: S): Sealed<S> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) out[key] = (schema as z.ZodType).transform((v) => v);
  return out as Sealed<S>;
}

/**
 * Query booleans: exactly "true" or "false" (what generated clients send for a boolean), anything
 * else is a 400. Documented as `type: boolean`. Plain coercion would read "false" as true.
 */
export const ZQueryBool = z.stringbool({ truthy: ["true"], falsy: ["false"], case: "sensitive" }).meta({ override: { type: "boolean" } });
/** Query numbers (fresh instances, so coercing them touches nothing shared). */
export const zQueryInt = (max: number) => z.coerce.number().int().min(1).max(max);
export const ZId = z.string().min(1).max(64).describe("The workspace id.");

// ---------- outputs ----------

const ZIso = z.string().describe("ISO 8601 timestamp");
const ZBytes = z.number().int().describe("Bytes (a JSON number: exact up to 2^53)");

export const ZWorkspace = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    status: z.enum(["ACTIVE", "ARCHIVED"]),
    registered: z.boolean(),
    keyedBy: z
      .object({ scope: z.enum(["session", "user", "agent", "shared"]), key: z.string() })
      .nullable()
      .describe("The {scope, key} it was resolved by (POST /workspaces/resolve), else null."),
    ephemeral: z.boolean().describe("Made for one session (POST /sessions without workspace_id) and deleted with it."),
    rootPath: z.string(),
    ownerId: z.string(),
    role: z.enum(["owner", "editor", "viewer"]).nullable(),
    quotaBytes: ZBytes,
    usageBytes: ZBytes,
    archive: z.object({ path: z.string(), bytes: ZBytes, sha256: z.string() }).nullable(),
    memberCount: z.number().int(),
    pathRuleCount: z.number().int(),
    runningSessionCount: z.number().int().describe("Sandbox sessions starting or running now"),
    lastAccessedAt: ZIso,
    archivedAt: ZIso.nullable(),
    createdAt: ZIso,
    updatedAt: ZIso,
  })
  .meta({ id: "Workspace" });
export type RestWorkspace = z.infer<typeof ZWorkspace>;

export const ZWorkspaceList = z.object({ items: z.array(ZWorkspace), nextCursor: z.string().nullable() });

export const ZDeleteWorkspaceResult = z.object({
  deleted: z.literal(true),
  filesKept: z.boolean(),
  path: z.string(),
  archivePath: z.string().nullable(),
  warning: z.string().optional(),
});

const ZEntryType = z.enum(["file", "directory", "symlink", "other"]);

export const ZFileList = z.object({
  path: z.string(),
  entries: z.array(
    z.object({
      name: z.string(),
      path: z.string(),
      type: ZEntryType,
      size: z.number(),
      modifiedAt: ZIso,
      readOnly: z.boolean(),
      locked: z.object({ reason: z.string() }).optional(),
      target: z.string().optional(),
    }),
  ),
  nextCursor: z.string().nullable(),
  truncated: z.boolean(),
  total: z.number().int(),
  incomplete: z.boolean(),
});

export const ZFileContent = z.object({
  path: z.string(),
  name: z.string(),
  content: z.string(),
  encoding: z.enum(["utf8", "base64"]),
  size: z.number(),
  binary: z.boolean(),
  language: z.string(),
  mimeType: z.string(),
  version: z.string().describe("Send back as `ifMatch` to write only if nobody changed the file since."),
  modifiedAt: ZIso,
});

export const ZWriteResult = z.object({ path: z.string(), size: z.number(), version: z.string(), modifiedAt: ZIso, created: z.boolean() });
export const ZMkdirResult = z.object({ path: z.string(), created: z.boolean() });
export const ZCopyMoveResult = z.object({ path: z.string().describe("Where the entry is now (= to)."), from: z.string(), to: z.string(), type: ZEntryType, bytes: z.number() });
export const ZDeleteFileResult = z.object({ path: z.string(), type: ZEntryType, bytes: z.number() });

export const ZGrepResult = z.object({
  matches: z.array(z.object({ file: z.string(), line: z.number().int(), column: z.number().int(), content: z.string() })),
  total: z.number().int(),
  truncated: z.boolean(),
  truncatedReason: z.string().nullable(),
  filesScanned: z.number().int(),
  bytesScanned: z.number().int(),
  skippedBinaryFiles: z.number().int(),
  skippedLargeFiles: z.number().int(),
});

export const ZExecResult = z
  .object({
    sessionId: z.string(),
    exitCode: z.number().int(),
    stdout: z.string(),
    stderr: z.string(),
    durationMs: z.number(),
    truncated: z.boolean(),
    timedOut: z.boolean(),
    oomKilled: z.boolean(),
  })
  .meta({ id: "ExecResult" });

export const ZSession = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    userId: z.string(),
    driver: z.string(),
    isolated: z.boolean(),
    image: z.string(),
    preset: z.string(),
    limits: z.record(z.string(), z.unknown()),
    ephemeral: z.boolean(),
    status: z.enum(["STARTING", "RUNNING", "STOPPED", "FAILED"]),
    stopReason: z.string().nullable(),
    lastActiveAt: ZIso,
    startedAt: ZIso.nullable(),
    stoppedAt: ZIso.nullable(),
    createdAt: ZIso,
  })
  .meta({ id: "Session" });

export const ZSessionList = z.object({ items: z.array(ZSession) });
export const ZSessionDeleted = z.object({ id: z.string(), deleted: z.literal(true) });

export const ZSnapshot = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    createdById: z.string().nullable(),
    label: z.string(),
    kind: z.enum(["MANUAL", "AUTO", "PRE_RESTORE", "ARCHIVE"]),
    sizeBytes: ZBytes,
    sha256: z.string(),
    fileCount: z.number().int(),
    includesProtected: z.boolean().describe("Holds protected files (.env, .git, keys…); only owners may download it."),
    keep: z.boolean().describe("Exempt from retention."),
    createdAt: ZIso,
  })
  .meta({ id: "Snapshot" });
export type RestSnapshot = z.infer<typeof ZSnapshot>;

export const ZSnapshotList = z.object({ items: z.array(ZSnapshot) });
export const ZRestoreResult = z.object({
  restored: ZSnapshot,
  preRestore: ZSnapshot.describe("Taken automatically just before the restore: restore it to undo."),
  usageBytes: ZBytes,
  operationId: z.string().describe("The id of this operation in `snapshot:progress` events."),
  sessionsRestarted: z.array(z.string()).describe("Running sandbox sessions that got a fresh container over the restored files (their open shells ended)."),
});
export const ZRestoreAsNewResult = z.object({
  workspace: ZWorkspace.describe("The new workspace, owned by the caller."),
  restored: ZSnapshot,
  operationId: z.string(),
});

// ---------- mappers ----------

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toRestWorkspace(w: WorkspaceView): RestWorkspace {
  return {
    ...w,
    quotaBytes: Number(w.quotaBytes),
    usageBytes: Number(w.usageBytes),
    archive: w.archive ? { ...w.archive, bytes: Number(w.archive.bytes) } : null,
    lastAccessedAt: iso(w.lastAccessedAt),
    archivedAt: isoOrNull(w.archivedAt),
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  };
}

export function toRestSession(s: SessionView): z.infer<typeof ZSession> {
  return {
    ...s,
    limits: { ...s.limits },
    lastActiveAt: iso(s.lastActiveAt),
    startedAt: isoOrNull(s.startedAt),
    stoppedAt: isoOrNull(s.stoppedAt),
    createdAt: iso(s.createdAt),
  };
}

export function toRestSnapshot(s: SnapshotView): RestSnapshot {
  return { ...s, sizeBytes: Number(s.sizeBytes), createdAt: iso(s.createdAt) };
}

export function toRestRestore(r: RestoreResult): z.infer<typeof ZRestoreResult> {
  return { restored: toRestSnapshot(r.restored), preRestore: toRestSnapshot(r.preRestore), usageBytes: Number(r.usageBytes), operationId: r.operationId, sessionsRestarted: r.sessionsRestarted };
}

export function toRestExec(r: ExecOutput): z.infer<typeof ZExecResult> {
  return r;
}

export function fileName(p: string): string {
  return path.posix.basename(p);
}

export function toRestRestoreAsNew(r: RestoreAsNewResult): z.infer<typeof ZRestoreAsNewResult> {
  return { workspace: toRestWorkspace(r.workspace), restored: toRestSnapshot(r.restored), operationId: r.operationId };
}

// ---------- tasks ----------

export const ZTask = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    submittedBy: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    apiKeyId: z.string().nullable(),
    command: z.union([z.string(), z.array(z.string())]),
    priority: z.enum(["critical", "high", "normal", "low"]),
    status: z.enum(["QUEUED", "RUNNING", "COMPLETED", "FAILED", "TIMED_OUT", "CANCELLED"]),
    preset: z.string(),
    envNames: z.array(z.string()).describe("Names of the environment variables it was given (values are not returned)."),
    timeoutMs: z.number().int(),
    maxRetries: z.number().int(),
    attempt: z.number().int().describe("1 for the first run; 0 while it has never started."),
    workerId: z.string().nullable(),
    exitCode: z.number().int().nullable(),
    stdoutBytes: ZBytes.describe("Every byte written to stdout (the tail keeps the last 1 MiB)."),
    stderrBytes: ZBytes,
    failureReason: z.string().nullable().describe("`exit_code`, `timeout`, `worker_lost`, `oom_killed`, `cancelled_by:<user>`, `start_failed: …`, …"),
    createdAt: ZIso,
    startedAt: ZIso.nullable(),
    finishedAt: ZIso.nullable(),
  })
  .meta({ id: "Task" });
export const ZTaskDetail = ZTask.extend({
  stdoutTail: z.string().describe("The last ≤ 1 MiB of stdout."),
  stderrTail: z.string().describe("The last ≤ 1 MiB of stderr."),
}).meta({ id: "TaskDetail" });

export function toRestTask(t: TaskView): z.infer<typeof ZTask> {
  return { ...t, createdAt: iso(t.createdAt), startedAt: isoOrNull(t.startedAt), finishedAt: isoOrNull(t.finishedAt) };
}

export function toRestTaskDetail(t: TaskDetail): z.infer<typeof ZTaskDetail> {
  return { ...toRestTask(t), stdoutTail: t.stdoutTail, stderrTail: t.stderrTail };
}
