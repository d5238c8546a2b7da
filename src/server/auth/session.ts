// The signed-in person for server components and layouts (cookies from next/headers).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { resolveIdentity } from "./identity";
import type { Actor } from "./types";

export async function currentActor(): Promise<Actor | null> {
  const cookieStore = await cookies();
  const cookie = cookieStore.getAll().map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join("; ");
  return resolveIdentity({ cookie }).catch(() => null);
}

/** For pages that need a signed-in person: sends everyone else to the sign-in page. */
export async function requireActor(next: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return actor;
}
