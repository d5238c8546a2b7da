// Which commands a workspace lets run: built-in blocks for a few classic disasters, the owner's
// optional policy (Workspace.commandPolicy), and the preset's shell switch. This is a guard rail
// against mistakes and careless agents, not a security boundary: a program that is allowed can
// still start others (`python -c "import os; os.system(…)"`). The sandbox limits are the boundary.
//
// Pattern syntax (owner-supplied): a literal piece of a command where `*` matches anything, or
// `re:<RE2 regex>` (re2js: linear time, no backreferences, so no pattern can stall the server);
// matched against the command with runs of whitespace folded to one space. Allowed binaries compare
// the basename of each program the command would start (for shell strings, each simple command
// between `;`, `&`, `|` and newlines; for argv, also what a wrapper such as `env` or `sh -c` runs);
// a program named by a path must live in a system folder, so `./python3` is not "python3".
import { RE2JS } from "re2js";
import { z } from "zod";
import type { RequestContext } from "~/server/auth/types";
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";

/** `re:` marks a blocked pattern as an RE2 regular expression; anything else is a `*` glob. */
export const REGEX_PATTERN_PREFIX = "re:";

/** Why a blocked pattern cannot be saved, or null. */
export function blockedPatternProblem(pattern: string): string | null {
  if (!pattern.startsWith(REGEX_PATTERN_PREFIX)) return foldSpace(pattern) === "" ? "A blocked pattern cannot be only spaces." : null;
  try {
    RE2JS.compile(pattern.slice(REGEX_PATTERN_PREFIX.length));
    return null;
  } catch (error) {
    return `"${pattern}" is not a valid RE2 regular expression (${error instanceof Error ? error.message : "syntax error"}). RE2 has no backreferences or lookaround.`;
  }
}

export const ZBinaryName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._+-]{0,99}$/, "A program name such as python3 or npm: letters, digits, . _ + -, no slashes or spaces.");
export const ZBlockedPattern = z
  .string()
  .min(1)
  .max(500)
  .superRefine((p, c) => {
    const problem = blockedPatternProblem(p);
    if (problem) c.addIssue({ code: "custom", message: problem });
  });

export const ZCommandPolicy = z
  .object({
    allowedBinaries: z.array(ZBinaryName).max(500).optional(),
    blockedPatterns: z.array(ZBlockedPattern).max(500).optional(),
  })
  .strict();
export type CommandPolicy = z.infer<typeof ZCommandPolicy>;

/** What may be stored already (policies written before names were checked): paths count by basename. */
const ZStoredCommandPolicy = z
  .object({
    allowedBinaries: z.array(z.string().min(1).max(200)).max(500).optional(),
    blockedPatterns: z.array(z.string().min(1).max(500)).max(500).optional(),
  })
  .strict();

/**
 * The worker design's allowlist: build, test and file tools. Shells, wrappers (env, xargs, sudo…)
 * and network tools are left out on purpose. `strict` sessions use it when the workspace sets none.
 */
export const DEFAULT_ALLOWED_BINARIES: readonly string[] = [
  "git", "python", "python3", "pip", "pip3", "uv", "pytest", "node", "npm", "npx", "pnpm", "yarn", "tsc", "eslint", "prettier",
  "ls", "cat", "head", "tail", "grep", "find", "wc", "sort", "uniq", "diff", "echo", "mkdir", "cp", "mv", "rm", "touch", "sed", "awk",
  "make", "cargo", "rustc", "go", "gcc", "g++", "cc", "pwd", "true", "false", "sleep", "printf", "test", "stat", "du", "df", "id",
  "whoami", "chmod", "ln", "tar", "gzip", "gunzip", "unzip", "tee", "cut", "tr", "basename", "dirname", "realpath", "date", "which",
];

/** One-click starting points for the owner's policy. */
export const COMMAND_POLICY_PRESETS = {
  worker: { allowedBinaries: [...DEFAULT_ALLOWED_BINARIES], blockedPatterns: [] as string[] },
  open: { blockedPatterns: [] as string[] },
} as const satisfies Record<string, CommandPolicy>;
export type CommandPolicyPresetName = keyof typeof COMMAND_POLICY_PRESETS;
export const COMMAND_POLICY_PRESET_NAMES = Object.keys(COMMAND_POLICY_PRESETS) as CommandPolicyPresetName[];

