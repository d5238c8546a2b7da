// Ctrl/Cmd+S and Ctrl/Cmd+P anywhere in the IDE, Monaco included (captured before it sees them).
"use client";
import { useEffect, useRef } from "react";

export const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function useEditorKeys(handlers: { save: () => void; quickOpen: () => void }) {
  const keys = useRef(handlers);
  useEffect(() => {
    keys.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "s" && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        keys.current.save();
      } else if (key === "p" && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        keys.current.quickOpen();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
}
