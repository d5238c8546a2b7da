// Pure part of "replace in files": turning a file's text into the replaced text, line by line, with
// the same query semantics as search (grep-match.ts). Regex queries run on re2js (linear time in
// the input whatever the pattern); literal queries on an escaped JavaScript regex. Line endings are
// kept exactly as they were.
import { RE2JS } from "re2js";
import { type GrepQuery, literalSpec, re2Spec } from "./grep-match";

/** One line's replacement: the new text and how many matches were replaced. */
export type LineReplacer = (line: string) => { text: string; count: number };

export interface LineChange {
  /** 1-based line number. */
  line: number;
  before: string;
  after: string;
}

export interface TextReplacement {
  text: string;
  count: number;
  /** The first `maxChanges` changed lines, for a preview. */
  changes: LineChange[];
}

/**
 * `$&` (the match), `$1`…`$99` (groups) and `$$` in regex replacements, as in JavaScript's
 * String.replace; a group the pattern does not have stays as written.
 */
function expand(template: string, group: (n: number) => string | null, groups: number): string {
  return template.replace(/\$(\$|&|\d{1,2})/g, (all, what: string) => {
    if (what === "$") return "$";
    if (what === "&") return group(0) ?? "";
    const n = Number(what);
    return n >= 1 && n <= groups ? (group(n) ?? "") : all;
  });
}

/** Validates the query (INVALID_INPUT as search gives) and returns the per-line replacer. */
export function lineReplacer(q: GrepQuery, replacement: string): LineReplacer {
  if (!q.regex) {
    const { source, flags } = literalSpec(q);
    const re = new RegExp(source, `${flags}g`);
    return (line) => {
      let count = 0;
      // A function, so `$` in the replacement is taken literally for literal searches.
      const text = line.replace(re, () => {
        count++;
        return replacement;
      });
      return { text, count };
    };
  }
  const spec = re2Spec(q);
  const re = RE2JS.compile(spec.source, spec.flags);
  return (line) => {
    if (!re.test(line)) return { text: line, count: 0 };
    const m = re.matcher(line);
    const userGroups = m.groupCount() - spec.group;
    let out = "";
    let last = 0;
    let count = 0;
    let from = 0;
    while (from <= line.length && m.find(from)) {
      const start = m.start(spec.group);
      const end = m.end(spec.group);
      if (start < last) break; // never re-replace text already consumed
      out += line.slice(last, start) + expand(replacement, (n) => m.group(n + spec.group), userGroups);
      last = end;
      count++;
      // An empty match moves on one character, or the loop would find it again forever.
      from = end > start ? end : end + 1;
    }
    return { text: out + line.slice(last), count };
  };
}

/** Applies `replace` to every line of `text`, keeping \n, \r\n and \r endings as they were. */
export function replaceText(text: string, replace: LineReplacer, maxChanges: number): TextReplacement {
  const parts = text.split(/(\r\n|\n|\r)/);
  const changes: LineChange[] = [];
  let count = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const before = parts[i]!;
    const result = replace(before);
    if (result.count === 0) continue;
    count += result.count;
    parts[i] = result.text;
    if (changes.length < maxChanges) changes.push({ line: i / 2 + 1, before, after: result.text });
  }
  return { text: count === 0 ? text : parts.join(""), count, changes };
}
