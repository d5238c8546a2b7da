// Loads Monaco from Atrium's own /monaco/vs (copied from node_modules by scripts/copy-monaco.mjs),
// never from a CDN, and follows the app's light/dark theme.
"use client";
import { loader } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import type { MonacoApi } from "./document-store";

loader.config({ paths: { vs: "/monaco/vs" } });

export type MonacoState = { status: "loading" } | { status: "ready"; monaco: MonacoApi } | { status: "failed" };

let loaded: MonacoApi | null = null;

export function useMonaco(): MonacoState {
  const [state, setState] = useState<MonacoState>(() => (loaded ? { status: "ready", monaco: loaded } : { status: "loading" }));
  useEffect(() => {
    if (loaded) return;
    let live = true;
    loader
      .init()
      .then((monaco) => {
        loaded = monaco as MonacoApi;
        if (live) setState({ status: "ready", monaco: loaded });
      })
      .catch(() => {
        if (live) setState({ status: "failed" });
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export type AppTheme = "light" | "dark";

function currentTheme(): AppTheme {
  return typeof document !== "undefined" && document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** The app's theme (the `data-theme` the theme switch sets on <html>), live. */
export function useAppTheme(): AppTheme {
  const [theme, setTheme] = useState<AppTheme>(currentTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(currentTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

export const monacoTheme = (theme: AppTheme) => (theme === "dark" ? "vs-dark" : "vs");
