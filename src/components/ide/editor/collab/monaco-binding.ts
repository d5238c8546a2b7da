// Binds a Monaco text model to a Y.Text, and renders other people's cursors and selections from
// y-protocols awareness. Adapted from y-monaco's MonacoBinding (MIT, Kevin Jahns,
// github.com/yjs/y-monaco): y-monaco does `import * as monaco from "monaco-editor"`, which would
// bundle a second Monaco next to the one Atrium loads at runtime from /monaco/vs; this version
// takes the loaded Monaco API as an argument instead. Changes from y-monaco: names on remote
// cursors (one small stylesheet rule per remote client), a read-only switch, and a callback when
// the local person types (follow mode stops then).
import type * as Monaco from "monaco-editor";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { MonacoApi } from "../document-store";

export interface CollabUser {
  userId: string;
  name: string;
  /** CSS colour. */
  color: string;
}

interface RelSelection {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  direction: Monaco.SelectionDirection;
}

export interface RemoteCursor {
  clientId: number;
  user: CollabUser;
  /** 0-based offsets in the text. */
  anchor: number;
  head: number;
}


const STYLE_ID = "atrium-collab-cursors";
const styled = new Map<number, string>();
/** One rule per remote client: its colour and its name label (CSS cannot read a per-decoration name). */
function ensureCursorStyle(clientId: number, user: CollabUser): void {
  const key = `${user.name}|${user.color}`;
  if (styled.get(clientId) === key || typeof document === "undefined") return;
  styled.set(clientId, key);
  let sheet = document.getElementById(STYLE_ID) as HTMLStyleElement | null;
  if (!sheet) {
    sheet = document.createElement("style");
    sheet.id = STYLE_ID;
    document.head.appendChild(sheet);
  }
  const name = JSON.stringify(user.name.slice(0, 40));
  sheet.appendChild(
    document.createTextNode(
      `.collab-sel-${clientId}{background-color:color-mix(in srgb, ${user.color} 25%, transparent)}` +
        `.collab-head-${clientId}{border-left:2px solid ${user.color}}` +
        `.collab-head-${clientId}::after{content:${name};background:${user.color}}`,
    ),
  );
}

export class CollabMonacoBinding {
  private readonly doc: Y.Doc;
  private saved = new Map<Monaco.editor.ICodeEditor, RelSelection>();
  private decorations: Monaco.editor.IEditorDecorationsCollection | null = null;
  private muted = false;
  private readonly disposables: Monaco.IDisposable[] = [];
  private destroyed = false;

