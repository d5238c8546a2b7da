// Yjs helpers shared by the server's document store and the browser: one text per document, edits
// from a text diff applied as one transaction, and a three-way text merge done by Yjs itself (so
// the server merging an external edit and a browser merging offline edits after a server restart
// resolve concurrent changes the same way).
import * as Y from "yjs";
import { diffText } from "./text-diff";

/** The one shared type in every co-edited document. */
export const TEXT_KEY = "text";

export function textOf(doc: Y.Doc): Y.Text {
  return doc.getText(TEXT_KEY);
}

/** Turns the text of `type` (assumed to equal `from`) into `to`, as one transaction with `origin`. */
export function applyTextChange(type: Y.Text, from: string, to: string, origin: unknown): void {
  const edits = diffText(from, to);
  if (edits.length === 0) return;
  type.doc!.transact(() => {
    // Last edit first, so earlier offsets stay valid.
    for (const edit of [...edits].reverse()) {
      if (edit.deleteCount > 0) type.delete(edit.index, edit.deleteCount);
      if (edit.insert) type.insert(edit.index, edit.insert);
    }
  }, origin);
}

/** A document whose history is only `text` inserted once (a fresh client id each time). */
export function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  if (text) textOf(doc).insert(0, text);
  return doc;
}

/** An independent copy of `doc` (same history), for diffing against what it was. */
export function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/**
 * The Yjs update that turns `base` (a copy of some document state whose text is `from`) into text
 * `to`, without touching `base`: apply it to the live document and the change merges with whatever
 * was typed concurrently since `base`.
 */
export function updateFor(base: Y.Doc, from: string, to: string): Uint8Array | null {
  if (from === to) return null;
  const fork = cloneDoc(base);
  const before = Y.encodeStateVector(fork);
  applyTextChange(textOf(fork), from, to, "diff");
  fork.destroy();
  return Y.encodeStateAsUpdate(fork, before);
}

/** Three-way merge of plain texts: both sides' changes against `base`, concurrent ones both kept. */
export function mergeText(base: string, ours: string, theirs: string): string {
  if (ours === base) return theirs;
  if (theirs === base || ours === theirs) return ours;
  const root = docWithText(base);
  const a = cloneDoc(root);
  const b = cloneDoc(root);
  applyTextChange(textOf(a), base, ours, "ours");
  applyTextChange(textOf(b), base, theirs, "theirs");
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(root)));
  const merged = textOf(a).toJSON();
  for (const d of [root, a, b]) d.destroy();
  return merged;
}
