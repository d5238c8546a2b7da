// Toasts: short notes about something that just happened. One polite live region announces them;
// they leave on their own (errors stay longer) and pause while hovered or focused.
"use client";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "./button";
import { AlertCircleIcon, CheckCircleIcon, InfoIcon, XIcon } from "./icons";

export type ToastTone = "success" | "error" | "info";

export interface ToastInput {
  title: string;
  description?: string;
  tone?: ToastTone;
}

interface ToastItem extends Required<Omit<ToastInput, "description">> {
  id: number;
  description?: string;
}

interface ToastApi {
  toast: (input: ToastInput) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

const DURATION: Record<ToastTone, number> = { success: 5000, info: 5000, error: 9000 };

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((t) => t.id !== id)), []);
  const toast = useCallback((input: ToastInput) => {
    const item: ToastItem = { id: nextId.current++, title: input.title, description: input.description, tone: input.tone ?? "success" };
    setItems((list) => [...list.slice(-3), item]);
  }, []);
  const api = useMemo(() => ({ toast }), [toast]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section aria-label="Notifications">
        <ol className="toast-region" aria-live="polite" aria-relevant="additions text">
          {items.map((item) => (
            <Toast key={item.id} item={item} onDismiss={dismiss} />
          ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

function Toast({ item, onDismiss }: { item: ToastItem; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(item.id), DURATION[item.tone]);
    return () => clearTimeout(timer);
  }, [paused, item.id, item.tone, onDismiss]);

  const icon = item.tone === "error" ? <AlertCircleIcon /> : item.tone === "info" ? <InfoIcon /> : <CheckCircleIcon />;
  return (
    <li
      className="toast"
      data-tone={item.tone}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="toast-icon">{icon}</span>
      <div>
        <p className="toast-title">{item.title}</p>
        {item.description && <p className="toast-description">{item.description}</p>}
      </div>
      <Button variant="ghost" size="sm" iconOnly className="toast-close" aria-label="Dismiss notification" onClick={() => onDismiss(item.id)}>
        <XIcon size={14} />
      </Button>
    </li>
  );
}

/** `toast({ title, description, tone })` from anywhere under a ToastProvider. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a <ToastProvider> above it.");
  return api;
}
