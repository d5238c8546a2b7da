// Toasts: short notes about something that just happened. One polite live region announces them;
// they leave on their own (errors stay longer) and pause while hovered or focused. They sit at the
// bottom right, but never over an element marked `data-toast-avoid` (the terminal and task output
// a toast usually reports on): while one is on screen the region rises above it.
"use client";
import { type CSSProperties, createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
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
  const placement = useAvoidingPlacement(items.length > 0);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section aria-label="Notifications">
        <ol className="toast-region" aria-live="polite" aria-relevant="additions text" style={placement} data-placement={placement ? "avoiding" : "corner"}>
          {items.map((item) => (
            <Toast key={item.id} item={item} onDismiss={dismiss} />
          ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

/** The region's margins (matching .toast-region in globals.css), and the room it needs to sit above something. */
const EDGE = 16;
const REGION_MAX_WIDTH = 380;
const MIN_ROOM_ABOVE = 140;

/**
 * Where the region goes so that it covers no visible `[data-toast-avoid]` element in its column:
 * null for the default corner, else a `bottom` just above the highest such element (or the top of
 * the window when there is no room above it). Measured while toasts show, again when the avoided
 * elements or the window change size (a dragged panel splitter).
 */
function useAvoidingPlacement(active: boolean): CSSProperties | undefined {
  const [placement, setPlacement] = useState<CSSProperties | undefined>(undefined);
  useEffect(() => {
    if (!active) return;
    const place = () => {
      const width = Math.min(REGION_MAX_WIDTH, window.innerWidth - 2 * EDGE);
      const regionLeft = window.innerWidth - EDGE - width;
      let top = Number.POSITIVE_INFINITY;
      for (const el of document.querySelectorAll<HTMLElement>("[data-toast-avoid]")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || r.right <= regionLeft || r.bottom <= 0 || r.top >= window.innerHeight) continue;
        // Only what reaches the region's corner matters: something high up with room below is not in the way.
        if (window.innerHeight - r.bottom > MIN_ROOM_ABOVE) continue;
        top = Math.min(top, r.top);
      }
      const next: CSSProperties | undefined =
        top === Number.POSITIVE_INFINITY ? undefined : top >= MIN_ROOM_ABOVE ? { bottom: window.innerHeight - top + 8, maxHeight: top - 16 } : { top: EDGE, bottom: "auto" };
      setPlacement((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    place();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(place);
    for (const el of document.querySelectorAll<HTMLElement>("[data-toast-avoid]")) observer?.observe(el);
    window.addEventListener("resize", place);
    return () => {
      observer?.disconnect();
      window.removeEventListener("resize", place);
    };
  }, [active]);
  return active ? placement : undefined;
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
