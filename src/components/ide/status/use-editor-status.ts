// What the status bar shows about the editor, read from the Monaco instance the editor area
// publishes (EditorHandle) and kept current through Monaco's own change events.
"use client";
import type * as Monaco from "monaco-editor";
import { useCallback, useSyncExternalStore } from "react";
import type { EditorHandle } from "../editor/editor-handle";

export interface EditorStatus {
  line: number;
  column: number;
  /** Characters and lines selected (0 when the selection is empty). */
  selectedChars: number;
  selectedLines: number;
  /** Monaco's language id, e.g. "typescript". */
  language: string;
  insertSpaces: boolean;
  tabSize: number;
  eol: "LF" | "CRLF";
}

export function readEditorStatus(editor: Monaco.editor.ICodeEditor): EditorStatus | null {
  const model = editor.getModel();
  if (!model) return null;
  const position = editor.getPosition() ?? { lineNumber: 1, column: 1 };
  let selectedChars = 0;
  let selectedLines = 0;
  for (const selection of editor.getSelections() ?? []) {
    if (selection.isEmpty()) continue;
    selectedChars += model.getValueLengthInRange(selection);
    selectedLines += selection.endLineNumber - selection.startLineNumber + 1;
  }
  const options = model.getOptions();
  return {
    line: position.lineNumber,
    column: position.column,
    selectedChars,
    selectedLines,
    language: model.getLanguageId(),
    insertSpaces: options.insertSpaces,
    tabSize: options.tabSize,
    eol: model.getEOL() === "\r\n" ? "CRLF" : "LF",
  };
}

type Editor = Monaco.editor.IStandaloneCodeEditor;

// Snapshots must be stable between changes for useSyncExternalStore: the last one per editor.
const lastStatus = new WeakMap<Editor, { key: string; value: EditorStatus | null }>();

function statusSnapshot(editor: Editor | null): EditorStatus | null {
  if (!editor) return null;
  const value = readEditorStatus(editor);
  const key = JSON.stringify(value);
  const last = lastStatus.get(editor);
  if (last && last.key === key) return last.value;
  lastStatus.set(editor, { key, value });
  return value;
}

export function useEditorStatus(handle: EditorHandle): EditorStatus | null {
  const editor = useSyncExternalStore(
    useCallback((onChange: () => void) => handle.subscribe(onChange), [handle]),
    () => handle.current,
    () => null,
  );
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!editor) return () => undefined;
      const subscriptions = [
        editor.onDidChangeCursorSelection(onChange),
        editor.onDidChangeModel(onChange),
        editor.onDidChangeModelLanguage(onChange),
        editor.onDidChangeModelOptions(onChange),
        // End of line changes arrive as content changes (a paste with \r\n into an empty file).
        editor.onDidChangeModelContent(onChange),
      ];
      return () => subscriptions.forEach((s) => s.dispose());
    },
    [editor],
  );
  return useSyncExternalStore(
    subscribe,
    () => statusSnapshot(editor),
    () => null,
  );
}
