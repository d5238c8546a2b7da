import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { isAppError } from "~/server/errors";
import { limitBody } from "~/server/http/body-limit";

export const dynamic = "force-dynamic";

async function handler(request: Request) {
  let req: Request;
  try {
    req = await limitBody(request);
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The shape tRPC's own errors take (superjson envelope), so clients read it the same way.
    const body = { error: { json: { message: error.message, code: -32600, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: error.httpStatus, app: error.toJSON() } } } };
    return Response.json(body, { status: error.httpStatus });
  }
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
