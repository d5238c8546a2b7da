import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "~/components/auth/auth-card";
import { safeNextPath } from "~/components/auth/safe-next";
import { SignInForm } from "~/components/auth/sign-in-form";
import { currentActor } from "~/server/auth/session";
import { authConfig } from "../auth-config";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  if (await currentActor()) redirect(next);
  const config = await authConfig();
  const signUpHref = next === "/dashboard" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;
  return (
    <AuthCard
      title="Sign in to Atrium"
      subtitle="Shared, sandboxed code workspaces for your team and its agents."
      footer={
        config.signupAllowed && !config.firstUser ? (
          <>
            New to Atrium? <Link href={signUpHref}>Create an account</Link>
          </>
        ) : null
      }
    >
      <SignInForm next={next} signupAllowed={config.signupAllowed} firstUser={config.firstUser} />
    </AuthCard>
  );
}
