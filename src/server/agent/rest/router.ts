// The /api/v1 routes. Each procedure is an adapter, not an implementation: it renames REST inputs
// (path `{id}` → `workspaceId`, `pattern` → `query`…), calls THE SAME tRPC procedure through a
// caller built on the request's context (so tiers, scopes, path guard and audit all run exactly as
// for a person), and maps the result to plain JSON. Permissions are the inner procedure's.
import { z } from "zod";
import { createCaller } from "~/server/api/root";
import { type Context, createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { FILE_LIMITS } from "~/server/files/limits";
import { ZCopyMoveInput, ZWriteInput } from "~/server/files/schemas";
import { RUNTIMES, ZExecInput, ZExecuteCodeInput } from "~/server/sandbox/exec";
import { ZSnapshotSessionInput } from "~/server/sandbox/cow-snapshot";
import { ZCreateSessionInput } from "~/server/sandbox/sessions";
import { ZRestoreAsNewInput } from "~/server/snapshots/restore";
import { ZCreateSnapshotInput } from "~/server/snapshots/snapshots";
import { ZSubmitTaskInput } from "~/server/tasks/schemas";
import { taskWorkspaceId } from "~/server/tasks/service";
import { ZWorkspaceRefName } from "~/server/workspaces/by-name";
import { ZCreateWorkspaceInput } from "~/server/workspaces/create-workspace";
import { LIST_SCOPES } from "~/server/workspaces/list-workspaces";
import type { MetadataFilter } from "~/server/workspaces/metadata";
import { ZUpdateWorkspaceInput } from "~/server/workspaces/update-workspace";
import { policyRoutes } from "./policy-routes";
import { nameRoutes } from "./routes-names";
import * as S from "./schemas";
import { sharedFolderRoutes } from "./shared-folder-routes";

const api = (ctx: Context) => createCaller(ctx);
const W = ["workspaces"];
const F = ["files"];
const X = ["sandbox"];
const P = ["snapshots"];
const T = ["tasks"];
const ERR = [400, 401, 403, 404, 429];

/** `metadata.KEY=VALUE` query parameters; a value that parses as JSON (1, true, "1") is compared as that JSON. */
export function metadataFilters(query: Record<string, unknown>): MetadataFilter[] {
  const filters: MetadataFilter[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (!name.startsWith("metadata.")) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== "string") continue;
      let parsed: unknown = value;
      try {
        parsed = JSON.parse(value);
      } catch {
        // a bare word is a string
      }
      filters.push({ key: name.slice("metadata.".length), value: typeof parsed === "string" || typeof parsed === "number" || typeof parsed === "boolean" ? parsed : value });
    }
  }
  return filters;
}

