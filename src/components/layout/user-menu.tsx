// The account menu in the header: who is signed in, links, the theme switch and sign-out.
// Follows the WAI-ARIA menu button pattern: arrows move, Escape closes and returns focus.
"use client";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { Badge } from "~/components/ui/badge";
import { ChevronDownIcon, KeyIcon, LogOutIcon, MoonIcon, ShieldIcon, SunIcon } from "~/components/ui/icons";
import type { ActorUser } from "~/server/auth/types";
import { initials } from "~/components/ui/initials";
import { useTheme } from "./use-theme";

export function UserMenu({ user }: { user: ActorUser }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const anchorRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const { theme, toggle } = useTheme();
  const isAdmin = user.role === "ADMIN";

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!anchorRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") close(false);
  };

  const onSignOut = () => {
    setSigningOut(true);
    void signOut({ callbackUrl: "/sign-in" });
  };

  return (
    <div className="menu-anchor" ref={anchorRef}>
      <button
        ref={triggerRef}
        type="button"
        className="menu-trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Account menu for ${user.name}`}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name, user.email)}
        </span>
        <span className="menu-trigger-label">{user.name}</span>
        <ChevronDownIcon size={14} className="muted" />
      </button>
      {open && (
        <div className="menu" role="menu" id={menuId} aria-label="Account" ref={menuRef} onKeyDown={onMenuKeyDown}>
          <div className="menu-header">
            <span className="avatar avatar-lg" aria-hidden="true">
              {initials(user.name, user.email)}
            </span>
            <div className="menu-user">
              <p className="menu-user-name">
                <span>{user.name}</span>
                {isAdmin && (
                  <Badge tone="accent" title="Instance administrator">
                    Admin
                  </Badge>
                )}
              </p>
              <p className="menu-user-email" title={user.email}>
                {user.email}
              </p>
            </div>
          </div>
          <div className="menu-separator" role="separator" />
          <Link href="/settings/api-keys" className="menu-item" role="menuitem" tabIndex={-1} onClick={() => close(false)}>
            <KeyIcon /> API keys
          </Link>
          {isAdmin && (
            <Link href="/admin" className="menu-item" role="menuitem" tabIndex={-1} onClick={() => close(false)}>
              <ShieldIcon /> Administration
            </Link>
          )}
          <button
            type="button"
            className="menu-item"
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              // A menu item is an action: done, the menu goes (focus back on its button, as Escape does).
              toggle();
              close(true);
            }}
          >
            {theme === "dark" ? <SunIcon /> : <MoonIcon />}
            {theme === "dark" ? "Light theme" : "Dark theme"}
          </button>
          <div className="menu-separator" role="separator" />
          <button type="button" className="menu-item" role="menuitem" tabIndex={-1} onClick={onSignOut} disabled={signingOut}>
            <LogOutIcon /> {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      )}
    </div>
  );
}
