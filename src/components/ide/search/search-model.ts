// Pure helpers for the Search view: matches grouped by file (in the order the server walked),
// glob lists typed with commas, and where to highlight the match in a result line.

export interface Match {
  file: string;
  line: number;
  column: number;
  content: string;
}

export function groupMatches<M extends Match>(matches: readonly M[]): { file: string; matches: M[] }[] {
  const groups = new Map<string, M[]>();
  for (const m of matches) {
    const list = groups.get(m.file);
    if (list) list.push(m);
    else groups.set(m.file, [m]);
  }
  return [...groups].map(([file, list]) => ({ file, matches: list }));
}

/** "*.py, src/**  ,, dist" → ["*.py", "src/**", "dist"]. */
export function splitGlobs(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** [start, end) of the first match of the query in a result line (its shown window), or null. */
export function highlightRange(content: string, query: string, options: { regex: boolean; caseSensitive: boolean }): [number, number] | null {
  if (!query) return null;
  if (options.regex) {
    try {
      const m = new RegExp(query, options.caseSensitive ? "" : "i").exec(content);
      return m && m[0].length > 0 ? [m.index, m.index + m[0].length] : null;
    } catch {
      return null;
    }
  }
  const haystack = options.caseSensitive ? content : content.toLowerCase();
  const needle = options.caseSensitive ? query : query.toLowerCase();
  const i = haystack.indexOf(needle);
  return i < 0 ? null : [i, i + query.length];
}

/**
 * Whether a search should be sent: an empty box means idle, never a request (the server refuses
 * an empty query with 400, and clearing the box is not an error).
 */
export function shouldSearch(typed: string, debounced: string): boolean {
  return typed !== "" && debounced !== "";
}
