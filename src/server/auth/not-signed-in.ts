// The one answer to a call without a caller, on every door. It names where keys are made as the
// navigation names it ("API keys", /settings/api-keys), so a newcomer can find the page.
import { AppError } from "~/server/errors";

export const API_KEYS_PAGE_PATH = "/settings/api-keys";

/** Where a key comes from, as the header's navigation names it. */
export const CREATE_KEY_HINT = `Create one on the API keys page (${API_KEYS_PAGE_PATH}).`;

/** How each door takes credentials: agents' doors take only keys, the others a session too. */
const HOW: Record<"trpc" | "rest" | "mcp" | "socket", string> = {
  trpc: "Sign in, or send an API key as `Authorization: Bearer atr_…`.",
  rest: "Send an API key as `Authorization: Bearer atr_…`.",
  mcp: "Send an API key as `Authorization: Bearer atr_…`.",
  socket: "Sign in, or connect with an API key in `auth.token`.",
};

export function notSignedInMessage(door: keyof typeof HOW): string {
  return `${HOW[door]} ${CREATE_KEY_HINT}`;
}

export function notSignedIn(door: keyof typeof HOW): AppError {
  return new AppError("UNAUTHORIZED", { message: notSignedInMessage(door), reason: "not_signed_in" });
}
