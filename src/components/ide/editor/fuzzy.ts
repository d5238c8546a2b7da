// Fuzzy matching for quick open (Ctrl+P), VS Code style: the query's characters must appear in
// order; matches in the file name, at word starts and in runs score higher, and shorter paths
// win ties. Returns the matched positions so the list can highlight them.
// Hand-written on purpose: fuse.js ranks by Bitap typo-distance over substrings, so it finds neither
// "uet" in use-editor-tabs.ts nor "mnpy" in main.py. It does what this cannot, forgive a typo
// ("mian.py"), so it answers only when nothing matches in order.
import Fuse from "fuse.js";

export interface FuzzyMatch {
  path: string;
  score: number;
  /** Indexes into `path` of the matched characters. */
  positions: number[];
}

const SEPARATORS = new Set(["/", "_", "-", ".", " "]);

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1]!;
  if (SEPARATORS.has(prev)) return true;
  const c = text[i]!;
  // camelCase boundary: "useEditorTabs" matches "ET".
  return prev === prev.toLowerCase() && c !== c.toLowerCase();
}

function leftGreedy(lower: string, q: string, from: number): number[] | null {
  const positions: number[] = [];
  let i = from;
  for (const ch of q) {
    const at = lower.indexOf(ch, i);
    if (at < 0) return null;
    positions.push(at);
    i = at + 1;
  }
  return positions;
}

function rightGreedy(lower: string, q: string): number[] | null {
  const positions: number[] = [];
  let end = lower.length - 1;
  for (let k = q.length - 1; k >= 0; k--) {
    const at = end < 0 ? -1 : lower.lastIndexOf(q[k]!, end);
    if (at < 0) return null;
    positions.unshift(at);
    end = at - 1;
  }
  return positions;
}

function scorePositions(path: string, query: string, positions: number[], nameStart: number): number {
  let score = 0;
  for (let k = 0; k < positions.length; k++) {
    const i = positions[k]!;
    score += 1;
    if (i >= nameStart) score += 2;
    if (isWordStart(path, i)) score += 3;
    if (k > 0 && positions[k - 1] === i - 1) score += 4;
    if (path[i] === query[k]) score += 0.5; // same case as typed
  }
  return score;
}

/**
 * Scores `path` against `query` (spaces in the query are ignored): tries the match inside the
 * file name, the leftmost and the rightmost match, and keeps the best; null when it does not match.
 */
export function fuzzyScore(query: string, path: string): FuzzyMatch | null {
  const typed = query.replace(/\s+/g, "");
  const q = typed.toLowerCase();
  if (q === "") return { path, score: 0, positions: [] };
  const lower = path.toLowerCase();
  const nameStart = path.lastIndexOf("/") + 1;
  const tries = [leftGreedy(lower, q, nameStart), leftGreedy(lower, q, 0), rightGreedy(lower, q)].filter((p): p is number[] => p !== null);
  if (tries.length === 0) return null;
  let best = tries[0]!;
  let bestScore = -Infinity;
  for (const positions of tries) {
    const s = scorePositions(path, typed, positions, nameStart);
    if (s > bestScore) {
      best = positions;
      bestScore = s;
    }
  }
  const name = lower.slice(nameStart);
  if (name.startsWith(q)) bestScore += 6;
  if (name === q || name.split(".")[0] === q) bestScore += 8;
  bestScore -= path.length * 0.01;
  return { path, score: bestScore, positions: best };
}

/**
 * The best `limit` matches, best first; ties go to the shorter, then alphabetically earlier path.
 * When no path has the query's characters in order, the closest paths despite typos (fuse.js).
 */
export function fuzzyFilter(query: string, paths: readonly string[], limit = 50): FuzzyMatch[] {
  const matches: FuzzyMatch[] = [];
  for (const p of paths) {
    const m = fuzzyScore(query, p);
    if (m) matches.push(m);
  }
  if (matches.length === 0) return typoMatches(query, paths, limit);
  matches.sort((a, b) => b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return matches.slice(0, limit);
}

// One index per file list (the query result keeps the same array until the list changes).
const typoIndexes = new WeakMap<readonly string[], Fuse<string>>();

function typoMatches(query: string, paths: readonly string[], limit: number): FuzzyMatch[] {
  const typed = query.replace(/\s+/g, "");
  if (typed.length < 3) return [];
  let index = typoIndexes.get(paths);
  if (!index) {
    index = new Fuse([...paths], { includeMatches: true, includeScore: true, ignoreLocation: true, threshold: 0.4, minMatchCharLength: 2 });
    typoIndexes.set(paths, index);
  }
  return index.search(typed, { limit }).map((r) => ({
    path: r.item,
    score: -(r.score ?? 1),
    positions: (r.matches ?? []).flatMap((m) => m.indices.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, k) => from + k))),
  }));
}
