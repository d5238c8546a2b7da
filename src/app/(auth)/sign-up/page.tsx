import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "~/components/auth/auth-card";
import { safeNextPath } from "~/components/auth/safe-next";
import { SignUpForm } from "~/components/auth/sign-up-form";
import { Alert } from "~/components/ui/alert";
import { ButtonLink } from "~/components/ui/button";
import { currentActor } from "~/server/auth/session";
import { authConfig } from "../auth-config";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  if (await currentActor()) redirect(next);
  const config = await authConfig();
  const signInHref = next === "/dashboard" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  if (!config.signupAllowed) {
    return (
      <AuthCard title="Sign-up is turned off">
        <div className="stack">
          <Alert tone="info">This Atrium does not accept new accounts. Ask an administrator to create one for you.</Alert>
          <ButtonLink href={signInHref} variant="secondary" block>
            Back to sign in
          </ButtonLink>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={config.firstUser ? "Set up Atrium" : "Create your account"}
      subtitle={config.firstUser ? "Create the administrator account for this instance." : "Join your team's workspaces."}
      footer={
        config.firstUser ? null : (
          <>
            Already have an account? <Link href={signInHref}>Sign in</Link>
          </>
        )
      }
    >
      <SignUpForm next={next} firstUser={config.firstUser} />
    </AuthCard>
  );
}
