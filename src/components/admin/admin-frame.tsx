// The admin area's frame: a title, a line on what the page is for, and tabs between the pages.
"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import "./admin.css";

export const ADMIN_PAGES = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/workspaces", label: "Workspaces" },
  { href: "/admin/sessions", label: "Sessions" },
  { href: "/admin/shared-folders", label: "Shared folders" },
  { href: "/admin/sandbox", label: "Sandbox" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

export function AdminFrame({ title, description, actions, children }: { title: string; description: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  return (
    <div className="admin-page">
      <nav className="admin-tabs" aria-label="Administration">
        {ADMIN_PAGES.map((p) => (
          <Link key={p.href} href={p.href} className="admin-tab" aria-current={pathname === p.href ? "page" : undefined}>
            {p.label}
          </Link>
        ))}
      </nav>
      <div className="page-header">
        <div>
          <h1 className="page-title">{title}</h1>
          <p className="page-description">{description}</p>
        </div>
        {actions}
      </div>
      {children}
    </div>
  );
}
