// Turns a refusal into an audit row plus the typed error callers see. The audit target is the
// path AS ASKED; when that cannot be stored verbatim (Postgres text cannot hold a NUL byte, a lone
// surrogate has no UTF-8 form, a megabyte-long path would bloat the log) it is stored
// JSON-escaped and/or truncated, and `details.targetEncoding` says so.
import { createHash } from "node:crypto";
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import type { Refusal } from "./classify-path";
import type { FileOp } from "./path-guard-types";

export const MAX_AUDIT_TARGET_CHARS = 2048;

const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/; // eslint-disable-line no-control-regex

export interface AuditTarget {
  target: string;
  details: Record<string, unknown>;
}

/** How the raw path is written to `AuditEvent.target`, plus what the details must say about it. */
export function auditTargetOf(raw: unknown): AuditTarget {
  const text = typeof raw === "string" ? raw : String(raw);
  const details: Record<string, unknown> = {};
  let target = text;
  if (NEEDS_ESCAPE.test(text)) {
    target = JSON.stringify(text);
    details.targetEncoding = "json";
  }
  if (target.length > MAX_AUDIT_TARGET_CHARS) {
    details.targetLength = text.length;
    details.targetSha256 = createHash("sha256").update(text, "utf8").digest("hex");
    details.targetEncoding = details.targetEncoding ? "json-truncated" : "truncated";
    target = `${target.slice(0, MAX_AUDIT_TARGET_CHARS)}…`;
  }
  return { target, details };
}

export interface DenialInput {
  ctx: RequestContext;
  workspaceId: string;
  rawPath: unknown;
  op: FileOp;
  action: string;
  refusal: Refusal;
  /** Extra facts for the audit log only (resolved paths, the stage that refused). */
  auditDetails?: Record<string, unknown>;
}

/** Writes the audit row, then returns the error to throw. Exactly one row per denial. */
export async function denyPath(input: DenialInput): Promise<AppError> {
  const { ctx, workspaceId, rawPath, op, action, refusal } = input;
  const { target, details } = auditTargetOf(rawPath);
  await audit.denied(ctx, {
    action,
    reason: refusal.reason,
    target,
    permission: op,
    workspaceId,
    details: { ...details, ...refusal.details, ...input.auditDetails },
  });
  return new AppError("PATH_DENIED", { message: refusal.message, reason: refusal.reason });
}
