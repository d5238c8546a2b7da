// The one Monaco editor of the editor area: created when Monaco is loaded, themed with the app,
// showing the active tab's model (created from the loaded text the first time, keeping each
// file's scroll and cursor), and honouring "open at line" requests (search results, tasks).
"use client";
import type * as Monaco from "monaco-editor";
import { useEffect, useRef, useState } from "react";
import type { DocumentStore } from "./document-store";
import type { Reveal } from "./tabs-state";
import { monacoTheme, useAppTheme, useMonaco } from "./use-monaco";

export interface LoadedText {
  path: string;
  encoding: "utf8" | "base64";
  content: string;
  language: string;
  version: string;
}

export function useEditorInstance(options: {
  store: DocumentStore;
  activePath: string | null;
  doc: LoadedText | null;
  reveal: Reveal | undefined;
  /** A model was just created for a freshly loaded file (co-editing binds to it). */
  onModel: (path: string, model: Monaco.editor.ITextModel, text: string) => void;
}) {
  const { store, activePath, doc, reveal, onModel } = options;
  const monacoState = useMonaco();
  const theme = useAppTheme();
  const hostRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const onModelRef = useRef(onModel);
  useEffect(() => {
    onModelRef.current = onModel;
  });

  useEffect(() => {
    const host = hostRef.current;
    if (monacoState.status !== "ready" || !host) return;
    const instance = monacoState.monaco.editor.create(host, {
      model: null,
      automaticLayout: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      minimap: { enabled: true },
      scrollBeyondLastLine: false,
      renderWhitespace: "selection",
      tabSize: 4,
      theme: monacoTheme(document.documentElement.dataset.theme === "dark" ? "dark" : "light"),
    });
    setEditor(instance);
    return () => {
      instance.dispose();
      setEditor(null);
    };
  }, [monacoState]);

  useEffect(() => {
    if (monacoState.status === "ready") monacoState.monaco.editor.setTheme(monacoTheme(theme));
  }, [monacoState, theme]);

  const shownPath = useRef<string | null>(null);
  const revealed = useRef(0);
  useEffect(() => {
    if (!editor || monacoState.status !== "ready") return;
    store.attach(monacoState.monaco);
    const previous = shownPath.current;
    if (previous && previous !== activePath && store.has(previous)) store.saveViewState(previous, editor.saveViewState());
    let model = activePath ? store.model(activePath) : null;
    if (!model && activePath && doc && doc.path === activePath && doc.encoding === "utf8") {
      model = store.open(doc.path, doc.content, doc.language, doc.version);
      if (model) onModelRef.current(doc.path, model, doc.content);
    }
    if (editor.getModel() !== model) {
      editor.setModel(model);
      const view = model && activePath ? store.viewState(activePath) : null;
      if (view) editor.restoreViewState(view);
    }
    shownPath.current = model ? activePath : null;
    if (model && reveal && revealed.current !== reveal.nonce) {
      revealed.current = reveal.nonce;
      const line = Math.min(reveal.line, model.getLineCount());
      editor.setPosition({ lineNumber: line, column: reveal.column });
      editor.revealLineInCenter(line);
      editor.focus();
    }
  }, [editor, monacoState, activePath, doc, store, reveal]);

  return { hostRef, editor, monacoState, theme };
}
