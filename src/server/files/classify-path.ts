// Pure decisions about a relative path: protected names, path rules, the caller's role. Shared by
// the guard (which adds the filesystem checks and the audit) and by listings, grep and snapshots
// (which filter many entries and must not write an audit row per hidden file).
import type { WorkspaceRoleName } from "~/server/auth/types";
import { matchNoExec, matchPathRules } from "./path-rules-match";
import { type FileOp, type GuardTarget, MUTATING_OPS, type PathDenyReason } from "./path-guard-types";
import { protectedMatch, protectedMessage } from "./protected-paths";
import { parseRequestedPath } from "./requested-path";

export interface Refusal {
  reason: PathDenyReason;
  message: string;
  details?: Record<string, unknown>;
}

/** Refusals that depend only on the name: critical files, then BLOCK rules. */
export function nameRefusal(relative: string, rules: GuardTarget["rules"]): Refusal | null {
  const critical = protectedMatch(relative);
  if (critical) return { reason: "critical_file", message: protectedMessage(critical), details: { protectedEntry: critical.entry, kind: critical.kind } };
  const { block } = matchPathRules(relative, rules);
  if (block) {
    return {
      reason: "blocked_path",
      message: `A path rule of this workspace blocks "${block.pattern}": no one can read or write it through Atrium. Ask a workspace owner if you need it.`,
      details: { pattern: block.pattern },
    };
  }
  return null;
}

export function roleRefusal(op: FileOp, role: WorkspaceRoleName): Refusal | null {
  if (role === "viewer" && MUTATING_OPS.has(op)) {
    const verb = op === "execute" ? "run files" : `${op} files`;
    return { reason: "permission_denied", message: `Viewers can list and read files but not ${verb}. Ask a workspace owner for the editor role.`, details: { role } };
  }
  return null;
}

/** READ_ONLY rules refuse writes and deletes; running a read-only file is fine. */
export function readOnlyRefusal(relative: string, rules: GuardTarget["rules"], op: FileOp): Refusal | null {
  if (op !== "write" && op !== "delete") return null;
  const { readOnly } = matchPathRules(relative, rules);
  if (!readOnly) return null;
  return {
    reason: "read_only",
    message: `A path rule of this workspace makes "${readOnly.pattern}" read-only. Ask a workspace owner to change the rule if you need to ${op} it.`,
    details: { pattern: readOnly.pattern },
  };
}

/** NO_EXEC rules refuse running a file (reading and writing it stay allowed). */
export function noExecRefusal(relative: string, rules: GuardTarget["rules"], op: FileOp): Refusal | null {
  if (op !== "execute") return null;
  const hit = matchNoExec(relative, rules);
  if (!hit) return null;
  return {
    reason: "blocked_path",
    message: `A path rule of this workspace makes "${hit.pattern}" no-exec: files there can be read and written but not run. Ask a workspace owner to change the rule.`,
    details: { pattern: hit.pattern, effect: "no_exec" },
  };
}

export function rootRefusal(relative: string, op: FileOp): Refusal | null {
  if (relative === "" && (op === "write" || op === "delete")) {
    return { reason: "invalid_path", message: `The workspace root itself cannot be ${op === "write" ? "overwritten" : "deleted"} through the file API. Name a file or folder inside it${op === "delete" ? ", or delete the workspace" : ""}.` };
  }
  return null;
}

/** Every pure check in the guard's order; `relative` is normalized first (and refused if it cannot be). */
export function explainRelative(relative: string, rules: GuardTarget["rules"], op: FileOp, role: WorkspaceRoleName): Refusal | null {
  // Callers pass paths they built relative to the root: a leading `/` here is a bug upstream, not
  // a caller's root-relative spelling (requested-path.ts), so it is refused rather than read as one.
  if (relative.startsWith("/")) return { reason: "outside_workspace", message: "Expected a path relative to the workspace root." };
  const parsed = parseRequestedPath(relative === "" ? "." : relative);
  if (!parsed.ok) return { reason: parsed.reason, message: parsed.message };
  const normalized = parsed.relative;
  return nameRefusal(normalized, rules) ?? roleRefusal(op, role) ?? readOnlyRefusal(normalized, rules, op) ?? noExecRefusal(normalized, rules, op) ?? rootRefusal(normalized, op);
}
