// The frame of every signed-in page: header (wordmark, navigation, account menu) and main area.
"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { GridIcon, KeyIcon, ShieldIcon } from "~/components/ui/icons";
import { ToastProvider } from "~/components/ui/toast";
import type { ActorUser } from "~/server/auth/types";
import { UserMenu } from "./user-menu";
import { Wordmark } from "./wordmark";

const NAV = [
  { href: "/dashboard", label: "Dashboard", icon: <GridIcon /> },
  { href: "/settings/api-keys", label: "API keys", icon: <KeyIcon /> },
] as const;

// Only administrators see the admin area in the navigation (the pages refuse everyone else too).
const ADMIN_NAV = { href: "/admin", label: "Administration", icon: <ShieldIcon /> } as const;

export function AppShell({ user, sandboxIsolated = true, children }: { user: ActorUser; sandboxIsolated?: boolean; children: ReactNode }) {
  const pathname = usePathname();
  const ide = /^\/workspaces\/[^/]+\/?$/.test(pathname);
  return (
    <ToastProvider>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className={ide ? "app-header app-header-wide" : "app-header"}>
        <div className="app-header-inner">
          <Wordmark />
          <nav className="app-nav" aria-label="Main">
            {[...NAV, ...(user.role === "ADMIN" ? [ADMIN_NAV] : [])].map((item) => {
              const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <Link key={item.href} href={item.href} className="nav-link" aria-current={current ? "page" : undefined}>
                  {item.icon}
                  {item.label}
                </Link>
              );
            })}
          </nav>
          <div className="app-header-end">
            {user.role === "ADMIN" && (
              <Badge tone="accent" className="hide-sm" title="You are an administrator of this Atrium instance">
                Admin
              </Badge>
            )}
            <UserMenu user={user} />
          </div>
        </div>
      </header>
      {/* The workspace IDE uses the whole window, header included, as an editor does. */}
      <main id="main" className={ide ? "app-main app-main-ide" : "app-main"} tabIndex={-1}>
        {!sandboxIsolated && (
          <div className="alert alert-warning sandbox-warning" role="status" data-testid="sandbox-not-isolated">
            <div>
              <div className="alert-title">Commands are not isolated on this Atrium</div>
              It runs terminals and commands directly on its server (ATRIUM_SANDBOX_DRIVER=local), with resource limits but without containers.
              Anything you run can read what Atrium&apos;s user can read. Ask your administrator to use Docker for real sandboxes.
            </div>
          </div>
        )}
        {children}
      </main>
    </ToastProvider>
  );
}
