import type { Metadata } from "next";
import { Wordmark } from "~/components/layout/wordmark";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { AlertCircleIcon } from "~/components/ui/icons";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="auth-layout">
      <Wordmark />
      <div style={{ width: "min(520px, 100%)" }}>
        <EmptyState
          icon={<AlertCircleIcon size={20} />}
          title="This page does not exist"
          description="The link may be old, or the address mistyped. Go back to your dashboard to find your way."
          actions={
            <ButtonLink href="/dashboard" variant="primary">
              Go to the dashboard
            </ButtonLink>
          }
        />
      </div>
    </main>
  );
}