const workspaceRoutes = {
  listWorkspaces: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/workspaces",
        tags: W,
        summary: "List workspaces",
        description:
          "Filters: `archived=true` includes archived ones, `q` matches the name, `name` is one exact name (as GET /named-workspaces/{name}: at most one item, other filters ignored), any `metadata.KEY=VALUE` (repeatable, all must match; `VALUE` is read as JSON when it parses, else as a string).",
        errorResponses: ERR,
      },
    })
    .input(
      z.looseObject({
        archived: S.ZQueryBool.optional(),
        q: z.string().max(100).optional(),
        name: ZWorkspaceRefName.optional(),
        scope: z.enum(LIST_SCOPES).optional(),
        limit: S.zQueryInt(100).optional(),
        cursor: z.string().max(200).optional(),
      }),
    )
    .output(S.ZWorkspaceList)
    .query(async ({ ctx, input }) => {
      if (input.name !== undefined) {
        try {
          return { items: [S.toRestWorkspace(await api(ctx).workspaces.byName({ name: input.name }))], nextCursor: null };
        } catch (error) {
          const cause = error instanceof Error ? error.cause : undefined;
          if (isAppError(cause) && cause.code === "NOT_FOUND") return { items: [], nextCursor: null };
          throw error;
        }
      }
      const page = await api(ctx).workspaces.list({
        q: input.q,
        scope: input.scope,
        limit: input.limit,
        cursor: input.cursor,
        includeArchived: input.archived ?? false,
        metadata: metadataFilters(input),
      });
      return { items: page.items.map(S.toRestWorkspace), nextCursor: page.nextCursor };
    }),

  createWorkspace: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces", tags: W, summary: "Create a workspace", errorResponses: [...ERR, 409, 422] } })
    .input(z.object(S.sealed(ZCreateWorkspaceInput.shape)))
    .output(S.ZWorkspace)
    .mutation(async ({ ctx, input }) => S.toRestWorkspace(await api(ctx).workspaces.create(input))),

  getWorkspace: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}", tags: W, summary: "Get a workspace", errorResponses: ERR } })
    .input(z.object({ id: S.ZId }))
    .output(S.ZWorkspace)
    .query(async ({ ctx, input }) => S.toRestWorkspace(await api(ctx).workspaces.get({ workspaceId: input.id }))),

  updateWorkspace: publicProcedure
    .meta({
      openapi: { method: "PATCH", path: "/workspaces/{id}", tags: W, summary: "Rename, describe or change metadata", description: "`metadata` replaces, `metadataMerge` merges (null deletes a key).", errorResponses: [...ERR, 409, 422] },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZUpdateWorkspaceInput.shape) }))
    .output(S.ZWorkspace)
    .mutation(async ({ ctx, input: { id, ...patch } }) => S.toRestWorkspace(await api(ctx).workspaces.update({ workspaceId: id, ...patch }))),

  deleteWorkspace: publicProcedure
    .meta({
      openapi: { method: "DELETE", path: "/workspaces/{id}", tags: W, summary: "Delete a workspace", description: "Files are kept unless `deleteFiles=true`.", errorResponses: [...ERR, 409] },
    })
    .input(z.object({ id: S.ZId, deleteFiles: S.ZQueryBool.optional(), force: S.ZQueryBool.optional() }))
    .output(S.ZDeleteWorkspaceResult)
    .mutation(({ ctx, input }) => api(ctx).workspaces.delete({ workspaceId: input.id, deleteFiles: input.deleteFiles ?? false, force: input.force ?? false })),

  archiveWorkspace: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces/{id}/archive", tags: W, summary: "Archive to tar.gz (frees the live files)", errorResponses: [...ERR, 409] } })
    .input(z.object({ id: S.ZId }))
    .output(S.ZWorkspace)
    .mutation(async ({ ctx, input }) => S.toRestWorkspace((await api(ctx).workspaces.archive({ workspaceId: input.id })).workspace)),

  unarchiveWorkspace: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces/{id}/unarchive", tags: W, summary: "Restore an archived workspace", errorResponses: [...ERR, 409] } })
    .input(z.object({ id: S.ZId, targetPath: z.string().min(1).max(4096).optional() }))
    .output(S.ZWorkspace)
    .mutation(async ({ ctx, input }) => S.toRestWorkspace((await api(ctx).workspaces.unarchive({ workspaceId: input.id, targetPath: input.targetPath })).workspace)),
};

