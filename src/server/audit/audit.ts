// The one way to write the audit log. Every refusal anywhere in Atrium goes through `denied`;
// notable successful actions go through `record`. Events are a discriminated union on `type`.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { logger } from "~/server/observability/logger";
import { metrics } from "~/server/observability/metrics";
import { REASONS } from "./reasons";

const ZRole = z.enum(["owner", "editor", "viewer"]);
const ZEffect = z.enum(["block", "read_only", "no_exec"]);

export const ZAuditEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("denied"),
    /** What was attempted, `domain.verb` (e.g. `files.write`, `apiKeys.create`). */
    action: z.string().min(1),
    /** Why it was refused: a stable reason such as `missing_scope`, `outside_workspace`, `blocked_path` (src/server/audit/reasons.ts). */
    reason: z.enum(REASONS),
    target: z.string().optional(),
    permission: z.string().optional(),
    workspaceId: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ type: z.literal("sign_in_failed"), email: z.string(), reason: z.enum(REASONS) }),
  z.object({ type: z.literal("user_created"), userId: z.string(), email: z.string(), role: z.enum(["ADMIN", "USER"]) }),
  z.object({ type: z.literal("user_disabled"), userId: z.string(), email: z.string(), sessionsStopped: z.number().int() }),
  z.object({ type: z.literal("user_enabled"), userId: z.string(), email: z.string() }),
  z.object({ type: z.literal("user_role_changed"), userId: z.string(), email: z.string(), from: z.enum(["ADMIN", "USER"]), to: z.enum(["ADMIN", "USER"]) }),
  z.object({ type: z.literal("session_killed"), workspaceId: z.string(), sessionId: z.string(), userId: z.string() }),
  z.object({ type: z.literal("api_key_created"), apiKeyId: z.string(), name: z.string(), scopes: z.array(z.string()) }),
  z.object({ type: z.literal("api_key_revoked"), apiKeyId: z.string() }),
  /** Reading the whole trail out is itself worth a line in it. */
  z.object({ type: z.literal("audit_exported"), rowCount: z.number().int(), truncated: z.boolean() }),
  z.object({ type: z.literal("workspace_created"), workspaceId: z.string(), slug: z.string(), rootPath: z.string(), registered: z.boolean() }),
  z.object({ type: z.literal("workspace_archived"), workspaceId: z.string(), archivePath: z.string(), archiveBytes: z.string(), sha256: z.string() }),
  z.object({ type: z.literal("workspace_unarchived"), workspaceId: z.string(), rootPath: z.string() }),
  z.object({ type: z.literal("workspace_deleted"), workspaceId: z.string(), slug: z.string(), name: z.string(), rootPath: z.string(), filesDeleted: z.boolean() }),
  z.object({
    type: z.literal("snapshot_created"),
    workspaceId: z.string(),
    snapshotId: z.string(),
    kind: z.enum(["MANUAL", "AUTO", "PRE_RESTORE", "ARCHIVE"]),
    label: z.string(),
    sizeBytes: z.string(),
    sha256: z.string(),
    fileCount: z.number().int(),
    includesProtected: z.boolean(),
  }),
  z.object({ type: z.literal("snapshot_restored"), workspaceId: z.string(), snapshotId: z.string(), preRestoreSnapshotId: z.string(), sessionsRestarted: z.array(z.string()).optional() }),
  z.object({ type: z.literal("snapshot_restored_as_new"), workspaceId: z.string(), snapshotId: z.string(), newWorkspaceId: z.string() }),
  z.object({ type: z.literal("workspace_exported"), workspaceId: z.string(), bytes: z.string(), sha256: z.string(), fileCount: z.number().int() }),
  z.object({ type: z.literal("workspace_imported"), workspaceId: z.string(), slug: z.string(), archiveBytes: z.string(), sha256: z.string(), fileCount: z.number().int(), manifest: z.boolean() }),
  z.object({ type: z.literal("snapshot_deleted"), workspaceId: z.string(), snapshotId: z.string(), retention: z.boolean() }),
  /** One file changed by "replace in files" (or put back by its undo). */
  z.object({ type: z.literal("files_replaced"), workspaceId: z.string(), path: z.string(), replacements: z.number().int(), version: z.string(), undo: z.boolean() }),
  z.object({ type: z.literal("member_added"), workspaceId: z.string(), userId: z.string(), role: ZRole }),
  z.object({ type: z.literal("member_role_changed"), workspaceId: z.string(), userId: z.string(), from: ZRole, to: ZRole }),
  z.object({ type: z.literal("member_removed"), workspaceId: z.string(), userId: z.string(), role: ZRole, self: z.boolean() }),
  z.object({ type: z.literal("path_rule_created"), workspaceId: z.string(), ruleId: z.string(), pattern: z.string(), effect: ZEffect }),
  z.object({ type: z.literal("path_rule_deleted"), workspaceId: z.string(), ruleId: z.string(), pattern: z.string(), effect: ZEffect }),
  // A workspace made because a caller addressed it (by name, scope and key, or as a session's ephemeral one).
  z.object({ type: z.literal("workspace_created_on_use"), workspaceId: z.string(), name: z.string(), via: z.enum(["name", "scope", "ephemeral"]), scope: z.string().optional(), key: z.string().optional() }),
  z.object({ type: z.literal("state_set"), workspaceId: z.string(), key: z.string(), version: z.number().int(), sizeBytes: z.number().int() }),
  z.object({ type: z.literal("state_deleted"), workspaceId: z.string(), key: z.string(), version: z.number().int() }),
  z.object({ type: z.literal("shared_folder_defined"), sharedFolderId: z.string(), name: z.string(), hostPath: z.string(), allowWrite: z.boolean() }),
  z.object({ type: z.literal("shared_folder_changed"), sharedFolderId: z.string(), name: z.string(), allowWrite: z.boolean() }),
  z.object({ type: z.literal("shared_folder_deleted"), sharedFolderId: z.string(), name: z.string(), hostPath: z.string() }),
  z.object({ type: z.literal("shared_folder_attached"), workspaceId: z.string(), sharedFolderId: z.string(), name: z.string(), writable: z.boolean() }),
  z.object({ type: z.literal("shared_folder_detached"), workspaceId: z.string(), sharedFolderId: z.string(), name: z.string() }),
  // Policy and limits (issue 17): what changed, before and after, so a loosening can be traced.
  z.object({ type: z.literal("command_policy_changed"), workspaceId: z.string(), preset: z.string().nullable(), before: z.unknown(), after: z.unknown() }),
  z.object({ type: z.literal("sandbox_limits_changed"), workspaceId: z.string(), before: z.unknown(), after: z.unknown() }),
  z.object({ type: z.literal("sandbox_ceilings_changed"), before: z.unknown(), after: z.unknown() }),
  /** A co-edited document written back to disk; the actor is the last typist, `authors` everyone who typed since the previous write. */
  z.object({
    type: z.literal("collab_saved"),
    workspaceId: z.string(),
    path: z.string(),
    version: z.string(),
    size: z.number().int(),
    authors: z.array(z.object({ userId: z.string(), name: z.string() })),
    trigger: z.enum(["debounce", "flush", "leave", "keep_mine"]),
  }),
]);
export type AuditEventInput = z.infer<typeof ZAuditEvent>;
export type DeniedEvent = Omit<Extract<AuditEventInput, { type: "denied" }>, "type">;

