// Path rules: owner-set globs that block (no read, no write) or make read-only parts of a
// workspace for everyone, owners and admins included. Patterns are validated and matched by the
// path guard's own module (~/server/files/path-rules-match), so what `preview` shows is exactly
// what the guard will enforce.
import { confinedFs } from "~/server/storage/confined-fs";
import picomatch from "picomatch";
import { z } from "zod";
import type { PathRuleEffect } from "~/generated/prisma/enums";
import type { Actor, RequestContext } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { MAX_PATTERN_LENGTH, pathRulePatternProblem, ruleMatches } from "~/server/files/path-rules-match";
import * as audit from "~/server/audit/audit";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { applyNoExecToRunning } from "~/server/sandbox/noexec/apply";
import { driverFor } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { advisoryLock } from "./locks";
import { workspaceNotFound } from "./view";

export const MAX_RULES_PER_WORKSPACE = 200;
export const PREVIEW_LIMITS = { maxMatches: 500, maxScanned: 20_000, maxDepth: 64 } as const;

export const EFFECTS = ["block", "read_only", "no_exec"] as const;
export type EffectName = (typeof EFFECTS)[number];
const DB_EFFECT: Record<EffectName, PathRuleEffect> = { block: "BLOCK", read_only: "READ_ONLY", no_exec: "NO_EXEC" };
const toDbEffect = (e: EffectName): PathRuleEffect => DB_EFFECT[e];
const fromDbEffect = (e: PathRuleEffect): EffectName => (e === "BLOCK" ? "block" : e === "READ_ONLY" ? "read_only" : "no_exec");

export const ZPattern = z.string().trim().min(1, "Enter a pattern such as secrets/** or *.pem.").max(MAX_PATTERN_LENGTH);
export const ZCreatePathRuleInput = z.object({ pattern: ZPattern, effect: z.enum(EFFECTS) });
export const ZDeletePathRuleInput = z.object({ ruleId: z.string().min(1).max(64) });
export const ZPreviewPathRuleInput = z.object({ pattern: ZPattern });
export type CreatePathRuleInput = z.input<typeof ZCreatePathRuleInput>;

export interface PathRuleView {
  id: string;
  pattern: string;
  effect: EffectName;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
}

/**
 * Refuses a pattern the guard would reject, and also unbalanced brackets, braces or parentheses,
 * which picomatch would otherwise read literally (almost always a typo in a security rule).
 */
export function assertValidPattern(pattern: string): void {
  const problem =
    pathRulePatternProblem(pattern) ??
    (() => {
      try {
        picomatch.makeRe(pattern.replace(/^\.?\/+/u, ""), { strictBrackets: true });
        return null;
      } catch {
        return `"${pattern}" has an unbalanced bracket, brace or parenthesis. Close it, for example \`*.{pem,key}\` or \`[abc]*\`.`;
      }
    })();
  if (problem) throw new AppError("INVALID_INPUT", { message: problem, reason: "bad_glob" });
}

const ruleSelect = { id: true, pattern: true, effect: true, createdAt: true, createdBy: { select: { id: true, name: true } } } as const;

function toView(r: { id: string; pattern: string; effect: PathRuleEffect; createdAt: Date; createdBy: { id: string; name: string } | null }): PathRuleView {
  return { id: r.id, pattern: r.pattern, effect: fromDbEffect(r.effect), createdAt: r.createdAt, createdBy: r.createdBy };
}

export async function listPathRules(workspaceId: string): Promise<PathRuleView[]> {
  const rows = await db().pathRule.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" }, select: ruleSelect });
  return rows.map(toView);
}