const fileRoutes = {
  listFiles: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/files", tags: F, summary: "List a folder", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, path: z.string().max(4096).optional(), cursor: z.string().max(8192).optional(), limit: S.zQueryInt(FILE_LIMITS.listMaxLimit).optional() }))
    .output(S.ZFileList)
    .query(({ ctx, input: { id, ...rest } }) => api(ctx).files.list({ workspaceId: id, ...rest })),

  readFile: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/files/content", tags: F, summary: "Read a file (text, or base64 with encoding=base64)", errorResponses: [...ERR, 413] } })
    .input(z.object({ id: S.ZId, path: z.string().min(1).max(4096), encoding: z.enum(["auto", "utf8", "base64"]).optional() }))
    .output(S.ZFileContent)
    .query(async ({ ctx, input: { id, ...rest } }) => {
      const { mime, ...file } = await api(ctx).files.read({ workspaceId: id, ...rest });
      return { ...file, name: S.fileName(file.path), mimeType: mime };
    }),

  writeFile: publicProcedure
    .meta({
      openapi: { method: "PUT", path: "/workspaces/{id}/files/content", tags: F, summary: "Write a file (creates parent folders)", description: "A stale `ifMatch` is 409 `version_conflict`.", errorResponses: [...ERR, 409, 413] },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZWriteInput.shape) }))
    .output(S.ZWriteResult)
    .mutation(({ ctx, input: { id, ...rest } }) => api(ctx).files.write({ workspaceId: id, ...rest })),

  mkdir: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces/{id}/files/mkdir", tags: F, summary: "Create a folder (and its parents)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, path: z.string().min(1).max(4096) }))
    .output(S.ZMkdirResult)
    .mutation(({ ctx, input }) => api(ctx).files.mkdir({ workspaceId: input.id, path: input.path })),

  moveFile: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces/{id}/files/move", tags: F, summary: "Move or rename", errorResponses: [...ERR, 409] } })
    .input(z.object({ id: S.ZId, ...S.sealed(ZCopyMoveInput.shape) }))
    .output(S.ZCopyMoveResult)
    .mutation(async ({ ctx, input: { id, ...rest } }) => {
      const r = await api(ctx).files.move({ workspaceId: id, ...rest });
      return { ...r, path: r.to };
    }),

  copyFile: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces/{id}/files/copy", tags: F, summary: "Copy a file or folder", errorResponses: [...ERR, 409, 413] } })
    .input(z.object({ id: S.ZId, ...S.sealed(ZCopyMoveInput.shape) }))
    .output(S.ZCopyMoveResult)
    .mutation(async ({ ctx, input: { id, ...rest } }) => {
      const r = await api(ctx).files.copy({ workspaceId: id, ...rest });
      return { ...r, path: r.to };
    }),

  deleteFile: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/workspaces/{id}/files", tags: F, summary: "Delete a file or folder", description: "Folders that are not empty need `recursive=true`.", errorResponses: [...ERR, 409] } })
    .input(z.object({ id: S.ZId, path: z.string().min(1).max(4096), recursive: S.ZQueryBool.optional() }))
    .output(S.ZDeleteFileResult)
    .mutation(({ ctx, input }) => api(ctx).files.delete({ workspaceId: input.id, path: input.path, recursive: input.recursive ?? false })),

  grep: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/workspaces/{id}/files/grep",
        tags: F,
        summary: "Search file contents",
        description: "`pattern` is literal unless `regex=true`; `include`/`exclude` are globs, repeat the parameter for several.",
        errorResponses: ERR,
      },
    })
    .input(
      z.object({
        id: S.ZId,
        // The file service's limits, so the document states what grep enforces.
        pattern: z.string().min(1).max(FILE_LIMITS.grepMaxQueryChars),
        regex: S.ZQueryBool.optional(),
        caseSensitive: S.ZQueryBool.optional(),
        wholeWord: S.ZQueryBool.optional(),
        path: z.string().max(4096).optional(),
        include: z.array(z.string().min(1).max(FILE_LIMITS.grepMaxGlobChars)).max(FILE_LIMITS.grepMaxGlobs).optional(),
        exclude: z.array(z.string().min(1).max(FILE_LIMITS.grepMaxGlobChars)).max(FILE_LIMITS.grepMaxGlobs).optional(),
        maxResults: S.zQueryInt(FILE_LIMITS.grepMaxResults).optional(),
      }),
    )
    .output(S.ZGrepResult)
    .query(({ ctx, input: { id, pattern, ...rest } }) => api(ctx).files.grep({ workspaceId: id, query: pattern, ...rest })),
};