/** The policy in force: the owner's, or for `strict` sessions without an allowlist, the worker design's. */
export function effectivePolicy(policy: CommandPolicy, preset: string | undefined): CommandPolicy {
  if (policy.allowedBinaries || preset !== "strict") return policy;
  return { ...policy, allowedBinaries: [...DEFAULT_ALLOWED_BINARIES] };
}

/** Where a program named by a path may live and still count as its name (not a workspace file). */
const SYSTEM_BIN_DIRS = new Set(["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin", "/usr/local/sbin"]);
/** Variables that change which program a name runs, or make a shell run a file first. */
const HIJACK_VARS = ["PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "BASH_ENV", "ENV", "PYTHONSTARTUP", "NODE_OPTIONS", "PYTHONPATH", "NODE_PATH"];
const HIJACK_ASSIGN = new RegExp(`(?:^|[\\s;&|(\`])(?:export\\s+|declare\\s+(?:-\\S+\\s+)*|readonly\\s+|local\\s+)?(?:${HIJACK_VARS.join("|")})(?:\\+)?=`);

/**
 * The classic fork bomb `NAME(){ NAME|NAME& }`, found in linear time. The backreference regex this
 * replaces backtracked quadratically on a long word without `()`: one 64 KiB command held the
 * event loop for about 8 s. Here each `()` is looked at once, with a bounded name before it.
 */
function hasForkBomb(text: string): boolean {
  for (let at = text.indexOf("()"); at >= 0; at = text.indexOf("()", at + 2)) {
    let end = at;
    while (end > 0 && /\s/.test(text[end - 1] ?? "")) end--;
    let start = end;
    while (start > 0 && end - start < 256 && /[\w:.]/.test(text[start - 1] ?? "")) start--;
    const name = text.slice(start, end);
    if (name === "") continue;
    const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`^\\(\\)\\s*\\{\\s*${quoted}\\s*\\|\\s*${quoted}\\s*&\\s*\\}`).test(text.slice(at, at + 3 * name.length + 64))) return true;
  }
  return false;
}

