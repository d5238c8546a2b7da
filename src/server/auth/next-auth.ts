// next-auth configuration: email + password through the Credentials provider, JWT sessions.
// Built per call because the secret is decided at boot (runtime), not at import.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { toErrorBody } from "~/server/errors";
import { runtime } from "~/server/runtime";
import { CLIENT_IP_HEADER } from "./client-ip";
import { currentSessionVersion, endSessions, SESSION_VERSION_CLAIM, sessionVersionOf } from "./sign-out";
import { verifyCredentials } from "./users";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function authOptions(): NextAuthOptions {
  return {
    secret: runtime().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = req.headers as Record<string, string | string[] | undefined> | undefined;
          const header = headers?.[CLIENT_IP_HEADER];
          const ip = typeof header === "string" ? header : null;
          try {
            const user = await verifyCredentials({ actor: null, ip, channel: "UI" }, {
              email: credentials?.email ?? "",
              password: credentials?.password ?? "",
            });
            return { id: user.id, email: user.email, name: user.name };
          } catch (error) {
            // next-auth passes only the message to the client; send the typed error as JSON (the
            // one error path's body: a database outage is UNAVAILABLE here too).
            throw new Error(JSON.stringify(toErrorBody(error, "http", "auth.signIn").body));
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          // Sign-out bumps the account's version; cookies carrying an older one stop working.
          token[SESSION_VERSION_CLAIM] = await currentSessionVersion(user.id);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
    events: {
      // next-auth only clears the browser's cookie; this ends it (and its copies) on the server.
      async signOut({ token }) {
        if (token?.sub) await endSessions(token.sub, sessionVersionOf(token));
      },
    },
  };
}
