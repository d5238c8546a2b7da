// `requireReadBeforeWrite` on every door: a key with it may change an existing file only after it
// has read that file's current version (a folder: after listing it), through any door. What a key
// has read lives in Postgres (ApiKeyRead), so tRPC, REST, MCP and any process see the same state.
// Keys without the flag, and browser sessions, cost nothing here.
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { pathExists, statPath } from "~/server/files/file-service";
import { sameVersion } from "~/server/files/version";
import type { Actor, RequestContext } from "./types";
import type { WorkspaceAccess } from "./workspace-access";
import type { Reason } from "~/server/audit/reasons";

const READ_HINT = "Read it first (files.read, GET /api/v1/workspaces/{id}/files/content or the read_file tool), then try again.";
const LIST_HINT = "List it first (files.list, GET /api/v1/workspaces/{id}/files or the list_files tool), then try again.";

/** The key whose reads are tracked, if the caller is one with `requireReadBeforeWrite`. */
function carefulKeyOf(actor: Actor | null): string | null {
  return actor?.apiKey?.requireReadBeforeWrite ? actor.apiKey.id : null;
}

const display = (path: string) => (path === "" ? "the workspace root" : path);

/** Paths remembered per key; past it the oldest reads are forgotten (the key reads those again). */
const MAX_READS_PER_KEY = 10_000;

async function pruneReads(apiKeyId: string): Promise<void> {
  await db().$executeRaw`
    DELETE FROM "ApiKeyRead" r USING (
      SELECT "workspaceId", "path" FROM "ApiKeyRead" WHERE "apiKeyId" = ${apiKeyId}
      ORDER BY "readAt" DESC OFFSET ${MAX_READS_PER_KEY}
    ) old
    WHERE r."apiKeyId" = ${apiKeyId} AND r."workspaceId" = old."workspaceId" AND r."path" = old."path"`;
}

/** Remembers that the caller's key has seen `path` at `version` (null: a folder it listed). */
export async function noteRead(ctx: RequestContext, workspaceId: string, path: string, version: string | null): Promise<void> {
  const apiKeyId = carefulKeyOf(ctx.actor);
  if (!apiKeyId) return;
  await db().apiKeyRead.upsert({
    where: { apiKeyId_workspaceId_path: { apiKeyId, workspaceId, path } },
    create: { apiKeyId, workspaceId, path, version },
    update: { version, readAt: new Date() },
  });
  // Now and then, not on every read: the cap bounds the table, it need not be exact.
  if (Math.random() < 0.01) await pruneReads(apiKeyId).catch(() => undefined);
}

/** After a delete or a move: the path and everything under it are unknown to the key again. */
export async function forgetReads(ctx: RequestContext, workspaceId: string, path: string): Promise<void> {
  const apiKeyId = carefulKeyOf(ctx.actor);
  if (!apiKeyId) return;
  const under = path === "" ? [{}] : [{ path }, { path: { startsWith: `${path}/` } }];
  await db().apiKeyRead.deleteMany({ where: { apiKeyId, workspaceId, OR: under } });
}

/**
 * Before a key with `requireReadBeforeWrite` changes `path` (write, append, edit, move, delete, or a
 * copy/move onto it): a path that does not exist yet is fine; an existing file must have been read
 * at its current version, an existing folder listed. Refusals are audited. Returns the version the
 * key read, so a write can send it as `ifMatch` and a change landing in between is caught too.
 */
export async function assertReadBeforeChange(ctx: RequestContext, access: WorkspaceAccess, path: string, action: string): Promise<string | undefined> {
  const apiKeyId = carefulKeyOf(ctx.actor);
  if (!apiKeyId) return undefined;
  const workspaceId = access.workspace.id;
  const found = await pathExists(ctx, access, { path });
  if (!found.exists) return undefined;
  const seen = await db().apiKeyRead.findUnique({ where: { apiKeyId_workspaceId_path: { apiKeyId, workspaceId, path: found.path } } });
  const deny = async (reason: Reason, details: Record<string, unknown> = {}) =>
    audit.denied(ctx, { action, reason, target: found.path, permission: "write", workspaceId, details: { rule: "read_before_write", ...details } });

  if (found.type === "directory") {
    if (seen) return undefined;
    await deny("read_before_write", { type: "directory" });
    throw new AppError("FORBIDDEN", {
      message: `This API key must list a folder before changing it, and it has not listed ${display(found.path)}. ${LIST_HINT}`,
      reason: "read_before_write",
    });
  }
  const current = (await statPath(ctx, access, { path: found.path })).version;
  if (!seen?.version) {
    await deny("read_before_write");
    throw new AppError("FORBIDDEN", {
      message: `This API key must read a file before changing it, and it has not read ${display(found.path)}. ${READ_HINT}`,
      reason: "read_before_write",
    });
  }
  if (current !== null && !sameVersion(seen.version, current)) {
    await deny("version_conflict", { readVersion: seen.version, currentVersion: current });
    throw new AppError("CONFLICT", {
      message: `${display(found.path)} changed since this API key last read it, and the key must have read what it changes. Read it again (files.read, GET /api/v1/workspaces/{id}/files/content or the read_file tool), then try again.`,
      reason: "version_conflict",
      details: { path: found.path, currentVersion: current },
    });
  }
  return seen.version;
}

/**
 * An upload may replace files the key has not read, and it streams many files at once: keys with
 * `requireReadBeforeWrite` write one file at a time instead (audited refusal).
 */
export async function refuseUploadForCarefulKey(ctx: RequestContext, workspaceId?: string): Promise<void> {
  if (!carefulKeyOf(ctx.actor)) return;
  await audit.denied(ctx, { action: "files.upload", reason: "read_before_write", permission: "write", target: workspaceId, details: { rule: "read_before_write" } });
  throw new AppError("FORBIDDEN", {
    message: "This API key must read files before changing them, so it cannot upload (an upload may replace files unseen). Write each file with files.write or PUT /api/v1/workspaces/{id}/files/content instead.",
    reason: "read_before_write",
  });
}
