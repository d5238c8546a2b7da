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

const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh", "rbash", "yash", "posh"]);

/**
 * Programs whose job is to run another program (or a shell): with the shell off, `["env", "sh",
 * "-c", …]` would otherwise walk straight around the switch. Refused outright rather than parsed,
 * because their option syntaxes differ and a mistake in parsing is a way through.
 */
const WRAPPERS = new Set([
  "env", "nice", "ionice", "renice", "chrt", "taskset", "numactl", "timeout", "xargs", "parallel", "busybox", "toybox",
  "nohup", "setsid", "stdbuf", "unbuffer", "chroot", "sudo", "su", "doas", "runuser", "setpriv", "sg", "newgrp",
  "flock", "time", "watch", "script", "exec", "command", "builtin", "eval", "nsenter", "unshare", "capsh", "fakeroot",
  "proot", "firejail", "systemd-run", "start-stop-daemon", "tini", "dumb-init", "strace", "ltrace", "catchsegv",
  "cpulimit", "trickle", "torsocks", "proxychains", "proxychains4", "expect", "run-parts", "xdg-open", "sshpass",
]);

/**
 * Interpreters that take a program on the command line, and the options that do it. Running a
 * script file (`python3 x.py`) stays allowed; `python3 -c "…"` is a shell by another name.
 * `short` letters may be bundled (`perl -ne`, `python3 -Ic`); `long` options may carry `=value`.
 */
const EVAL_FLAGS: readonly { names: RegExp; short: string; long: readonly string[] }[] = [
  { names: /^(?:python|pypy)[0-9.]*$/, short: "c", long: [] },
  { names: /^(?:node|nodejs|bun)$/, short: "ep", long: ["--eval", "--print"] },
  { names: /^deno$/, short: "", long: ["eval"] },
  { names: /^perl[0-9.]*$/, short: "eE", long: [] },
  { names: /^ruby[0-9.]*$/, short: "e", long: [] },
  { names: /^php[0-9.]*$/, short: "rRBE", long: ["--run", "--process-code", "--process-begin", "--process-end"] },
  { names: /^(?:lua|luajit)[0-9.]*$/, short: "e", long: [] },
  { names: /^(?:Rscript|R)$/, short: "e", long: ["--eval"] },
  { names: /^(?:tclsh|wish)[0-9.]*$/, short: "", long: [] },
  { names: /^(?:vim?|nvim|ex)$/, short: "c", long: ["--cmd"] },
];

/** awk programs that start commands (`system(…)`, `print | "cmd"`, `"cmd" | getline`). */
const AWKS = new Set(["awk", "gawk", "mawk", "nawk", "busybox-awk"]);
const AWK_RUNS = /\bsystem\s*\(|\|/;
/** GNU sed's `e` command and the `e` flag of `s///e` run the pattern space as a shell command. */
const SEDS = new Set(["sed", "gsed"]);
const SED_RUNS = /(?:^|[;\n{}]|\d|\$|\/)\s*e(?:\s|$|;)|s(.).*?\1.*?\1[gpiImM0-9w]*e/;
/** find's options that start a program: that program is judged like argv[0]. */
const FIND_EXECS = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

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

/**
 * How an argv command would start a shell or an arbitrary program despite the shell being off:
 * a shell, a wrapper that runs another program, an interpreter given code with `-c`/`-e`, awk or
 * sed programs that run commands, find's `-exec` of any of these. Null when it is none of them.
 */
export function shellEscape(argv: readonly string[]): { rule: string; what: string } | null {
  const name = basename(argv[0] ?? "");
  const args = argv.slice(1);
  if (SHELLS.has(name)) return { rule: `shell:${name}`, what: `a shell program (${name})` };
  if (WRAPPERS.has(name)) return { rule: `wrapper:${name}`, what: `"${name}", which runs other programs` };
  for (const flags of EVAL_FLAGS) {
    if (!flags.names.test(name)) continue;
    const flag = args.find((a) => evalFlag(a, flags));
    if (flag !== undefined) return { rule: `interpreter:${name} ${flag}`, what: `${name} given code on the command line (${flag})` };
    // No script named (or `-`): the program comes from stdin, which exec lets the caller send.
    if (readsStdin(args)) return { rule: `interpreter:${name} stdin`, what: `${name} reading its program from stdin` };
  }
  if (AWKS.has(name) && awkPrograms(args).some((a) => AWK_RUNS.test(a))) return { rule: `interpreter:${name}`, what: `an ${name} program that runs commands` };
  if (SEDS.has(name) && args.some((a) => !a.startsWith("-") && SED_RUNS.test(a))) return { rule: `interpreter:${name} e`, what: "a sed script that runs commands (the e command)" };
  if (name === "find") {
    for (let i = 0; i < args.length - 1; i++) {
      if (!FIND_EXECS.has(args[i] ?? "")) continue;
      const inner = shellEscape(args.slice(i + 1));
      if (inner) return { rule: `find ${args[i]} ${inner.rule}`, what: `find running ${inner.what}` };
    }
  }
  return null;
}

const INFO_ONLY = new Set(["--version", "-V", "-v", "--help", "-h"]);

function readsStdin(args: readonly string[]): boolean {
  if (args.length > 0 && args.every((a) => INFO_ONLY.has(a))) return false;
  return args.includes("-") || args.includes("/dev/stdin") || !args.some((a) => !a.startsWith("-"));
}

/** awk's arguments without the values of -F, -v and -f (a `|` field separator is not a pipe). */
function awkPrograms(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "-F" || a === "-v" || a === "-f") i++;
    else if (!a.startsWith("-")) out.push(a);
  }
  return out;
}

function evalFlag(arg: string, flags: { short: string; long: readonly string[] }): boolean {
  if (flags.long.some((l) => arg === l || arg.startsWith(`${l}=`))) return true;
  // Bundled short options: `-c`, `-Ic`, `-ne`; a long option (`--version`) is not a bundle.
  const bundle = /^-([A-Za-z]+)$/.exec(arg)?.[1];
  return bundle !== undefined && [...bundle].some((c) => flags.short.includes(c));
}

/** Why `command` may not run, or null. Pure. */
export function evaluateCommand(command: string | readonly string[], policyValue: unknown, options: { shell: boolean }): PolicyRefusal | null {
  const policy = parsePolicy(policyValue);
  if (isRefusal(policy)) return policy;
  const isShell = typeof command === "string";
  const argv0 = isShell ? null : basename(command[0] ?? "");
  if (!options.shell) {
    const refusal = isShell ? { rule: "shell string", what: "a shell string" } : shellEscape(command);
    if (refusal) {
      return {
        reason: "shell_disabled",
        rule: refusal.rule,
        message: `This session's preset turns the shell off, and this command is ${refusal.what}: send the program itself as an argv array (e.g. ["ls", "-la"]) or use a preset with a shell.`,
      };
    }
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
