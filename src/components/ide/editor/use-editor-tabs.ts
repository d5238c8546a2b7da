// The editor's open tabs and their documents, owned by the IDE container so the explorer (renames,
// deletes), search and quick open can reach them. `openFile` and `activePath` go into IdeContext;
// the rest through EditorTabsContext.
"use client";
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { OpenFileOptions } from "../ide-context";
import { DocumentStore } from "./document-store";
import { EditorHandle } from "./editor-handle";
import { hasUnsaved, initialTabsState, tabsReducer } from "./tabs-state";

export function useEditorTabs(scope = "workspace") {
  const [state, dispatch] = useReducer(tabsReducer, initialTabsState);
  const [store] = useState(() => new DocumentStore(scope, (path, dirty) => dispatch({ type: "dirty", path, dirty })));
  const nonce = useRef(0);
  const [editorHandle] = useState(() => new EditorHandle());

  const openFile = useCallback((path: string, options?: OpenFileOptions) => {
    const reveal = options?.line ? { line: options.line, column: options.column ?? 1, nonce: ++nonce.current } : undefined;
    dispatch({ type: "open", path, reveal });
  }, []);
  const activate = useCallback((path: string) => dispatch({ type: "activate", path }), []);
  /** Closes without asking: the editor area asks about unsaved changes first. */
  const closeNow = useCallback(
    (path: string) => {
      store.close(path);
      dispatch({ type: "close", path });
    },
    [store],
  );
  const pathMoved = useCallback(
    (from: string, to: string) => {
      store.move(from, to);
      dispatch({ type: "moved", from, to });
    },
    [store],
  );
  const pathRemoved = useCallback((path: string) => dispatch({ type: "removed", path }), []);
  /** Reopens the tabs of a saved layout (the IDE's layout persistence). */
  const restore = useCallback((paths: string[], active: string | null) => dispatch({ type: "restore", paths, active }), []);

  // Unsaved changes survive neither a reload nor closing the browser tab: ask first.
  const unsaved = hasUnsaved(state);
  useEffect(() => {
    if (!unsaved) return;
    const guard = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, [unsaved]);

  // Models close with their tabs; whatever is left goes when the IDE unmounts.
  useEffect(() => () => store.disposeAll(), [store]);

  return useMemo(
    () => ({ tabs: state.tabs, activePath: state.active, unsaved, store, editorHandle, openFile, activate, closeNow, pathMoved, pathRemoved, restore }),
    [state.tabs, state.active, unsaved, store, editorHandle, openFile, activate, closeNow, pathMoved, pathRemoved, restore],
  );
}

export type EditorTabsState = ReturnType<typeof useEditorTabs>;

export const EditorTabsContext = createContext<EditorTabsState | null>(null);

/** The tabs, for panels that move or delete files (null outside the IDE, e.g. in isolated tests). */
export function useEditorTabsContext(): EditorTabsState | null {
  return useContext(EditorTabsContext);
}
