import NextAuth from "next-auth";
import { authOptions } from "~/server/auth/next-auth";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };
type RouteHandler = (req: Request, context: RouteContext, options: ReturnType<typeof authOptions>) => Promise<Response>;

// Options are built per request: the secret is decided at boot, after this module may have loaded.
function handler(req: Request, context: RouteContext): Promise<Response> {
  return (NextAuth as unknown as RouteHandler)(req, context, authOptions());
}

export { handler as GET, handler as POST };
