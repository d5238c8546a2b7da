// The one command-line splitter, for everything that runs argv without a shell (the strict
// preset's command runner and its background tasks). Shell-like quoting, no expansion: text a
// shell would expand or interpret is refused with a reason instead of being passed on literally,
// because a person who types `ls | wc -l` or `rm *.log` expects a pipe or a glob, not the words.

export type ArgvParse = { ok: true; argv: string[] } | { ok: false; error: string };

/** Characters that mean something to a shell outside quotes (operators, expansions, globs). */
const SHELL_SYNTAX = new Set(["|", "&", ";", "<", ">", "(", ")", "$", "`", "*", "?", "[", "{"]);
/** Special only where a word starts: a comment, and the home directory. */
const WORD_START_SYNTAX = new Set(["#", "~"]);
/** Inside double quotes a backslash escapes only these (POSIX); before anything else it stays. */
const DOUBLE_QUOTE_ESCAPES = new Set(['"', "\\", "$", "`", "\n"]);

function refuse(ch: string): ArgvParse {
  return {
    ok: false,
    error: `“${ch}” needs a shell, and this preset runs commands without one. Quote it ('${ch}') or escape it (\\${ch}) to pass it as text, or use a preset with a shell.`,
  };
}

/**
 * Splits `line` into words:
 * - blanks (space, tab, newline) separate words; runs of them count once;
 * - '…' keeps everything literally (no escapes inside);
 * - "…" keeps everything, except that \" \\ \$ \` and a backslash-newline are escapes, and an
 *   unescaped $ or ` is refused (a shell would expand it);
 * - a backslash outside quotes makes the next character literal; a backslash-newline joins lines;
 * - '' and "" make an empty word;
 * - unquoted shell syntax (| & ; < > ( ) $ ` * ? [ {, and # or ~ where a word starts) is refused
 *   with a reason;
 * - an unclosed quote, a trailing lone backslash or an empty line is an error.
 */
export function splitArgv(line: string): ArgvParse {
  const argv: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && i + 1 < line.length && DOUBLE_QUOTE_ESCAPES.has(line[i + 1]!)) {
        const next = line[++i]!;
        if (next !== "\n") word += next;
      } else if (ch === "$" || ch === "`") return refuse(ch);
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\") {
      if (i + 1 >= line.length) return { ok: false, error: "The command ends with a lone backslash: remove it, or escape it as \\\\." };
      const next = line[++i]!;
      if (next === "\n") continue;
      word += next;
      inWord = true;
    } else if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      if (inWord) argv.push(word);
      word = "";
      inWord = false;
    } else if (SHELL_SYNTAX.has(ch) || (!inWord && WORD_START_SYNTAX.has(ch))) {
      return refuse(ch);
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `A ${quote === "'" ? "single" : "double"} quote is not closed: add the closing ${quote}.` };
  if (inWord) argv.push(word);
  if (argv.length === 0) return { ok: false, error: "Type a command to run, for example: python3 main.py" };
  return { ok: true, argv };
}
