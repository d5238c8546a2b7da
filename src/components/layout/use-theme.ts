// The colour theme: layout.tsx's inline script picks it before first paint (saved choice, else the
// system's); this hook reads it from <html data-theme> and saves the person's choice.
"use client";
import { useCallback, useSyncExternalStore } from "react";

export type Theme = "light" | "dark";
const STORAGE_KEY = "atrium-theme";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
}

function snapshot(): Theme | null {
  const t = document.documentElement.dataset.theme;
  return t === "dark" || t === "light" ? t : null;
}

/** `theme` is null during server rendering and hydration, before the real value is known. */
export function useTheme(): { theme: Theme | null; setTheme: (theme: Theme) => void; toggle: () => void } {
  const theme = useSyncExternalStore(subscribe, snapshot, () => null);
  const setTheme = useCallback((next: Theme) => {
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }, []);
  const toggle = useCallback(() => setTheme(snapshot() === "dark" ? "light" : "dark"), [setTheme]);
  return { theme, setTheme, toggle };
}
