// The one check every door that starts a program runs (exec, execute-code, task submit, task run):
// the workspace's command policy, then NO_EXEC path rules for the files the command would run.
// NO_EXEC is decided from the command line (paths, interpreter scripts, `cd`), like the allowlist:
// a guard rail. An allowed program can still start a file itself (`make`, `find -exec {}`): with
// the Docker driver the sandbox mounts those folders noexec (noexec/apply.ts), so the kernel
// refuses that; an interpreter given the file as an argument (`sh x`) is only stopped here.
import path from "node:path";
import type { RequestContext } from "~/server/auth/types";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { ruleMatches } from "~/server/files/path-rules-match";
import { enforceCommandPolicy } from "./command-policy";
import { WORKSPACE_MOUNT } from "./cwd";

/** Interpreters whose first non-option argument is a file they run. */
const SCRIPT_RUNNERS = /^(?:sh|bash|dash|ash|zsh|ksh|python[0-9.]*|pypy[0-9.]*|node|nodejs|bun|deno|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*|lua[0-9.]*|Rscript|tclsh|source|\.)$/;

function words(simple: string): string[] {
  return simple
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/^["']|["']$/g, ""));
}

/** The files (as written) an argv command would execute: argv[0] when it is a path, and an interpreter's script. */
function filesOfArgv(argv: readonly string[]): string[] {
  const rest = argv.filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  const head = rest[0];
  if (!head) return [];
  const out: string[] = [];
  if (head.includes("/")) out.push(head);
  const name = head.slice(head.lastIndexOf("/") + 1);
  if (SCRIPT_RUNNERS.test(name)) {
    const script = rest.slice(1).find((a) => !a.startsWith("-"));
    if (script !== undefined && script !== "-") out.push(script);
  }
  return out;
}

/** Every file a command would execute directly (as written), best effort. */
export function executedFiles(command: string | readonly string[]): string[] {
  return executedFilesFrom(command, WORKSPACE_MOUNT).map((f) => f.file);
}

/**
 * The files a command would execute, each with the folder it is resolved from: a shell string's
 * `cd` moves that folder for the simple commands after it (`cd uploads && ./run.sh`).
 */
export function executedFilesFrom(command: string | readonly string[], cwd: string): { file: string; cwd: string }[] {
  if (typeof command !== "string") return filesOfArgv(command).map((file) => ({ file, cwd }));
  const out: { file: string; cwd: string }[] = [];
  let here = cwd;
  for (const simple of command.split(/\|\||&&|[;&|\n]|\$\(|`|\(|\)/)) {
    const w = words(simple);
    if (w[0] === "cd" || w[0] === "pushd") {
      const to = w[1] ?? WORKSPACE_MOUNT;
      here = path.posix.normalize(to.startsWith("/") ? to : `${here}/${to}`);
      continue;
    }
    for (const file of filesOfArgv(w)) out.push({ file, cwd: here });
  }
  return out;
}

/** `file` as a workspace-relative path when it lies under /workspace (relative paths start at `cwd`), else null. */
export function workspaceRelative(file: string, cwd: string): string | null {
  const absolute = path.posix.normalize(file.startsWith("/") ? file : `${cwd}/${file}`);
  if (absolute === WORKSPACE_MOUNT) return "";
  return absolute.startsWith(`${WORKSPACE_MOUNT}/`) ? absolute.slice(WORKSPACE_MOUNT.length + 1) : null;
}

/** The first NO_EXEC rule covering a file the command runs, or null. Pure. */
export function noExecHit(command: string | readonly string[], cwd: string, patterns: readonly string[]): { file: string; pattern: string } | null {
  if (patterns.length === 0) return null;
  for (const { file, cwd: from } of executedFilesFrom(command, cwd)) {
    const relative = workspaceRelative(file, from);
    if (relative === null || relative === "") continue;
    const pattern = patterns.find((p) => ruleMatches(p, relative));
    if (pattern) return { file: relative, pattern };
  }
  return null;
}

export async function noExecPatterns(workspaceId: string): Promise<string[]> {
  const rules = await db().pathRule.findMany({ where: { workspaceId, effect: "NO_EXEC" }, select: { pattern: true }, orderBy: { createdAt: "asc" } });
  return rules.map((r) => r.pattern);
}

export interface RunCheck {
  workspaceId: string;
  action: string;
  command: string | readonly string[];
  policy: unknown;
  shell: boolean;
  preset: string;
  env?: Record<string, string>;
  /** Absolute container path the command starts in (default /workspace). */
  cwd?: string;
}

/** Throws (audited) when the workspace's command policy or a NO_EXEC rule refuses the command. */
export async function enforceRunPolicy(ctx: RequestContext, input: RunCheck): Promise<void> {
  await enforceCommandPolicy(ctx, input);
  const hit = noExecHit(input.command, input.cwd ?? WORKSPACE_MOUNT, await noExecPatterns(input.workspaceId));
  if (!hit) return;
  await audit.denied(ctx, { action: input.action, reason: "blocked_path", target: hit.file, permission: "execute", workspaceId: input.workspaceId, details: { pattern: hit.pattern, effect: "no_exec" } });
  throw new AppError("PATH_DENIED", {
    message: `A path rule of this workspace makes "${hit.pattern}" no-exec: files there cannot be run (they can still be read, and run by nobody). Ask a workspace owner to change the rule.`,
    reason: "blocked_path",
  });
}
