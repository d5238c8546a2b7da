// Every signed-in page: checks the session on the server, then draws the app shell around it.
import { type ReactNode, Suspense } from "react";
import { AppShell } from "~/components/layout/app-shell";
import { SignInRedirect } from "~/components/layout/sign-in-redirect";
import { currentActor } from "~/server/auth/session";
import { sandboxSettings } from "~/server/sandbox/service";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // A layout does not know the page's path, so it cannot build the sign-in link's `next`: each
  // page calls requireActor(itsPath), which redirects on the server before anything is sent
  // (layouts and pages render in parallel, and layouts are not re-run on client navigation).
  // Signed out, the layout never draws its children.
  const actor = await currentActor();
  if (!actor) {
    return (
      <>
        <Suspense>
          <SignInRedirect />
        </Suspense>
        {children}
      </>
    );
  }
  return (
    <AppShell user={actor.user} sandboxIsolated={sandboxSettings().driver !== "local"}>
      {children}
    </AppShell>
  );
}
