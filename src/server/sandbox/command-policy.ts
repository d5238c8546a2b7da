// Which commands a workspace lets run: built-in blocks for a few classic disasters, the owner's
// optional policy (Workspace.commandPolicy), and the preset's shell switch. This is a guard rail
// against mistakes and careless agents, not a security boundary: a program that is allowed can
// still start others (`python -c "import os; os.system(…)"`). The sandbox limits are the boundary.
//
// Pattern syntax (owner-supplied, so no regular expressions: a bad one could stall the server):
// a literal piece of a command where `*` matches anything; matched against the command with runs
// of whitespace folded to one space. Allowed binaries compare the basename of each command's
// first word (for shell strings, each simple command between `;`, `&`, `|` and newlines).
import { z } from "zod";
import type { RequestContext } from "~/server/auth/types";
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";

export const ZCommandPolicy = z
  .object({
    allowedBinaries: z.array(z.string().min(1).max(200)).max(500).optional(),
    blockedPatterns: z.array(z.string().min(1).max(500)).max(500).optional(),
  })
  .strict();
export type CommandPolicy = z.infer<typeof ZCommandPolicy>;

/** Built-in blocks, applied to every workspace. */
export const BUILTIN_BLOCKS: readonly { name: string; test: RegExp }[] = [
  // rm with a recursive flag aimed at / or /* (the flags may be split or long, e.g. --no-preserve-root)
  { name: "rm -rf /", test: /(?:^|[\s;&|(])rm\s+(?=(?:-\S+\s+)*(?:-[a-zA-Z]*[rR]|--recursive))(?:-\S+\s+)+\/\*?(?=$|[\s;&|)])/ },
  // piping a download straight into a shell
  { name: "curl | sh", test: /\b(?:curl|wget)\b[^;&]*\|\s*(?:sudo\s+)?(?:env\s+)?(?:\/\S*\/)?(?:ba|z|da|k|a)?sh\b/ },
  // the classic fork bomb, with any function name
  { name: "fork bomb", test: /([\w:.]+)\s*\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}/ },
];

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh"]);

export type PolicyRefusal = { reason: "blocked_command" | "shell_disabled" | "invalid_command_policy"; message: string; rule?: string };

function foldSpace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function globToRegExp(pattern: string): RegExp {
  const body = foldSpace(pattern)
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^]*?");
  return new RegExp(body);
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf("/") + 1);
}

/** First word of every simple command in a shell string, skipping `VAR=value` prefixes. Best effort. */
export function commandHeads(shell: string): string[] {
  const heads: string[] = [];
  for (const part of shell.split(/\|\||&&|[;&|\n]|\$\(|`|\(|\)/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    const head = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && !["!", "{", "}", "then", "do", "else", "time", "exec"].includes(w));
    if (head) heads.push(head.replace(/^["']|["']$/g, ""));
  }
  return heads;
}

export function parsePolicy(value: unknown): CommandPolicy | PolicyRefusal {
  if (value === null || value === undefined) return {};
  const parsed = ZCommandPolicy.safeParse(value);
  if (parsed.success) return parsed.data;
  return {
    reason: "invalid_command_policy",
    message: "This workspace's command policy is not valid, so no command may run. An owner must fix it in the workspace settings.",
  };
}

function isRefusal(value: CommandPolicy | PolicyRefusal): value is PolicyRefusal {
  return "reason" in value;
}

/** Why `command` may not run, or null. Pure. */
export function evaluateCommand(command: string | readonly string[], policyValue: unknown, options: { shell: boolean }): PolicyRefusal | null {
  const policy = parsePolicy(policyValue);
  if (isRefusal(policy)) return policy;
  const isShell = typeof command === "string";
  const argv0 = isShell ? null : basename(command[0] ?? "");
  if (!options.shell && (isShell || (argv0 !== null && SHELLS.has(argv0)))) {
    return {
      reason: "shell_disabled",
      message: "This session's preset turns the shell off: send the command as an argv array (e.g. [\"ls\", \"-la\"]), not a shell string or a shell program.",
    };
  }
  const text = foldSpace(isShell ? command : command.join(" "));
  for (const block of BUILTIN_BLOCKS) {
    if (block.test.test(text)) {
      return { reason: "blocked_command", rule: block.name, message: `This command is blocked (${block.name}). If you really need it, run a narrower command.` };
    }
  }
  for (const pattern of policy.blockedPatterns ?? []) {
    if (globToRegExp(pattern).test(text)) {
      return { reason: "blocked_command", rule: pattern, message: `This workspace's command policy blocks commands matching "${pattern}". Ask an owner if you need it.` };
    }
  }
  if (policy.allowedBinaries) {
    const allowed = new Set(policy.allowedBinaries.map(basename));
    const heads = isShell ? commandHeads(command).map(basename) : [argv0 ?? ""];
    const refused = heads.find((h) => !allowed.has(h));
    if (refused !== undefined) {
      return {
        reason: "blocked_command",
        rule: `allowedBinaries`,
        message: `"${refused}" is not among this workspace's allowed programs (${[...allowed].join(", ") || "none"}). Ask an owner to allow it.`,
      };
    }
  }
  return null;
}

/** Throws FORBIDDEN (and writes the audit event) when the workspace does not let `command` run. */
export async function enforceCommandPolicy(
  ctx: RequestContext,
  input: { workspaceId: string; action: string; command: string | readonly string[]; policy: unknown; shell: boolean },
): Promise<void> {
  const refusal = evaluateCommand(input.command, input.policy, { shell: input.shell });
  if (!refusal) return;
  const target = (typeof input.command === "string" ? input.command : input.command.join(" ")).slice(0, 500);
  await audit.denied(ctx, {
    action: input.action,
    reason: refusal.reason,
    target,
    permission: "exec",
    workspaceId: input.workspaceId,
    details: refusal.rule ? { rule: refusal.rule } : undefined,
  });
  throw new AppError("FORBIDDEN", { message: refusal.message, reason: refusal.reason });
}
