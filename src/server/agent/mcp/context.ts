// Each HTTP request to /api/mcp resolves its caller once (key or session cookie, channel MCP) and
// hands that context to the tool handlers through the SDK's `authInfo`, so a key revoked in the
// middle of a session stops working at its next request.
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Context } from "~/server/api/trpc";
import { notSignedIn } from "~/server/auth/not-signed-in";
import type { Actor } from "~/server/auth/types";

const CONTEXT_KEY = "atriumContext";

export type ActorContext = Context & { actor: Actor };

export function authInfoFor(ctx: ActorContext): AuthInfo {
  const key = ctx.actor.apiKey;
  return {
    token: key ? key.prefix : "session",
    clientId: key ? key.id : ctx.actor.user.id,
    scopes: key ? key.scopes : ["read", "write", "exec"],
    extra: { [CONTEXT_KEY]: ctx },
  };
}

export function contextOf(extra: { authInfo?: AuthInfo }): ActorContext {
  const ctx = extra.authInfo?.extra?.[CONTEXT_KEY] as ActorContext | undefined;
  if (!ctx?.actor) throw notSignedIn("mcp");
  return ctx;
}
