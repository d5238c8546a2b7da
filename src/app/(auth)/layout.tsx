import type { ReactNode } from "react";
import { ThemeToggle } from "~/components/layout/theme-toggle";
import { Wordmark } from "~/components/layout/wordmark";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="auth-layout">
      <div className="auth-corner">
        <ThemeToggle />
      </div>
      <Wordmark href="/sign-in" />
      {children}
    </main>
  );
}
