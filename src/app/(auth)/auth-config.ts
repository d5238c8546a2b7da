// What the sign-in and sign-up pages need before anyone signs in, through the same `auth.config`
// procedure the API serves, called in-process so the page renders complete (no loading flash).
// Only the auth router is loaded, so the sign-in page does not depend on every other router.
import "server-only";
import { authRouter } from "~/server/api/routers/auth";
import { createCallerFactory, createContext } from "~/server/api/trpc";

const createAuthCaller = createCallerFactory(authRouter);

export async function authConfig(): Promise<{ signupAllowed: boolean; firstUser: boolean }> {
  const caller = createAuthCaller(await createContext({ authorization: null, cookie: null, ip: null, channel: "UI" }));
  return caller.config();
}
