// A line diff (longest common subsequence of lines, then characters inside each changed block):
// how an external edit of a file becomes a few small Yjs operations instead of one "replace
// everything", so unsaved typing elsewhere in the document survives the merge.

export interface TextEdit {
  /** Offset in the OLD text (UTF-16 code units, as Y.Text counts). */
  index: number;
  deleteCount: number;
  insert: string;
}

/** Above this many line pairs the middle block is replaced whole (bounded time and memory). */
const MAX_LCS_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/** Edits that turn `before` into `after`, in ascending order of `index` and not overlapping. */
export function diffText(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const offsets = [0];
  for (const line of a) offsets.push(offsets.at(-1)! + line.length);

  const blocks: { fromA: number; toA: number; fromB: number; toB: number }[] = [];
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_LCS_CELLS || n === 0 || m === 0) {
    blocks.push({ fromA: start, toA: endA, fromB: start, toB: endB });
  } else {
    // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB), flattened.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    let open: { fromA: number; fromB: number } | null = null;
    const close = () => {
      if (open) blocks.push({ fromA: open.fromA, toA: start + i, fromB: open.fromB, toB: start + j });
      open = null;
    };
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        close();
        i++;
        j++;
      } else {
        open ??= { fromA: start + i, fromB: start + j };
        if (j < m && (i >= n || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) j++;
        else i++;
      }
    }
    close();
  }

  const edits: TextEdit[] = [];
  for (const block of blocks) {
    const oldText = a.slice(block.fromA, block.toA).join("");
    const newText = b.slice(block.fromB, block.toB).join("");
    // Characters shared at both ends of the block stay (a one-character change stays one character).
    let p = 0;
    while (p < oldText.length && p < newText.length && oldText[p] === newText[p]) p++;
    let s = 0;
    while (s < oldText.length - p && s < newText.length - p && oldText[oldText.length - 1 - s] === newText[newText.length - 1 - s]) s++;
    const deleteCount = oldText.length - p - s;
    const insert = newText.slice(p, newText.length - s);
    if (deleteCount > 0 || insert) edits.push({ index: offsets[block.fromA]! + p, deleteCount, insert });
  }
  return edits;
}

/** Applies edits (as returned by diffText) to `text`; the unit tests' oracle and a sanity check. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.index) + e.insert + out.slice(e.index + e.deleteCount);
  return out;
}