export async function createPathRule(ctx: RequestContext & { actor: Actor }, workspaceId: string, raw: CreatePathRuleInput): Promise<PathRuleView> {
  const input = ZCreatePathRuleInput.parse(raw);
  assertValidPattern(input.pattern);
  const rule = await db().$transaction(async (tx) => {
    await advisoryLock(tx, `atrium:path-rules:${workspaceId}`);
    const existing = await tx.pathRule.findUnique({ where: { workspaceId_pattern: { workspaceId, pattern: input.pattern } }, select: { effect: true } });
    if (existing) {
      throw new AppError("CONFLICT", {
        message: `A rule for "${input.pattern}" already exists (${fromDbEffect(existing.effect).replace("_", "-")}). Delete it first to change its effect.`,
        reason: "duplicate_rule",
      });
    }
    if ((await tx.pathRule.count({ where: { workspaceId } })) >= MAX_RULES_PER_WORKSPACE) {
      throw new AppError("LIMIT_EXCEEDED", {
        message: `A workspace has at most ${MAX_RULES_PER_WORKSPACE} path rules. Combine patterns (for example \`*.{pem,key}\`) or delete some.`,
        reason: "too_many_rules",
      });
    }
    return tx.pathRule.create({ data: { workspaceId, pattern: input.pattern, effect: toDbEffect(input.effect), createdById: ctx.actor.user.id }, select: ruleSelect });
  });
  await audit.record(ctx, { type: "path_rule_created", workspaceId, ruleId: rule.id, pattern: rule.pattern, effect: input.effect });
  // Open shared documents re-check what their editors may do at once (a new READ_ONLY rule bites live).
  publish(workspaceRoom(workspaceId), "rules:changed", { workspaceId });
  // The sandboxes enforce NO_EXEC too: running sessions get the new folders mounted noexec now
  // (a session that cannot is stopped). Removing a rule takes effect at the next session start.
  if (input.effect === "no_exec") await applyNoExecToRunning(workspaceId, { driver: driverFor("docker"), stop: stopSessionById });
  return toView(rule);
}

export async function deletePathRule(ctx: RequestContext & { actor: Actor }, workspaceId: string, ruleId: string): Promise<{ deleted: true; id: string }> {
  // Scoped by workspace: an owner of one workspace cannot delete another workspace's rule by id.
  const rule = await db().pathRule.findFirst({ where: { id: ruleId, workspaceId }, select: { id: true, pattern: true, effect: true } });
  if (!rule) throw new AppError("NOT_FOUND", { message: "No such path rule in this workspace. Refresh the rule list.", reason: "rule_not_found" });
  await db().pathRule.delete({ where: { id: rule.id } });
  await audit.record(ctx, { type: "path_rule_deleted", workspaceId, ruleId: rule.id, pattern: rule.pattern, effect: fromDbEffect(rule.effect) });
  publish(workspaceRoom(workspaceId), "rules:changed", { workspaceId });
  return { deleted: true, id: rule.id };
}

export interface PreviewMatch {
  path: string;
  type: "file" | "directory" | "symlink" | "other";
}

export interface PathRulePreview {
  /** Matching paths, relative to the root. A matching folder stands for its whole subtree (not listed). */
  matches: PreviewMatch[];
  /** True when a limit stopped the walk early: there may be more matches. */
  truncated: boolean;
  scanned: number;
}

/** Which existing paths `pattern` would cover, walking the live tree breadth-first within limits. */
export async function previewPathRule(workspaceId: string, rawPattern: string): Promise<PathRulePreview> {
  const pattern = ZPattern.parse(rawPattern);
  assertValidPattern(pattern);
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { rootPath: true, status: true } });
  if (!ws) throw workspaceNotFound();
  if (ws.status === "ARCHIVED") {
    throw new AppError("CONFLICT", { message: "This workspace is archived, so it has no files to preview against. Unarchive it first.", reason: "workspace_archived" });
  }

  const matches: PreviewMatch[] = [];
  let scanned = 0;
  let truncated = false;
  // Through the workspace's confined helper: a sandbox swapping a folder for a link to the host
  // while we walk cannot make the preview list host files.
  const fs = confinedFs(ws.rootPath);
  const queue: { relative: string; depth: number }[] = [{ relative: "", depth: 0 }];
  walk: while (queue.length > 0) {
    const dir = queue.shift()!;
    let listed;
    try {
      listed = await fs.list(dir.relative);
    } catch {
      continue; // removed or unreadable while walking: nothing to show there
    }
    const names: { name: string; type: PreviewMatch["type"] }[] = listed.map((e) => ({ name: e.name, type: e.stat.type }));
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      if (scanned >= PREVIEW_LIMITS.maxScanned || matches.length >= PREVIEW_LIMITS.maxMatches) {
        truncated = true;
        break walk;
      }
      scanned++;
      const relative = dir.relative === "" ? entry.name : `${dir.relative}/${entry.name}`;
      if (ruleMatches(pattern, relative)) {
        matches.push({ path: relative, type: entry.type });
        continue; // the rule covers everything below a matching folder
      }
      // Symlinks are never followed, as in the guard: their targets are judged by their own path.
      if (entry.type === "directory") {
        if (dir.depth + 1 < PREVIEW_LIMITS.maxDepth) queue.push({ relative, depth: dir.depth + 1 });
        else truncated = true;
      }
    }
  }
  return { matches, truncated, scanned };
}
