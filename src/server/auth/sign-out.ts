// Sign-out that ends the session on the server, not only in the browser. Session cookies are
// stateless JWTs, so each carries the account's session version (`sv`); resolveIdentity refuses a
// cookie whose version is not the current one. Signing out bumps the version, which ends every
// cookie issued before (all of that person's browsers: a version, not a session table), and closes
// their open sockets in every process. Disabling an account bumps it too (admin-users).
import { db } from "~/server/db/client";
import { publishIdentityChange } from "./identity-events";

/** The claim in the next-auth JWT that holds the session version. */
export const SESSION_VERSION_CLAIM = "sv";

/** Reads the version a new session cookie must carry. */
export async function currentSessionVersion(userId: string): Promise<number> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? 0;
}

/** The version a decoded JWT carries; cookies from before versions existed count as 0. */
export function sessionVersionOf(token: Record<string, unknown>): number {
  const v = token[SESSION_VERSION_CLAIM];
  return typeof v === "number" && Number.isInteger(v) ? v : 0;
}

/**
 * Ends every session cookie of `userId` that carries `version`. Only a cookie that is still valid
 * can do this: a stale, already-ended cookie must not be able to sign the person out of the
 * sessions they opened since. Returns whether anything ended.
 */
export async function endSessions(userId: string, version: number): Promise<boolean> {
  const bumped = await db().user.updateMany({ where: { id: userId, sessionVersion: version }, data: { sessionVersion: { increment: 1 } } });
  if (bumped.count === 0) return false;
  await publishIdentityChange({ reason: "signed_out", userId });
  return true;
}
