// Copies text to the clipboard, with a fallback for pages served over plain http (no Clipboard API).
"use client";
import { useEffect, useState } from "react";
import { Button, type ButtonProps } from "./button";
import { CheckIcon, CopyIcon } from "./icons";

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  // Inside an open modal dialog, only the dialog's subtree can take the selection.
  (document.querySelector("dialog[open]") ?? document.body).appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export interface CopyButtonProps extends Omit<ButtonProps, "onClick" | "children"> {
  text: string;
  label?: string;
  /** Called after each attempt, e.g. to explain a failure. */
  onCopied?: (ok: boolean) => void;
}

export function CopyButton({ text, label = "Copy", onCopied, ...props }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <Button
      {...props}
      icon={state === "copied" ? <CheckIcon /> : <CopyIcon />}
      onClick={() => {
        void copyText(text).then((ok) => {
          setState(ok ? "copied" : "failed");
          onCopied?.(ok);
        });
      }}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>
    </Button>
  );
}
