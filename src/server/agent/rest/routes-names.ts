// REST for issue 17's addressing and the file API's remaining calls: workspaces by name and by
// (scope, key), sessions that name or create their workspace, append/exists/stat, path rules,
// registering a host directory (admin), and key-value state. Adapters like router.ts: each calls
// THE SAME tRPC procedure through a caller on the request's context, so tiers, scopes, path
// guard and audit run exactly as on every other door.
import { z } from "zod";
import { createCaller } from "~/server/api/root";
import { type Context, publicProcedure } from "~/server/api/trpc";
import { ZAppendInput, ZWriteInput } from "~/server/files/schemas";
import { ZStartSessionInput } from "~/server/sandbox/start-session";
import { ZWorkspaceRefName } from "~/server/workspaces/by-name";
import { EFFECTS, ZCreatePathRuleInput } from "~/server/workspaces/path-rules";
import { ZRegisterHostDirInput } from "~/server/workspaces/register-host-dir";
import { ZResolveWorkspaceInput } from "~/server/workspaces/resolve-scoped";
import { STATE_LIMITS, type StateEntry, ZStateKey, ZStateSetInput } from "~/server/workspaces/state";
import * as S from "./schemas";

const api = (ctx: Context) => createCaller(ctx);
const W = ["workspaces"];
const F = ["files"];
const X = ["sandbox"];
const R = ["path-rules"];
const ST = ["state"];
const ERR = [400, 401, 403, 404, 429];

const ZName = z.object({ name: ZWorkspaceRefName });
const ZIso = z.string().describe("ISO 8601 timestamp");

const ZNamedWorkspace = z.object({ workspace: S.ZWorkspace, created: z.boolean().describe("True when this call created it.") });

const ZStartedSession = S.ZSession.extend({
  workspaceCreated: z.boolean().describe("True when this call created the workspace (a name used the first time, or an ephemeral one)."),
}).meta({ id: "StartedSession" });

const ZStat = z.object({
  name: z.string(),
  path: z.string(),
  type: z.enum(["file", "directory", "symlink", "other"]),
  size: z.number(),
  modifiedAt: ZIso,
  createdAt: ZIso,
  mode: z.string().describe('Permission bits, e.g. "0644".'),
  version: z.string().nullable().describe("Send back as `ifMatch` when writing; null for folders and links."),
  language: z.string(),
  mimeType: z.string(),
  readOnly: z.boolean(),
  locked: z.object({ reason: z.string() }).optional(),
  target: z.string().optional(),
});
const ZExists = z.object({ path: z.string(), exists: z.boolean(), type: z.enum(["file", "directory", "symlink", "other"]).nullable() });

const ZPathRule = z
  .object({
    id: z.string(),
    pattern: z.string(),
    effect: z.enum(EFFECTS),
    createdAt: ZIso,
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: "PathRule" });

const ZStateEntry = z
  .object({
    key: z.string(),
    value: z.json(),
    version: z.number().int().describe("Send back as `ifVersion` to change it only if nobody did since."),
    sizeBytes: z.number().int(),
    updatedById: z.string(),
    updatedAt: ZIso,
  })
  .meta({ id: "StateEntry" });
const toRestState = (e: StateEntry) => ({ key: e.key, value: e.value, version: e.version, sizeBytes: e.sizeBytes, updatedById: e.updatedById, updatedAt: e.updatedAt.toISOString() });

