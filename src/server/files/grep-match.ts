// Pure parts of grep: validating the query and globs, and finding matches in a file's text.
// Regex queries run on re2js (RE2: linear time in the input, whatever the pattern, so `(a+)+$`
// cannot backtrack for seconds), in a worker with a deadline (regex-worker.ts) that keeps the event
// loop free and bounds each call's time. Literal queries run in-process on JavaScript's engine: an
// escaped literal has nothing to backtrack over.
import picomatch from "picomatch";
import { RE2JS } from "re2js";
import { AppError } from "~/server/errors";
import { FILE_LIMITS } from "./limits";

export interface GrepQuery {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  wholeWord: boolean;
}

export interface LineHit {
  /** 0-based line index in the text. */
  line: number;
  /** 0-based UTF-16 offset of the match in the line. */
  column: number;
  length: number;
}

export interface GrepMatch {
  file: string;
  /** 1-based line number. */
  line: number;
  /** 1-based column (UTF-16 code units, as editors count). */
  column: number;
  /** The line, or a window of it around the match when the line is long. */
  content: string;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function checkQueryText(q: GrepQuery): void {
  if (q.query.length === 0) {
    throw new AppError("INVALID_INPUT", { message: "The search text is empty. Type something to search for.", reason: "empty_query" });
  }
  if (q.query.length > FILE_LIMITS.grepMaxQueryChars) {
    throw new AppError("INVALID_INPUT", { message: `The search text is longer than ${FILE_LIMITS.grepMaxQueryChars} characters. Shorten it.`, reason: "query_too_long" });
  }
}

/** The JavaScript RegExp source and flags a literal query compiles to (case folding, whole words). */
export function literalSpec(q: GrepQuery): { source: string; flags: string } {
  checkQueryText(q);
  let source = escapeRegex(q.query);
  if (q.wholeWord) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`;
  // `u` only when needed for \p{…}.
  return { source, flags: `${q.wholeWord ? "u" : ""}${q.caseSensitive ? "" : "i"}` };
}

/** A regex query compiled for re2js: RE2 syntax, its flags, and which group is the match to report. */
export interface Re2Spec {
  source: string;
  flags: number;
  /** 1 when whole-word matching wraps the pattern in boundaries that consume a character each side. */
  group: 0 | 1;
}

/** JavaScript regex features RE2 cannot run in linear time, found outside character classes. */
type Unsupported = { feature: string; example: string };

function unsupportedFeature(source: string): Unsupported | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return { feature: "backreferences", example: `\\${next}` };
      if (!inClass && next === "k" && source[i + 2] === "<") return { feature: "named backreferences", example: "\\k<name>" };
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(" && source[i + 1] === "?" && (source[i + 2] === "=" || source[i + 2] === "!")) {
      return { feature: "lookahead", example: `(?${source[i + 2]}…)` };
    }
  }
  return null;
}

/**
 * Compiles a regex query (JavaScript syntax, as people type it) for re2js. Throws INVALID_INPUT:
 * `invalid_regex` when it is not a valid regular expression at all, `unsupported_regex` (naming
 * the feature) when it needs backtracking: backreferences and lookahead. Lookbehind is supported
 * (re2js runs captureless lookbehinds in linear time).
 */
export function re2Spec(q: GrepQuery): Re2Spec {
  checkQueryText(q);
  try {
    new RegExp(q.query); // compiling never runs the pattern; it only checks the syntax
  } catch (error) {
    throw new AppError("INVALID_INPUT", {
      message: `The regular expression is not valid: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}. Fix it, or search for literal text instead.`,
      reason: "invalid_regex",
    });
  }
  const unsupported = unsupportedFeature(q.query);
  if (unsupported) {
    throw new AppError("INVALID_INPUT", {
      message: `Search does not support ${unsupported.feature} (${unsupported.example}) in regular expressions: they can take exponential time. Rewrite the pattern without them, or search for literal text.`,
      reason: "unsupported_regex",
      details: { feature: unsupported.feature },
    });
  }
  // \uXXXX, \u{…} and \cX are JavaScript spellings RE2 writes differently.
  let source = RE2JS.translateRegExp(q.query);
  let group: 0 | 1 = 0;
  if (q.wholeWord) {
    // No lookahead in RE2: the boundaries consume the neighbouring character, and the match reported is group 1.
    source = `(?:^|[^\\p{L}\\p{N}_])(${source})(?:[^\\p{L}\\p{N}_]|$)`;
    group = 1;
  }
  const lookbehind = /\(\?<[=!]/.test(q.query);
  const flags = (q.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE) | (lookbehind ? RE2JS.LOOKBEHINDS : 0);
  try {
    RE2JS.compile(source, flags);
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, "");
    throw new AppError("INVALID_INPUT", {
      message: `Search cannot run this regular expression (${why}). Search runs regular expressions in linear time (RE2 syntax: no backreferences or lookahead). Rewrite the pattern, or search for literal text.`,
      reason: "unsupported_regex",
      details: { feature: why },
    });
  }
  return { source, flags, group };
}

/** A per-line test: the first match's column and length, or null. */
export type LineTester = (line: string) => { column: number; length: number } | null;

export function literalTester(q: GrepQuery): LineTester {
  if (q.wholeWord || !q.caseSensitive) {
    // Case folding and word boundaries are regex territory; a linear-time literal regex is safe in-process.
    const { source, flags } = literalSpec(q);
    const re = new RegExp(source, flags);
    return (line) => {
      const m = re.exec(line);
      return m ? { column: m.index, length: m[0].length } : null;
    };
  }
  checkQueryText(q);
  const needle = q.query;
  return (line) => {
    const column = line.indexOf(needle);
    return column < 0 ? null : { column, length: needle.length };
  };
}

/**
 * The in-process form of what regex-worker.ts runs per line (for tests and small inputs). RE2
 * offsets are UTF-16 indices into the JavaScript string, as editors count.
 */
export function re2Tester(spec: Re2Spec): LineTester {
  const re = RE2JS.compile(spec.source, spec.flags);
  return (line) => {
    if (!re.test(line)) return null;
    const m = re.matcher(line);
    if (!m.find()) return null;
    const start = m.start(spec.group);
    return { column: start, length: m.end(spec.group) - start };
  };
}

/** Splits text into lines (\n, \r\n or \r), each cut to the searchable length. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/).map((line) => (line.length > FILE_LIMITS.grepMaxLineChars ? line.slice(0, FILE_LIMITS.grepMaxLineChars) : line));
}

/** First match per line, up to `limit` lines. */
export function findHits(lines: readonly string[], test: LineTester, limit: number): LineHit[] {
  const hits: LineHit[] = [];
  for (let i = 0; i < lines.length && hits.length < limit; i++) {
    const hit = test(lines[i]!);
    if (hit) hits.push({ line: i, ...hit });
  }
  return hits;
}

/** A line trimmed to a window around the match so one minified line cannot flood the results. */
export function preview(line: string, column: number, length: number, width: number = FILE_LIMITS.grepPreviewChars): string {
  if (line.length <= width) return line;
  const before = Math.max(0, Math.min(column - Math.floor((width - Math.min(length, width)) / 2), line.length - width));
  return `${before > 0 ? "…" : ""}${line.slice(before, before + width)}${before + width < line.length ? "…" : ""}`;
}

export function toMatches(file: string, lines: readonly string[], hits: readonly LineHit[]): GrepMatch[] {
  return hits.map((h) => ({ file, line: h.line + 1, column: h.column + 1, content: preview(lines[h.line] ?? "", h.column, h.length) }));
}

/** Rejects globs that cannot be what the caller meant, with the glob named in the message. */
export function validateGlob(glob: string): void {
  const bad = (why: string) =>
    new AppError("INVALID_INPUT", { message: `The glob "${glob.slice(0, 80)}" is not valid: ${why}.`, reason: "invalid_glob", details: { glob: glob.slice(0, 200) } });
  if (glob.trim() === "") throw bad("it is empty");
  if (glob.length > FILE_LIMITS.grepMaxGlobChars) throw bad(`it is longer than ${FILE_LIMITS.grepMaxGlobChars} characters`);
  if (glob.includes("\0")) throw bad("it contains a null byte");
  if (glob.startsWith("/")) throw bad("globs are relative to the workspace root; drop the leading /");
  if (glob.split("/").includes("..")) throw bad('".." cannot appear in a glob');
  const pairs: [string, string][] = [["[", "]"], ["{", "}"], ["(", ")"]];
  for (const [open, close] of pairs) {
    let depth = 0;
    for (let i = 0; i < glob.length; i++) {
      if (glob[i] === "\\") {
        i++;
        continue;
      }
      if (glob[i] === open) depth++;
      else if (glob[i] === close) depth--;
      if (depth < 0) break;
    }
    if (depth !== 0) throw bad(`"${open}" and "${close}" are not balanced`);
  }
  try {
    picomatch.makeRe(glob, { dot: true });
  } catch (error) {
    throw bad((error as Error).message);
  }
}

export type PathFilter = (relative: string) => boolean;

/** A matcher for workspace-relative paths; globs without a slash match the base name (`*.ts`). */
export function globMatcher(globs: readonly string[]): PathFilter | null {
  if (globs.length === 0) return null;
  if (globs.length > FILE_LIMITS.grepMaxGlobs) {
    throw new AppError("INVALID_INPUT", { message: `At most ${FILE_LIMITS.grepMaxGlobs} globs per list.`, reason: "invalid_glob" });
  }
  globs.forEach(validateGlob);
  // Built per glob: picomatch's own `basename` option also stops slash globs from matching.
  const tests = globs.map((glob) => {
    const match = picomatch(glob, { dot: true });
    return glob.includes("/") ? match : (relative: string) => match(relative.slice(relative.lastIndexOf("/") + 1));
  });
  return (relative) => tests.some((test) => test(relative));
}
