import { z } from "zod";
import { env } from "~/env";
import { createUser, ZSignUpInput } from "~/server/auth/users";
import { db } from "~/server/db/client";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** What the sign-in and sign-up pages need to know before anyone signs in. */
  config: publicProcedure.query(async () => {
    const firstUser = (await db().user.count()) === 0;
    return { signupAllowed: env().ATRIUM_ALLOW_SIGNUP || firstUser, firstUser };
  }),

  signUp: publicProcedure
    .input(ZSignUpInput)
    .mutation(({ ctx, input }) => createUser(ctx, input, "signup")),

  /** The caller as Atrium sees it: the user, and the key in use if any. */
  me: authedProcedure("read").query(({ ctx }) => ({
    user: ctx.actor.user,
    apiKey: ctx.actor.apiKey ? { id: ctx.actor.apiKey.id, prefix: ctx.actor.apiKey.prefix, scopes: ctx.actor.apiKey.scopes } : null,
  })),

  /** The session probe the UI uses to decide between the app and the sign-in page. */
  session: publicProcedure.output(z.object({ signedIn: z.boolean() })).query(({ ctx }) => ({ signedIn: ctx.actor !== null })),
});