export const nameRoutes = {
  getWorkspaceByName: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/named-workspaces/{name}",
        tags: W,
        summary: "Find a workspace by the name you gave it",
        description:
          "(Not `/workspaces/by-name/{name}`: that would be ambiguous with `/workspaces/{id}/files` and its siblings. `GET /workspaces?name=` is the same lookup as a list.) Yours first (names are unique per owner among active workspaces, case-insensitively); else the oldest one shared with you under that name.",
        errorResponses: ERR,
      },
    })
    .input(ZName)
    .output(S.ZWorkspace)
    .query(async ({ ctx, input }) => S.toRestWorkspace(await api(ctx).workspaces.byName(input))),

  resolveWorkspace: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/resolve",
        tags: W,
        summary: "The workspace keyed by {scope, key}, created on first use",
        description:
          "`scope` is session, user, agent or shared; `key` (the session_key) names e.g. `agent-42:user-7`. The same (scope, key) is the same workspace every time, also under concurrent calls. `session`, `user` and `agent` are your own; `shared` also finds one another owner keyed so and shared with you.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object(S.sealed(ZResolveWorkspaceInput.shape)))
    .output(ZNamedWorkspace)
    .mutation(async ({ ctx, input }) => {
      const r = await api(ctx).workspaces.resolve(input);
      return { workspace: S.toRestWorkspace(r.workspace), created: r.created };
    }),

  writeFileByName: publicProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/named-workspaces/{name}/files/content",
        tags: F,
        summary: "Write a file in your workspace named {name}, creating the workspace on first use",
        description: "As PUT /workspaces/{id}/files/content; `workspaceId` says which workspace it landed in.",
        errorResponses: [...ERR, 409, 413, 422],
      },
    })
    .input(z.object({ ...ZName.shape, ...S.sealed(ZWriteInput.shape) }))
    .output(S.ZWriteResult.extend({ workspaceId: z.string(), workspaceCreated: z.boolean() }))
    .mutation(async ({ ctx, input: { name, ...rest } }) => {
      const { workspace, created } = await api(ctx).workspaces.ensureNamed({ name });
      const written = await api(ctx).files.write({ workspaceId: workspace.id, ...rest });
      return { ...written, workspaceId: workspace.id, workspaceCreated: created };
    }),

  startSession: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/sessions",
        tags: X,
        summary: "Start a sandbox session, naming its workspace or not",
        description:
          "`workspace_id`: a workspace id, or the name of one of yours (created on first use; an existing id wins over a name that spells it). Without it the session is ephemeral: a workspace is made for it (`ephemeral: true`) and deleted, files and all, when the session ends.",
        errorResponses: [...ERR, 409, 422, 503],
      },
    })
    .input(
      z.object({
        workspace_id: ZStartSessionInput.shape.workspaceId,
        image: S.sealed({ image: ZStartSessionInput.shape.image }).image,
        preset: S.sealed({ preset: ZStartSessionInput.shape.preset }).preset,
        access: S.sealed({ access: ZStartSessionInput.shape.access }).access,
      }),
    )
    .output(ZStartedSession)
    .mutation(async ({ ctx, input }) => {
      const r = await api(ctx).sandbox.startSession({ workspaceId: input.workspace_id, image: input.image, preset: input.preset, access: input.access });
      return { ...S.toRestSession(r.session), ephemeral: r.session.ephemeral || r.ephemeralWorkspace, workspaceCreated: r.workspaceCreated };
    }),

  appendFile: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/{id}/files/append",
        tags: F,
        summary: "Append to a file (created when missing)",
        description: "Atomic: readers see the file before or after, never half; counted against the quota.",
        errorResponses: [...ERR, 409, 413],
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZAppendInput.shape) }))
    .output(S.ZWriteResult)
    .mutation(({ ctx, input: { id, ...rest } }) => api(ctx).files.append({ workspaceId: id, ...rest })),

  fileExists: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/files/exists", tags: F, summary: "Whether a path exists (and what it is)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, path: z.string().min(1).max(4096) }))
    .output(ZExists)
    .query(({ ctx, input }) => api(ctx).files.exists({ workspaceId: input.id, path: input.path })),

  statFile: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/files/stat", tags: F, summary: "Size, times, mode, version and type of a path", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, path: z.string().min(1).max(4096) }))
    .output(ZStat)
    .query(async ({ ctx, input }) => {
      const { mime, ...stat } = await api(ctx).files.stat({ workspaceId: input.id, path: input.path });
      return { ...stat, mimeType: mime };
    }),

  listPathRules: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/path-rules", tags: R, summary: "List path rules (members)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId }))
    .output(z.object({ items: z.array(ZPathRule) }))
    .query(async ({ ctx, input }) => ({ items: (await api(ctx).pathRules.list({ workspaceId: input.id })).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) })),

  createPathRule: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/{id}/path-rules",
        tags: R,
        summary: "Add a path rule (owners)",
        description: "`pattern` is a glob (`secrets/**`, `*.pem`); `effect` block hides and refuses, read_only refuses changes, no_exec refuses running files there. They apply to everyone, owners included.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object({ id: S.ZId, ...S.sealed(ZCreatePathRuleInput.shape) }))
    .output(ZPathRule)
    .mutation(async ({ ctx, input: { id, ...rest } }) => {
      const r = await api(ctx).pathRules.create({ workspaceId: id, ...rest });
      return { ...r, createdAt: r.createdAt.toISOString() };
    }),

  deletePathRule: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/workspaces/{id}/path-rules/{ruleId}", tags: R, summary: "Remove a path rule (owners)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, ruleId: z.string().min(1).max(64) }))
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const r = await api(ctx).pathRules.delete({ workspaceId: input.id, ruleId: input.ruleId });
      return { id: r.id, deleted: true as const };
    }),

  registerHostDir: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workspaces/register-host-dir",
        tags: W,
        summary: "Register an existing host directory as a workspace (instance admins, `admin` scope)",
        description: "`path` is absolute on the server. Atrium adopts the tree (ownership for the sandbox) and never deletes it unasked.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object(S.sealed(ZRegisterHostDirInput.shape)))
    .output(S.ZWorkspace)
    .mutation(async ({ ctx, input }) => S.toRestWorkspace(await api(ctx).workspaces.registerHostDir(input))),

  listState: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/workspaces/{id}/state",
        tags: ST,
        summary: "List a workspace's key-value state (viewers, `read`)",
        description: `Limits: ${STATE_LIMITS.valueMaxBytes / 1024} KiB per value, ${STATE_LIMITS.workspaceMaxBytes / 1024} KiB and ${STATE_LIMITS.maxKeys} keys per workspace.`,
        errorResponses: ERR,
      },
    })
    .input(z.object({ id: S.ZId, prefix: z.string().max(STATE_LIMITS.keyMaxChars).optional() }))
    .output(z.object({ items: z.array(ZStateEntry), totalBytes: z.number().int() }))
    .query(async ({ ctx, input }) => {
      const r = await api(ctx).state.list({ workspaceId: input.id, prefix: input.prefix });
      return { items: r.items.map(toRestState), totalBytes: r.totalBytes };
    }),

  getState: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workspaces/{id}/state/{key}", tags: ST, summary: "Read one state value (viewers, `read`)", errorResponses: ERR } })
    .input(z.object({ id: S.ZId, key: ZStateKey }))
    .output(ZStateEntry)
    .query(async ({ ctx, input }) => toRestState(await api(ctx).state.get({ workspaceId: input.id, key: input.key }))),

  setState: publicProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/workspaces/{id}/state/{key}",
        tags: ST,
        summary: "Create or replace one state value (editors, `write`)",
        description: "`ifVersion` makes it a compare-and-set: 409 `version_conflict` when the key moved on (0: only if it does not exist). Over a limit: 422 LIMIT_EXCEEDED.",
        errorResponses: [...ERR, 409, 422],
      },
    })
    .input(z.object({ id: S.ZId, key: ZStateKey, value: ZStateSetInput.shape.value, ifVersion: S.sealed({ v: ZStateSetInput.shape.ifVersion }).v }))
    .output(ZStateEntry.extend({ created: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const r = await api(ctx).state.set({ workspaceId: input.id, key: input.key, value: input.value, ifVersion: input.ifVersion });
      return { ...toRestState(r), created: r.created };
    }),

  deleteState: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/workspaces/{id}/state/{key}", tags: ST, summary: "Delete one state value (editors, `write`)", errorResponses: [...ERR, 409] } })
    .input(z.object({ id: S.ZId, key: ZStateKey, ifVersion: z.coerce.number().int().min(0).max(2_147_483_647).optional() }))
    .output(z.object({ key: z.string(), deleted: z.literal(true), version: z.number().int() }))
    .mutation(({ ctx, input }) => api(ctx).state.delete({ workspaceId: input.id, key: input.key, ifVersion: input.ifVersion })),
};
