import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () =>
      createContext({
        authorization: req.headers.get("authorization"),
        cookie: req.headers.get("cookie"),
        ip: req.headers.get(CLIENT_IP_HEADER) || null,
        channel: req.headers.get("authorization") ? "API" : "UI",
      }),
    responseMeta({ errors }) {
      const retryAfter = errors
        .map((e) => (e.cause as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds)
        .find((s): s is number => typeof s === "number");
      return retryAfter ? { headers: new Headers({ "retry-after": String(retryAfter) }) } : {};
    },
  });
}

export { handler as GET, handler as POST };
