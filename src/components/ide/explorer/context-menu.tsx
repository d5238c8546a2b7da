// A small context menu (role=menu) at the pointer or under a row: arrow keys move, Enter picks,
// Escape or a click elsewhere closes. Items that cannot be used stay visible, say why on hover,
// and do nothing, so people learn what exists and what stops them.
"use client";
import { useEffect, useRef } from "react";

export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** Why it cannot be used (shown on hover); the item is disabled when set. */
  disabledReason?: string | null;
  danger?: boolean;
  shortcut?: string;
  separatorBefore?: boolean;
}

export function ContextMenu({ x, y, label, items, onClose }: { x: number; y: number; label: string; items: MenuItem[]; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const menu = ref.current;
    menu?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (event: MouseEvent) => {
      if (menu && !menu.contains(event.target as Node)) onClose();
    };
    const scroll = () => onClose();
    window.addEventListener("mousedown", away, true);
    window.addEventListener("blur", scroll);
    window.addEventListener("resize", scroll);
    return () => {
      window.removeEventListener("mousedown", away, true);
      window.removeEventListener("blur", scroll);
      window.removeEventListener("resize", scroll);
    };
  }, [onClose]);

  // Keep it on screen near the bottom/right edges.
  const left = typeof window === "undefined" ? x : Math.min(x, window.innerWidth - 230);
  const top = typeof window === "undefined" ? y : Math.min(y, window.innerHeight - items.length * 30 - 16);

  const move = (delta: number) => {
    const all = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = all.indexOf(document.activeElement as HTMLElement);
    all[(i + delta + all.length) % all.length]?.focus();
  };

  return (
    <div
      ref={ref}
      className="ide-menu"
      role="menu"
      aria-label={label}
      style={{ left, top }}
      onKeyDown={(event) => {
        if (event.key === "ArrowDown") move(1);
        else if (event.key === "ArrowUp") move(-1);
        else if (event.key === "Escape" || event.key === "Tab") onClose();
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <div key={item.label} role="none">
          {item.separatorBefore && <div className="ide-menu-separator" role="separator" />}
          <button
            type="button"
            role="menuitem"
            className="ide-menu-item"
            data-danger={item.danger || undefined}
            aria-disabled={item.disabledReason ? true : undefined}
            title={item.disabledReason ?? undefined}
            tabIndex={-1}
            onClick={() => {
              if (item.disabledReason) return;
              onClose();
              item.onSelect();
            }}
          >
            <span>{item.label}</span>
            {item.shortcut && <kbd className="ide-menu-shortcut">{item.shortcut}</kbd>}
          </button>
        </div>
      ))}
    </div>
  );
}