const sandboxRoutes = {
  exec: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/{id}/exec",
        tags: X,
        summary: "Run a command in the workspace's sandbox",
        description: "A string runs through `sh -c`; an array runs as argv. Starts a sandbox session if none is running.",
        errorResponses: [...ERR, 409, 422, 503],
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZExecInput.shape) }))
    .output(S.ZExecResult)
    .mutation(async ({ ctx, input: { id, ...rest } }) => S.toRestExec(await api(ctx).sandbox.exec({ workspaceId: id, ...rest }))),

  executeCode: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/workspaces/{id}/execute-code", tags: X, summary: `Run a snippet (${RUNTIMES.join(", ")})`, errorResponses: [...ERR, 409, 422, 503] },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZExecuteCodeInput.shape) }))
    .output(S.ZExecResult)
    .mutation(async ({ ctx, input: { id, ...rest } }) => S.toRestExec(await api(ctx).sandbox.executeCode({ workspaceId: id, ...rest }))),

  listSessions: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/sessions", tags: X, summary: "List sandbox sessions", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, includeStopped: S.ZQueryBool.optional() }))
    .output(S.ZSessionList)
    .query(async ({ ctx, input }) => ({
      items: (await api(ctx).sandbox.sessions.list({ workspaceId: input.id, includeStopped: input.includeStopped ?? false })).map(S.toRestSession),
    })),

  createSession: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workspaces/{id}/sessions", tags: X, summary: "Start a sandbox session", errorResponses: [...ERR, 409, 422, 503] } })
    .input(z.object({ id: S.ZId, ...S.sealed(ZCreateSessionInput.shape) }))
    .output(S.ZSession)
    .mutation(async ({ ctx, input: { id, ...rest } }) => S.toRestSession(await api(ctx).sandbox.sessions.create({ workspaceId: id, ...rest }))),

  deleteSession: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/sessions/{id}", tags: X, summary: "Stop a sandbox session and delete it", errorResponses: ERR } })
    .input(z.object({ id: z.string().min(1).max(64).describe("The session id.") }))
    .output(S.ZSessionDeleted)
    .mutation(async ({ ctx, input }) => {
      const notFound = () => new AppError("NOT_FOUND", { message: "No such sandbox session. List sessions with GET /api/v1/workspaces/{id}/sessions.", reason: "session_not_found" });
      // Only the workspace id is looked up here; access is decided by the inner procedure, and
      // "not a member" reads the same as "no such session" so session ids do not leak.
      const row = await db().sandboxSession.findUnique({ where: { id: input.id }, select: { workspaceId: true } });
      if (!row) throw notFound();
      try {
        await api(ctx).sandbox.sessions.destroy({ workspaceId: row.workspaceId, sessionId: input.id });
      } catch (error) {
        const cause = error instanceof Error ? error.cause : undefined;
        if (isAppError(cause) && cause.code === "NOT_FOUND") throw notFound();
        throw error;
      }
      return { id: input.id, deleted: true as const };
    }),

  snapshotSession: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/sessions/{id}/snapshot",
        tags: X,
        summary: "Keep a copy-on-write session's files as a snapshot",
        description:
          "For a session started with `access: cow`: packs the workspace as that session sees it (its writes on top) into a new workspace snapshot. The session keeps running; stopping it still discards its writes.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object({ id: z.string().min(1).max(64).describe("The session id."), ...S.sealed({ label: ZSnapshotSessionInput.shape.label }) }))
    .output(S.ZSnapshot)
    .mutation(async ({ ctx, input }) => {
      const notFound = () => new AppError("NOT_FOUND", { message: "No such sandbox session. List sessions with GET /api/v1/workspaces/{id}/sessions.", reason: "session_not_found" });
      // As deleteSession: only the workspace id is looked up here; the inner procedure decides access.
      const row = await db().sandboxSession.findUnique({ where: { id: input.id }, select: { workspaceId: true } });
      if (!row) throw notFound();
      try {
        return S.toRestSnapshot(await api(ctx).sandbox.sessions.snapshot({ workspaceId: row.workspaceId, sessionId: input.id, label: input.label }));
      } catch (error) {
        const cause = error instanceof Error ? error.cause : undefined;
        if (isAppError(cause) && cause.code === "NOT_FOUND") throw notFound();
        throw error;
      }
    }),
};

const snapshotRoutes = {
  listSnapshots: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/snapshots", tags: P, summary: "List snapshots, newest first", errorResponses: ERR } })
    .input(z.object({ id: S.ZId }))
    .output(S.ZSnapshotList)
    .query(async ({ ctx, input }) => ({ items: (await api(ctx).snapshots.list({ workspaceId: input.id })).map(S.toRestSnapshot) })),

  createSnapshot: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/{id}/snapshots",
        tags: P,
        summary: "Snapshot the workspace's files (.tar.gz)",
        description: "`keep: true` exempts it from retention; `includeProtected: true` (owners only) also packs .env, .git and keys.",
        errorResponses: [...ERR, 409, 413],
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZCreateSnapshotInput.shape) }))
    .output(S.ZSnapshot)
    .mutation(async ({ ctx, input: { id, ...rest } }) => S.toRestSnapshot(await api(ctx).snapshots.create({ workspaceId: id, ...rest }))),

  restoreSnapshot: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/snapshots/{id}/restore",
        tags: P,
        summary: "Replace the workspace's files with a snapshot's (owners)",
        description: "A PRE_RESTORE snapshot of the current files is taken first (`preRestore`); restore that one to undo.",
        errorResponses: [...ERR, 409, 413],
      },
    })
    .input(z.object({ id: z.string().min(1).max(64).describe("The snapshot id.") }))
    .output(S.ZRestoreResult)
    .mutation(async ({ ctx, input }) => {
      const notFound = () => new AppError("NOT_FOUND", { message: "No such snapshot. List snapshots with GET /api/v1/workspaces/{id}/snapshots.", reason: "snapshot_not_found" });
      // Only the workspace id is looked up here; access is decided by the inner procedure, and
      // "not a member" reads the same as "no such snapshot" so snapshot ids do not leak.
      const row = await db().snapshot.findUnique({ where: { id: input.id }, select: { workspaceId: true } });
      if (!row) throw notFound();
      try {
        return S.toRestRestore(await api(ctx).snapshots.restore({ workspaceId: row.workspaceId, snapshotId: input.id }));
      } catch (error) {
        const cause = error instanceof Error ? error.cause : undefined;
        if (isAppError(cause) && cause.code === "NOT_FOUND") throw notFound();
        throw error;
      }
    }),
};