/** A details object of plain JSON (null for missing values, as jsonb stores them). */
function json(value: Record<string, unknown>): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v))) as Prisma.InputJsonValue;
}

function allowed(action: string, workspaceId: string, target: string) {
  return { action, workspaceId, target, outcome: "ALLOWED" as const };
}

function toRow(ctx: RequestContext, event: AuditEventInput): Prisma.AuditEventUncheckedCreateInput {
  const base = {
    actorUserId: ctx.actor?.user.id ?? null,
    apiKeyId: ctx.actor?.apiKey?.id ?? null,
    channel: ctx.channel,
    ip: ctx.ip,
  };
  switch (event.type) {
    case "denied":
      return {
        ...base,
        action: event.action,
        outcome: "DENIED",
        reason: event.reason,
        target: event.target ?? null,
        permission: event.permission ?? null,
        workspaceId: event.workspaceId ?? null,
        details: (event.details ?? undefined) as Prisma.InputJsonValue | undefined,
      };
    case "sign_in_failed":
      return { ...base, action: "auth.signIn", outcome: "DENIED", reason: event.reason, target: event.email };
    case "user_created":
      return { ...base, action: "users.create", outcome: "ALLOWED", target: event.email, details: { userId: event.userId, role: event.role } };
    case "user_disabled":
      return { ...base, action: "admin.users.disable", outcome: "ALLOWED", target: event.email, details: { userId: event.userId, sessionsStopped: event.sessionsStopped } };
    case "user_enabled":
      return { ...base, action: "admin.users.enable", outcome: "ALLOWED", target: event.email, details: { userId: event.userId } };
    case "user_role_changed":
      return { ...base, action: "admin.users.setRole", outcome: "ALLOWED", target: event.email, details: { userId: event.userId, from: event.from, to: event.to } };
    case "session_killed":
      return { ...base, ...allowed("admin.sessions.kill", event.workspaceId, event.sessionId), details: { userId: event.userId } };
    case "api_key_created":
      return { ...base, action: "apiKeys.create", outcome: "ALLOWED", target: event.apiKeyId, details: { name: event.name, scopes: event.scopes } };
    case "api_key_revoked":
      return { ...base, action: "apiKeys.revoke", outcome: "ALLOWED", target: event.apiKeyId };
    case "audit_exported":
      return { ...base, action: "audit.export", outcome: "ALLOWED", details: { rowCount: event.rowCount, truncated: event.truncated } };
    case "workspace_created":
      return { ...base, ...allowed("workspaces.create", event.workspaceId, event.slug), details: { rootPath: event.rootPath, registered: event.registered } };
    case "workspace_archived":
      return { ...base, ...allowed("workspaces.archive", event.workspaceId, event.archivePath), details: { archiveBytes: event.archiveBytes, sha256: event.sha256 } };
    case "workspace_unarchived":
      return { ...base, ...allowed("workspaces.unarchive", event.workspaceId, event.rootPath) };
    case "workspace_deleted":
      return {
        ...base,
        ...allowed("workspaces.delete", event.workspaceId, event.slug),
        details: { name: event.name, rootPath: event.rootPath, filesDeleted: event.filesDeleted },
      };
    case "snapshot_created":
      return {
        ...base,
        ...allowed("snapshots.create", event.workspaceId, event.snapshotId),
        details: { kind: event.kind, label: event.label, sizeBytes: event.sizeBytes, sha256: event.sha256, fileCount: event.fileCount, includesProtected: event.includesProtected },
      };
    case "snapshot_restored":
      return {
        ...base,
        ...allowed("snapshots.restore", event.workspaceId, event.snapshotId),
        details: { preRestoreSnapshotId: event.preRestoreSnapshotId, sessionsRestarted: event.sessionsRestarted ?? [] },
      };
    case "snapshot_restored_as_new":
      return { ...base, ...allowed("snapshots.restoreAsNew", event.workspaceId, event.snapshotId), details: { newWorkspaceId: event.newWorkspaceId } };
    case "workspace_exported":
      return { ...base, ...allowed("workspaces.export", event.workspaceId, event.workspaceId), details: { bytes: event.bytes, sha256: event.sha256, fileCount: event.fileCount } };
    case "workspace_imported":
      return {
        ...base,
        ...allowed("workspaces.import", event.workspaceId, event.slug),
        details: { archiveBytes: event.archiveBytes, sha256: event.sha256, fileCount: event.fileCount, manifest: event.manifest },
      };
    case "snapshot_deleted":
      return { ...base, ...allowed("snapshots.delete", event.workspaceId, event.snapshotId), details: { retention: event.retention } };
    case "files_replaced":
      return { ...base, ...allowed(event.undo ? "files.replaceUndo" : "files.replaceApply", event.workspaceId, event.path), details: { replacements: event.replacements, version: event.version } };
    case "member_added":
      return { ...base, ...allowed("members.invite", event.workspaceId, event.userId), details: { role: event.role } };
    case "member_role_changed":
      return { ...base, ...allowed("members.setRole", event.workspaceId, event.userId), details: { from: event.from, to: event.to } };
    case "member_removed":
      return { ...base, ...allowed(event.self ? "members.leave" : "members.remove", event.workspaceId, event.userId), details: { role: event.role } };
    case "path_rule_created":
      return { ...base, ...allowed("pathRules.create", event.workspaceId, event.pattern), details: { ruleId: event.ruleId, effect: event.effect } };
    case "path_rule_deleted":
      return { ...base, ...allowed("pathRules.delete", event.workspaceId, event.pattern), details: { ruleId: event.ruleId, effect: event.effect } };
    case "workspace_created_on_use":
      return { ...base, ...allowed("workspaces.createOnUse", event.workspaceId, event.name), details: { via: event.via, scope: event.scope ?? null, key: event.key ?? null } };
    case "state_set":
      return { ...base, ...allowed("state.set", event.workspaceId, event.key), details: { version: event.version, sizeBytes: event.sizeBytes } };
    case "state_deleted":
      return { ...base, ...allowed("state.delete", event.workspaceId, event.key), details: { version: event.version } };
    case "shared_folder_defined":
      return { ...base, action: "sharedFolders.define", outcome: "ALLOWED", target: event.name, details: { sharedFolderId: event.sharedFolderId, hostPath: event.hostPath, allowWrite: event.allowWrite } };
    case "shared_folder_changed":
      return { ...base, action: "sharedFolders.update", outcome: "ALLOWED", target: event.name, details: { sharedFolderId: event.sharedFolderId, allowWrite: event.allowWrite } };
    case "shared_folder_deleted":
      return { ...base, action: "sharedFolders.delete", outcome: "ALLOWED", target: event.name, details: { sharedFolderId: event.sharedFolderId, hostPath: event.hostPath } };
    case "shared_folder_attached":
      return { ...base, ...allowed("sharedFolders.attach", event.workspaceId, event.name), details: { sharedFolderId: event.sharedFolderId, writable: event.writable } };
    case "shared_folder_detached":
      return { ...base, ...allowed("sharedFolders.detach", event.workspaceId, event.name), details: { sharedFolderId: event.sharedFolderId } };
    case "command_policy_changed":
      return { ...base, ...allowed("policy.setCommandPolicy", event.workspaceId, event.workspaceId), details: json({ preset: event.preset, before: event.before, after: event.after }) };
    case "sandbox_limits_changed":
      return { ...base, ...allowed("policy.setLimits", event.workspaceId, event.workspaceId), details: json({ before: event.before, after: event.after }) };
    case "sandbox_ceilings_changed":
      return { ...base, action: "policy.setCeilings", outcome: "ALLOWED", target: "sandbox_ceilings", details: json({ before: event.before, after: event.after }) };
    case "collab_saved":
      return { ...base, ...allowed("files.write", event.workspaceId, event.path), details: { version: event.version, size: event.size, authors: event.authors, trigger: event.trigger, collab: true } };
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * What PostgreSQL can store of a string: NUL becomes the visible text `\u0000` (text columns and
 * jsonb refuse the character) and an unpaired surrogate becomes U+FFFD (UTF-8 cannot encode it),
 * so an event is never lost to the hostile content it records.
 */
export function storable(value: string): string {
  return value.replaceAll("\u0000", "\\u0000").replace(LONE_SURROGATE, "\uFFFD");
}

/** `storable` through arrays and objects; keys are rebuilt as own properties (a `__proto__` key stays data). */
function storableDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storable(value);
  if (value === null || typeof value !== "object" || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => storableDeep(v, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storableDeep(v, depth + 1)]));
}

/** Writes an event. Failing to audit must never turn a refusal into a success, so errors are logged, not thrown. */
export async function record(ctx: RequestContext, event: AuditEventInput): Promise<void> {
  // Every refusal passes here (denials and failed sign-ins): the one place to count them.
  if (event.type === "denied" || event.type === "sign_in_failed") metrics().auditDenials.inc({ reason: event.reason, channel: ctx.channel });
  try {
    const row = storableDeep(toRow(ctx, ZAuditEvent.parse(event))) as Prisma.AuditEventUncheckedCreateInput;
    await db().auditEvent.create({ data: row });
  } catch (error) {
    logger("audit").error({ err: error, event: event.type }, "could not write an audit event");
  }
}

export function denied(ctx: RequestContext, event: DeniedEvent): Promise<void> {
  return record(ctx, { type: "denied", ...event });
}
