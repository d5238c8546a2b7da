// Keys pinned to workspaces see and create nothing outside their pins: the one refusal, shared by
// the tRPC tier (`requireUnpinnedKey`), the import door and the code that adopts a new workspace.
import * as audit from "~/server/audit/audit";
import { AppError } from "~/server/errors";
import { type Actor, isPinned, type RequestContext } from "./types";

/** Throws FORBIDDEN `api_key_pinned` (audited) when the caller is a key pinned to workspaces. */
export async function assertUnpinned(ctx: RequestContext & { actor: Actor }, action: string, what: string): Promise<void> {
  if (!isPinned(ctx.actor)) return;
  await audit.denied(ctx, { action, reason: "api_key_pinned", permission: "admin", details: { workspaceIds: ctx.actor.apiKey?.workspaceIds ?? [] } });
  throw new AppError("FORBIDDEN", {
    message: `This API key is limited to some workspaces, so it cannot ${what}. Use a key that is not limited to workspaces, or sign in.`,
    reason: "api_key_pinned",
  });
}
