// Matches a workspace's path rules (owner-set picomatch globs) against relative paths.
//
// Semantics, chosen so a rule blocks at least what its author expects:
// - Patterns are relative to the workspace root and use `/` only.
// - Unanchored by default: a pattern matches at any depth, as if it started with `**/`.
//   `*.pem` matches `a.pem` and `x/y/a.pem`; `secrets/**` matches `secrets/k` and `app/secrets/k`.
// - A leading `/` (or `./`) anchors the pattern at the root: `/vendor/**` matches `vendor/x` but
//   not `lib/vendor/x`. (This differs from .gitignore, where any inner slash anchors; for a
//   security rule, matching more is the safer surprise.)
// - A pattern that matches a folder covers everything under it: `secrets`, `secrets/` and
//   `secrets/**` all block the folder itself and its whole subtree. A trailing `/` does not
//   restrict the rule to folders (the classifier is pure and cannot know).
// - `*` and `**` match dot-files (`dot: true`); matching ignores case (`nocase`), for the same
//   reason as the protected list: a registered folder may live on a case-insensitive mount.
// - `!` has no special meaning (`nonegate`): "block everything except" is not a rule we offer.
// - The root itself never matches a rule (a rule cannot hide the whole workspace from listing).
// - A pattern picomatch cannot parse is compared literally rather than silently never matching.
import picomatch from "picomatch";
import type { PathRuleEffect } from "~/generated/prisma/enums";

export interface PathRuleInput {
  pattern: string;
  effect: PathRuleEffect;
}

export interface RuleHit {
  pattern: string;
  effect: PathRuleEffect;
}

type Matcher = (relative: string) => boolean;

const PICOMATCH_OPTIONS = { dot: true, nocase: true, nonegate: true } as const;
/** picomatch's regex for a pattern it could not parse: it matches nothing. */
const NEVER = "$^";
const CACHE_LIMIT = 2000;
const cache = new Map<string, Matcher>();

export const MAX_PATTERN_LENGTH = 256;

function bodyOf(pattern: string): { body: string; anchored: boolean } {
  let body = pattern;
  let anchored = false;
  if (body.startsWith("./")) {
    body = body.slice(2);
    anchored = true;
  }
  if (body.startsWith("/")) anchored = true;
  body = body.replace(/^\/+/u, "").replace(/\/+$/u, "");
  return { body, anchored };
}

function compile(pattern: string): Matcher {
  const { body, anchored } = bodyOf(pattern);
  if (body === "") return () => false;
  const prefix = anchored ? "" : "**/";
  const globs = [`${prefix}${body}`, `${prefix}${body}/**`];
  if (globs.some((g) => picomatch.makeRe(g, PICOMATCH_OPTIONS).source === NEVER)) {
    const literal = body.toLowerCase();
    return (relative) => {
      const lower = relative.toLowerCase();
      return anchored ? lower === literal || lower.startsWith(`${literal}/`) : `/${lower}/`.includes(`/${literal}/`);
    };
  }
  return picomatch(globs, PICOMATCH_OPTIONS);
}

function matcherFor(pattern: string): Matcher {
  let matcher = cache.get(pattern);
  if (!matcher) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    matcher = compile(pattern);
    cache.set(pattern, matcher);
  }
  return matcher;
}

export function ruleMatches(pattern: string, relative: string): boolean {
  return relative !== "" && matcherFor(pattern)(relative);
}

/** The first BLOCK rule and the first READ_ONLY rule that match `relative` (NO_EXEC rules: see `matchNoExec`). */
export function matchPathRules(relative: string, rules: readonly PathRuleInput[]): { block: RuleHit | null; readOnly: RuleHit | null } {
  let block: RuleHit | null = null;
  let readOnly: RuleHit | null = null;
  if (relative === "") return { block, readOnly };
  for (const rule of rules) {
    if (rule.effect === "NO_EXEC") continue;
    if (rule.effect === "BLOCK" ? block : readOnly) continue;
    if (!ruleMatches(rule.pattern, relative)) continue;
    if (rule.effect === "BLOCK") block = { pattern: rule.pattern, effect: rule.effect };
    else readOnly = { pattern: rule.pattern, effect: rule.effect };
    if (block && readOnly) break;
  }
  return { block, readOnly };
}

/** The first NO_EXEC rule that matches `relative`, or null. */
export function matchNoExec(relative: string, rules: readonly PathRuleInput[]): RuleHit | null {
  if (relative === "") return null;
  const rule = rules.find((r) => r.effect === "NO_EXEC" && ruleMatches(r.pattern, relative));
  return rule ? { pattern: rule.pattern, effect: rule.effect } : null;
}

/**
 * Why a pattern cannot be saved as a path rule, or null when it is fine. For the path-rules
 * service to call before it stores a rule, so a bad glob is a clear error, not a dead rule.
 */
export function pathRulePatternProblem(pattern: string): string | null {
  if (pattern.trim() === "") return "A path rule needs a pattern, for example `secrets/**` or `*.pem`.";
  if (pattern.length > MAX_PATTERN_LENGTH) return `A path rule pattern can be at most ${MAX_PATTERN_LENGTH} characters.`;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return "A path rule pattern cannot contain control characters.";
  }
  if (pattern.includes("\\")) return "Use `/` in path rule patterns; backslashes are not allowed.";
  if (pattern.startsWith("!")) return "Negated patterns (`!…`) are not supported; add rules for what you want to block or make read-only.";
  const { body, anchored } = bodyOf(pattern);
  if (body === "") return "This pattern would match the workspace root itself; name a file or folder, for example `secrets/**`.";
  if (body.split("/").some((s) => s === ".." || s === ".")) return "Path rule patterns are relative to the workspace root and cannot contain `.` or `..` segments.";
  const glob = `${anchored ? "" : "**/"}${body}`;
  if (picomatch.makeRe(glob, PICOMATCH_OPTIONS).source === NEVER) return `"${pattern}" is not a valid glob. Check brackets and braces, for example \`*.{pem,key}\`.`;
  return null;
}