  constructor(
    private readonly monaco: MonacoApi,
    private readonly ytext: Y.Text,
    private readonly model: Monaco.editor.ITextModel,
    private readonly editor: Monaco.editor.IStandaloneCodeEditor,
    private readonly awareness: Awareness,
    private readonly onLocalEdit: () => void = () => undefined,
  ) {
    this.doc = ytext.doc!;
    this.doc.on("beforeAllTransactions", this.beforeTransaction);
    ytext.observe(this.observer);
    const value = ytext.toJSON();
    if (model.getValue() !== value) this.mute(() => model.setValue(value));
    this.disposables.push(
      model.onDidChangeContent((event) => {
        if (this.muted) return;
        this.mute(() => {
          this.doc.transact(() => {
            for (const change of [...event.changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) {
              ytext.delete(change.rangeOffset, change.rangeLength);
              ytext.insert(change.rangeOffset, change.text);
            }
          }, this);
        });
        this.onLocalEdit();
      }),
      model.onWillDispose(() => this.destroy()),
      editor.onDidChangeCursorSelection(() => this.publishSelection()),
    );
    awareness.on("change", this.render);
    this.publishSelection();
    this.render();
  }

  private mute(fn: () => void): void {
    const was = this.muted;
    this.muted = true;
    try {
      fn();
    } finally {
      this.muted = was;
    }
  }

  private readonly beforeTransaction = () => {
    if (this.muted) return;
    this.saved = new Map();
    if (this.editor.getModel() !== this.model) return;
    const sel = this.editor.getSelection();
    if (!sel) return;
    this.saved.set(this.editor, {
      // Stick to the character before the cursor (assoc -1, unlike y-monaco): someone typing at the
      // same spot lands after my cursor, so two people typing there do not interleave letters.
      start: Y.createRelativePositionFromTypeIndex(this.ytext, this.model.getOffsetAt(sel.getStartPosition()), -1),
      end: Y.createRelativePositionFromTypeIndex(this.ytext, this.model.getOffsetAt(sel.getEndPosition()), -1),
      direction: sel.getDirection(),
    });
  };

  private readonly observer = (event: Y.YTextEvent) => {
    if (this.muted) return;
    this.mute(() => {
      let index = 0;
      for (const op of event.delta) {
        if (op.retain !== undefined) index += op.retain;
        else if (typeof op.insert === "string") {
          const pos = this.model.getPositionAt(index);
          this.model.applyEdits([{ range: new this.monaco.Range(pos.lineNumber, pos.column, pos.lineNumber, pos.column), text: op.insert }]);
          index += op.insert.length;
        } else if (op.delete !== undefined) {
          const from = this.model.getPositionAt(index);
          const to = this.model.getPositionAt(index + op.delete);
          this.model.applyEdits([{ range: new this.monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: "" }]);
        }
      }
      for (const [editor, rel] of this.saved) {
        const start = Y.createAbsolutePositionFromRelativePosition(rel.start, this.doc);
        const end = Y.createAbsolutePositionFromRelativePosition(rel.end, this.doc);
        if (start && end && start.type === this.ytext && end.type === this.ytext) {
          const s = this.model.getPositionAt(start.index);
          const e = this.model.getPositionAt(end.index);
          editor.setSelection(this.monaco.Selection.createWithDirection(s.lineNumber, s.column, e.lineNumber, e.column, rel.direction));
        }
      }
    });
    this.render();
  };

  private publishSelection(): void {
    if (this.destroyed || this.editor.getModel() !== this.model) return;
    const sel = this.editor.getSelection();
    if (!sel) return;
    let anchor = this.model.getOffsetAt(sel.getStartPosition());
    let head = this.model.getOffsetAt(sel.getEndPosition());
    if (sel.getDirection() === this.monaco.SelectionDirection.RTL) [anchor, head] = [head, anchor];
    this.awareness.setLocalStateField("selection", {
      anchor: Y.createRelativePositionFromTypeIndex(this.ytext, anchor),
      head: Y.createRelativePositionFromTypeIndex(this.ytext, head),
    });
  }

  /** Other people's cursors, as offsets in this text (follow mode reads them). */
  remoteCursors(): RemoteCursor[] {
    const out: RemoteCursor[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.doc.clientID) return;
      const s = state as { user?: CollabUser; selection?: { anchor?: unknown; head?: unknown } };
      if (!s.user || !s.selection?.anchor || !s.selection.head) return;
      const anchor = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(s.selection.anchor), this.doc);
      const head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(s.selection.head), this.doc);
      if (!anchor || !head || anchor.type !== this.ytext || head.type !== this.ytext) return;
      out.push({ clientId, user: s.user, anchor: anchor.index, head: head.index });
    });
    return out;
  }

  private readonly render = () => {
    if (this.destroyed) return;
    if (this.editor.getModel() !== this.model) {
      this.decorations?.clear();
      return;
    }
    const next: Monaco.editor.IModelDeltaDecoration[] = [];
    for (const cursor of this.remoteCursors()) {
      ensureCursorStyle(cursor.clientId, cursor.user);
      const forward = cursor.anchor <= cursor.head;
      const start = this.model.getPositionAt(Math.min(cursor.anchor, cursor.head));
      const end = this.model.getPositionAt(Math.max(cursor.anchor, cursor.head));
      const head = `collab-head collab-head-${cursor.clientId}`;
      next.push({
        range: new this.monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
        options: {
          className: `collab-sel collab-sel-${cursor.clientId}`,
          afterContentClassName: forward ? head : null,
          beforeContentClassName: forward ? null : head,
          hoverMessage: { value: cursor.user.name },
          stickiness: this.monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      });
    }
    if (!this.decorations) this.decorations = this.editor.createDecorationsCollection(next);
    else this.decorations.set(next);
  };

  /** Re-draws cursors (after the editor switched back to this model). */
  refresh(): void {
    this.decorations?.clear();
    this.decorations = null;
    this.render();
    this.publishSelection();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const d of this.disposables) d.dispose();
    this.ytext.unobserve(this.observer);
    this.doc.off("beforeAllTransactions", this.beforeTransaction);
    this.awareness.off("change", this.render);
    this.decorations?.clear();
  }
}
