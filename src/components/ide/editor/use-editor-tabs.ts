// The editor's open tabs. (Skeleton: the editor work replaces this with dirty state, versions
// and the unsaved-change guard; the IDE only relies on `openFile` and `activePath`.)
"use client";
import { useCallback, useState } from "react";
import type { OpenFileOptions } from "../ide-context";

export interface EditorTab {
  path: string;
  reveal?: OpenFileOptions;
}

export function useEditorTabs() {
  const [tabs, setTabs] = useState<EditorTab[]>([]);
  const [activePath, setActivePath] = useState<string | null>(null);
  const openFile = useCallback((path: string, reveal?: OpenFileOptions) => {
    setTabs((prev) => (prev.some((t) => t.path === path) ? prev.map((t) => (t.path === path ? { ...t, reveal } : t)) : [...prev, { path, reveal }]));
    setActivePath(path);
  }, []);
  return { tabs, setTabs, activePath, setActivePath, openFile };
}

export type EditorTabsState = ReturnType<typeof useEditorTabs>;
