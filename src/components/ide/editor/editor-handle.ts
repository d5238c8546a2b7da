// The live Monaco editor instance, published by the editor area for panels that read it (the
// status bar: cursor, selection, language, indentation, end of line) without reaching into it.
import type * as Monaco from "monaco-editor";

type Editor = Monaco.editor.IStandaloneCodeEditor;

export class EditorHandle {
  private editor: Editor | null = null;
  private readonly listeners = new Set<(editor: Editor | null) => void>();

  get current(): Editor | null {
    return this.editor;
  }

  set(editor: Editor | null): void {
    if (this.editor === editor) return;
    this.editor = editor;
    for (const listener of this.listeners) listener(editor);
  }

  subscribe(listener: (editor: Editor | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