const snapshotAsNewRoutes = {
  restoreSnapshotAsNew: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/snapshots/{id}/restore-as-new",
        tags: P,
        summary: "Restore a snapshot into a NEW workspace you own (owners of its workspace)",
        description: "Owners only, like a restore in place: a snapshot holds every file, the ones path rules block included. The archive must fit a new workspace's quota.",
        errorResponses: [...ERR, 409, 413],
      },
    })
    .input(z.object({ id: z.string().min(1).max(64).describe("The snapshot id."), ...S.sealed(ZRestoreAsNewInput.omit({ snapshotId: true }).shape) }))
    .output(S.ZRestoreAsNewResult)
    .mutation(async ({ ctx, input: { id, ...rest } }) => {
      const notFound = () => new AppError("NOT_FOUND", { message: "No such snapshot. List snapshots with GET /api/v1/workspaces/{id}/snapshots.", reason: "snapshot_not_found" });
      const row = await db().snapshot.findUnique({ where: { id }, select: { workspaceId: true } });
      if (!row) throw notFound();
      try {
        return S.toRestRestoreAsNew(await api(ctx).snapshots.restoreAsNew({ workspaceId: row.workspaceId, snapshotId: id, ...rest }));
      } catch (error) {
        const cause = error instanceof Error ? error.cause : undefined;
        if (isAppError(cause) && cause.code === "NOT_FOUND") throw notFound();
        throw error;
      }
    }),
};

/** A task addressed by id alone: its workspace is looked up, access is the inner procedure's. */
async function onTask<T>(ctx: Context, taskId: string, call: (workspaceId: string) => Promise<T>): Promise<T> {
  const notFound = () => new AppError("NOT_FOUND", { message: "No such task. Submit one with POST /api/v1/workspaces/{id}/tasks.", reason: "task_not_found" });
  const workspaceId = await taskWorkspaceId(taskId);
  if (!workspaceId) throw notFound();
  try {
    return await call(workspaceId);
  } catch (error) {
    // "Not a member" reads the same as "no such task", so task ids do not leak.
    const cause = error instanceof Error ? error.cause : undefined;
    if (isAppError(cause) && cause.code === "NOT_FOUND") throw notFound();
    throw error;
  }
}

const taskRoutes = {
  submitTask: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/{id}/tasks",
        tags: T,
        summary: "Queue a background task",
        description:
          "Runs later in a sandbox of its own, as you, without holding a connection. Poll GET /api/v1/tasks/{id} (or follow it over the socket). Priorities: critical, high, normal, low.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZSubmitTaskInput.shape) }))
    .output(S.ZTask)
    .mutation(async ({ ctx, input: { id, ...rest } }) => S.toRestTask(await api(ctx).tasks.submit({ workspaceId: id, ...rest }))),

  getTask: publicProcedure
    .meta({ openapi: { method: "GET", path: "/tasks/{id}", tags: T, summary: "A task's state, exit code and output tails", errorResponses: ERR } })
    .input(z.object({ id: z.string().min(1).max(64).describe("The task id.") }))
    .output(S.ZTaskDetail)
    .query(({ ctx, input }) => onTask(ctx, input.id, async (workspaceId) => S.toRestTaskDetail(await api(ctx).tasks.get({ workspaceId, taskId: input.id })))),

  cancelTask: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/tasks/{id}/cancel", tags: T, summary: "Cancel a queued or running task", description: "A running task's container is removed (every process in it ends).", errorResponses: [...ERR, 409] },
    })
    .input(z.object({ id: z.string().min(1).max(64).describe("The task id.") }))
    .output(S.ZTask)
    .mutation(({ ctx, input }) => onTask(ctx, input.id, async (workspaceId) => S.toRestTask(await api(ctx).tasks.cancel({ workspaceId, taskId: input.id })))),
};

export const restRouter = createTRPCRouter({ ...nameRoutes, ...workspaceRoutes, ...fileRoutes, ...sandboxRoutes, ...snapshotRoutes, ...snapshotAsNewRoutes, ...taskRoutes, ...sharedFolderRoutes, ...policyRoutes });
export type RestRouter = typeof restRouter;
