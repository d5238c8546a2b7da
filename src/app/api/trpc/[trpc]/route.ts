import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { type AppError, isAppError } from "~/server/errors";
import { limitBody } from "~/server/http/body-limit";
import { headersOf, refuseCrossSite } from "~/server/http/origin";

export const dynamic = "force-dynamic";

/** The shape tRPC's own errors take (superjson envelope), so clients read it the same way. */
function errorEnvelope(error: AppError, trpcCode: string): Response {
  const body = { error: { json: { message: error.message, code: -32600, data: { code: trpcCode, httpStatus: error.httpStatus, app: error.toJSON() } } } };
  return Response.json(body, { status: error.httpStatus });
}

async function handler(request: Request) {
  if (request.method === "POST") {
    // Mutations signed in by cookie must come from Atrium's own pages (a bearer key is not ambient).
    const procedures = new URL(request.url).pathname.replace(/^\/api\/trpc\/?/, "");
    const refusal = await refuseCrossSite(headersOf(request), { ip: request.headers.get(CLIENT_IP_HEADER) || null, channel: "UI" }, procedures.slice(0, 200) || "trpc");
    if (refusal) return errorEnvelope(refusal, "FORBIDDEN");
  }
  let req: Request;
  try {
    req = await limitBody(request);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return errorEnvelope(error, "PAYLOAD_TOO_LARGE");
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
