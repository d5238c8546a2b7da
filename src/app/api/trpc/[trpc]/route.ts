import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createContext, toTRPCError } from "~/server/api/trpc";
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { toErrorBody } from "~/server/errors";
import { limitBody } from "~/server/http/body-limit";
import { headersOf, refuseCrossSite } from "~/server/http/origin";

export const dynamic = "force-dynamic";

/** A refusal before tRPC runs, in the shape tRPC's own errors take (superjson envelope), through the one error path. */
function errorEnvelope(error: unknown, where: string): Response {
  const answer = toErrorBody(error, "trpc", where);
  const data = { code: toTRPCError(answer.error).code, httpStatus: answer.status, app: answer.body };
  return Response.json({ error: { json: { message: answer.body.message, code: -32600, data } } }, { status: answer.status, headers: answer.headers });
}

async function handler(request: Request) {
  let req: Request;
  try {
    if (request.method === "POST") {
      // Mutations signed in by cookie must come from Atrium's own pages (a bearer key is not ambient).
      const procedures = new URL(request.url).pathname.replace(/^\/api\/trpc\/?/, "");
      const refusal = await refuseCrossSite(headersOf(request), { ip: request.headers.get(CLIENT_IP_HEADER) || null, channel: "UI" }, procedures.slice(0, 200) || "trpc");
      if (refusal) return errorEnvelope(refusal, "origin");
    }
    req = await limitBody(request);
  } catch (error) {
    // Auditing a refusal or reading the body failed (e.g. the database is down): still a typed answer.
    return errorEnvelope(error, "request");
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
