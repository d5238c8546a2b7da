// The open documents' text lives in Monaco models, one per path, outside React: typing must not
// re-render the IDE. This store owns them and knows, per path, the version the server last
// confirmed and which model state that was, so "unsaved" is exact (undoing back to the saved text
// clears the dot, as in VS Code) and tabs survive renames.
import type * as Monaco from "monaco-editor";

export type MonacoApi = typeof Monaco;

interface Doc {
  model: Monaco.editor.ITextModel;
  /** The server's version of the saved text: goes back as `ifMatch`. */
  version: string;
  /** `getAlternativeVersionId()` of the model when it matched the server. */
  savedAlt: number;
  viewState: Monaco.editor.ICodeEditorViewState | null;
  listener: Monaco.IDisposable;
}

export class DocumentStore {
  private monaco: MonacoApi | null = null;
  private readonly docs = new Map<string, Doc>();
  private readonly dirty = new Map<string, boolean>();
  /** Co-edited files: the server saves them, so they are never "unsaved" here. */
  private readonly shared = new Set<string>();

  constructor(
    private readonly scope: string,
    private readonly onDirtyChange: (path: string, dirty: boolean) => void,
  ) {}

  attach(monaco: MonacoApi): void {
    this.monaco = monaco;
  }

  get ready(): boolean {
    return this.monaco !== null;
  }

  private uri(path: string): Monaco.Uri {
    // One URI space per workspace, so two IDE tabs in one page never share a model by accident.
    return this.monaco!.Uri.from({ scheme: "atrium", authority: this.scope, path: `/${path}` });
  }

  has(path: string): boolean {
    return this.docs.has(path);
  }

  model(path: string): Monaco.editor.ITextModel | null {
    return this.docs.get(path)?.model ?? null;
  }

  version(path: string): string | null {
    return this.docs.get(path)?.version ?? null;
  }

  /** Creates the model for freshly loaded text; an existing one (with its edits) is kept. */
  open(path: string, text: string, language: string, version: string): Monaco.editor.ITextModel | null {
    const existing = this.docs.get(path);
    if (existing) return existing.model;
    if (!this.monaco) return null;
    const model = this.monaco.editor.getModel(this.uri(path)) ?? this.monaco.editor.createModel(text, language, this.uri(path));
    model.setEOL(text.includes("\r\n") ? this.monaco.editor.EndOfLineSequence.CRLF : this.monaco.editor.EndOfLineSequence.LF);
    const doc: Doc = { model, version, savedAlt: model.getAlternativeVersionId(), viewState: null, listener: { dispose: () => undefined } };
    doc.listener = model.onDidChangeContent(() => this.refresh(path));
    this.docs.set(path, doc);
    return model;
  }

  /** Marks a file as co-edited (saved by the server) or back to load-and-save. */
  setShared(path: string, shared: boolean): void {
    const doc = this.docs.get(path);
    if (shared) this.shared.add(path);
    else {
      this.shared.delete(path);
      // What the server last saved is the baseline from now on.
      if (doc) doc.savedAlt = doc.model.getAlternativeVersionId();
    }
    this.refresh(path);
  }

  isShared(path: string): boolean {
    return this.shared.has(path);
  }

  isDirty(path: string): boolean {
    if (this.shared.has(path)) return false;
    const doc = this.docs.get(path);
    return doc ? doc.model.getAlternativeVersionId() !== doc.savedAlt : false;
  }

  private refresh(path: string): void {
    const dirty = this.isDirty(path);
    if (this.dirty.get(path) !== dirty) {
      this.dirty.set(path, dirty);
      this.onDirtyChange(path, dirty);
    }
  }

  /** What to send on save: the text and the model state it came from (typing may go on meanwhile). */
  snapshot(path: string): { text: string; alt: number; version: string } | null {
    const doc = this.docs.get(path);
    return doc ? { text: doc.model.getValue(), alt: doc.model.getAlternativeVersionId(), version: doc.version } : null;
  }

  /** The server confirmed `alt`'s text as `version`. */
  markSaved(path: string, version: string, alt: number): void {
    const doc = this.docs.get(path);
    if (!doc) return;
    doc.version = version;
    doc.savedAlt = alt;
    this.refresh(path);
  }

  /**
   * Puts the server's text in the model as one undoable edit ("take theirs"): Ctrl+Z brings the
   * local text back, so choosing theirs never destroys mine.
   */
  replaceWithServer(path: string, text: string, version: string): void {
    const doc = this.docs.get(path);
    if (!doc) return;
    this.setText(path, text);
    this.markSaved(path, version, doc.model.getAlternativeVersionId());
  }

  /** Replaces the whole text as one undoable edit. */
  setText(path: string, text: string): void {
    const doc = this.docs.get(path);
    if (!doc || doc.model.getValue() === text) return;
    doc.model.pushStackElement();
    doc.model.pushEditOperations([], [{ range: doc.model.getFullModelRange(), text }], () => null);
    doc.model.pushStackElement();
  }

  saveViewState(path: string, state: Monaco.editor.ICodeEditorViewState | null): void {
    const doc = this.docs.get(path);
    if (doc) doc.viewState = state;
  }

  viewState(path: string): Monaco.editor.ICodeEditorViewState | null {
    return this.docs.get(path)?.viewState ?? null;
  }

  close(path: string): void {
    const doc = this.docs.get(path);
    if (!doc) return;
    doc.listener.dispose();
    doc.model.dispose();
    this.docs.delete(path);
    this.dirty.delete(path);
    this.shared.delete(path);
  }

  /** A rename in the explorer: the text (and unsaved edits) move to a model at the new path. */
  move(from: string, to: string): void {
    if (!this.monaco) return;
    for (const [path, doc] of [...this.docs]) {
      const next = path === from ? to : path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : null;
      if (next === null) continue;
      const wasDirty = this.isDirty(path);
      const text = doc.model.getValue();
      const language = doc.model.getLanguageId();
      this.close(path);
      const model = this.open(next, text, language, doc.version);
      if (model && wasDirty) {
        // Keep the unsaved state: the saved state is unknown for the new model, so mark it changed.
        const moved = this.docs.get(next)!;
        moved.savedAlt = -1;
        this.refresh(next);
      }
    }
  }

  setLanguage(path: string, language: string): void {
    const doc = this.docs.get(path);
    if (doc && this.monaco) this.monaco.editor.setModelLanguage(doc.model, language);
  }

  disposeAll(): void {
    for (const path of [...this.docs.keys()]) this.close(path);
  }
}