/** Built-in blocks, applied to every workspace. */
export const BUILTIN_BLOCKS: readonly { name: string; test: { test(text: string): boolean } }[] = [
  // rm with a recursive flag aimed at / or /* (the flags may be split or long, e.g. --no-preserve-root)
  { name: "rm -rf /", test: /(?:^|[\s;&|(])rm\s+(?=(?:-\S+\s+)*(?:-[a-zA-Z]*[rR]|--recursive))(?:-\S+\s+)+\/\*?(?=$|[\s;&|)])/ },
  // piping a download straight into a shell
  { name: "curl | sh", test: /\b(?:curl|wget)\b[^;&]*\|\s*(?:sudo\s+)?(?:env\s+)?(?:\/\S*\/)?(?:ba|z|da|k|a)?sh\b/ },
  // the classic fork bomb, with any function name
  { name: "fork bomb", test: { test: hasForkBomb } },
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

/**
 * Whether the `*` glob occurs in `text` (unanchored). Each literal piece is found leftmost after
 * the previous one, which is exact for `*`-only globs and linear: the lazy-regex form this replaces
 * took seconds on a 64 KiB command.
 */
function globMatches(pattern: string, text: string): boolean {
  let from = 0;
  for (const piece of foldSpace(pattern).split("*")) {
    if (piece === "") continue;
    const at = text.indexOf(piece, from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

function patternMatches(pattern: string, text: string): boolean {
  if (!pattern.startsWith(REGEX_PATTERN_PREFIX)) return globMatches(pattern, text);
  try {
    return RE2JS.compile(pattern.slice(REGEX_PATTERN_PREFIX.length)).matcher(text).find();
  } catch {
    return true; // a stored pattern that no longer compiles blocks rather than silently allowing
  }
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
  const parsed = ZStoredCommandPolicy.safeParse(value);
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

/** The first argument that names a program (not an option, a `VAR=value`, a number or a duration). */
function innerProgramIndex(args: readonly string[]): number {
  return args.findIndex((a) => !a.startsWith("-") && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a) && !/^[0-9.]+[smhd]?$/.test(a));
}

/**
 * Every program an argv command would start that the allowlist must accept: argv[0], and what a
 * shell given `-c`, a wrapper (`env`, `timeout`, `nice`…) or `find -exec` runs in its turn.
 */
export function argvHeads(argv: readonly string[], depth = 0): string[] {
  const head = argv[0] ?? "";
  if (depth > 8) return [head, "(nested too deep)"];
  const name = basename(head);
  const args = argv.slice(1);
  const heads = [head];
  if (SHELLS.has(name)) {
    const script = args.find((a, i) => i > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(args[i - 1] ?? ""));
    if (script !== undefined) heads.push(...commandHeads(script));
  } else if (WRAPPERS.has(name)) {
    const i = innerProgramIndex(args);
    if (i >= 0) heads.push(...argvHeads(args.slice(i), depth + 1));
  } else if (name === "find") {
    const i = args.findIndex((a) => FIND_EXECS.has(a));
    if (i >= 0 && i + 1 < args.length) heads.push(...argvHeads(args.slice(i + 1), depth + 1));
  }
  return heads;
}

/** Why one program head is not allowed, or null. */
function headRefusal(head: string, allowed: ReadonlySet<string>): string | null {
  const name = basename(head);
  if (head.includes("/")) {
    const dir = head.slice(0, head.lastIndexOf("/")) || "/";
    if (!SYSTEM_BIN_DIRS.has(dir)) {
      return `"${head}" runs a program by its path outside the system folders (${[...SYSTEM_BIN_DIRS].join(", ")}), so it does not count as an allowed program even if its name is on the list. Call the program by name.`;
    }
  }
  if (!allowed.has(name)) return `"${name}" is not among this workspace's allowed programs (${[...allowed].join(", ") || "none"}). Ask an owner to allow it.`;
  return null;
}

export interface EvaluateOptions {
  shell: boolean;
  /** The session's preset: `strict` falls back to the worker design's allowlist. */
  preset?: string;
  /** Environment variables the caller adds (exec/task `env`). */
  env?: Record<string, string>;
}

/** Why `command` may not run, or null. Pure. */
export function evaluateCommand(command: string | readonly string[], policyValue: unknown, options: EvaluateOptions): PolicyRefusal | null {
  const parsed = parsePolicy(policyValue);
  if (isRefusal(parsed)) return parsed;
  const policy = effectivePolicy(parsed, options.preset);
  const isShell = typeof command === "string";
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
    if (patternMatches(pattern, text)) {
      return { reason: "blocked_command", rule: pattern, message: `This workspace's command policy blocks commands matching "${pattern}". Ask an owner if you need it.` };
    }
  }
  if (policy.allowedBinaries) {
    // With an allowlist, whatever decides which file a name runs is part of the command.
    const hijack = Object.keys(options.env ?? {}).find((k) => HIJACK_VARS.includes(k));
    const assigned = HIJACK_ASSIGN.exec(text) ?? (isShell ? null : HIJACK_ASSIGN.exec(command.filter((a) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)).join(" ")));
    if (hijack !== undefined || assigned) {
      const name = hijack ?? assigned?.[0].replace(/^[^A-Z]*/, "").replace(/\+?=$/, "") ?? "";
      return {
        reason: "blocked_command",
        rule: "allowedBinaries:env",
        message: `Setting ${name} is refused while this workspace has an allowlist: it changes which program a name runs. Use the sandbox's own ${name}.`,
      };
    }
    const allowed = new Set(policy.allowedBinaries.map(basename));
    const heads = isShell ? commandHeads(command) : argvHeads(command);
    for (const head of heads) {
      const message = headRefusal(head, allowed);
      if (message) return { reason: "blocked_command", rule: "allowedBinaries", message };
    }
  }
  return null;
}

/** Throws FORBIDDEN (and writes the audit event) when the workspace does not let `command` run. */
export async function enforceCommandPolicy(
  ctx: RequestContext,
  input: { workspaceId: string; action: string; command: string | readonly string[]; policy: unknown; shell: boolean; preset?: string; env?: Record<string, string> },
): Promise<void> {
  const refusal = evaluateCommand(input.command, input.policy, { shell: input.shell, preset: input.preset, env: input.env });
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
