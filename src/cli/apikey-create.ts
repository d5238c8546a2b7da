// `atrium apikey create`: mints a key as its user would (actor = that user, channel CLI), so the
// admin-scope rule and the audit log apply exactly as in the UI. Only the key goes to stdout.
import { createApiKey } from "~/server/auth/api-keys";
import { toActorUser } from "~/server/auth/users";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import type { ApiKeyCreateArgs } from "./args";
import { withCore } from "./core";
import { defaultKeyName } from "./format";
import type { Io } from "./io";

export async function apikeyCreate(args: ApiKeyCreateArgs, io: Io): Promise<number> {
  return withCore(io, {}, async () => {
    const row = await db().user.findUnique({ where: { email: args.user } });
    if (!row) {
      throw new AppError("NOT_FOUND", {
        message: `no account has the email ${args.user}; create it first with \`atrium user create --email ${args.user} --password -\``,
        reason: "user_not_found",
      });
    }
    if (row.disabledAt) {
      throw new AppError("FORBIDDEN", { message: `the account ${args.user} is disabled; enable it before creating keys for it`, reason: "user_disabled" });
    }
    const { key, apiKey } = await createApiKey(
      { actor: { user: toActorUser(row), apiKey: null }, ip: null, channel: "CLI" },
      { name: args.name ?? defaultKeyName(new Date()), scopes: args.scopes, ...(args.expiresDays ? { expiresInDays: args.expiresDays } : {}) },
    );
    io.out(key);
    const expiry = apiKey.expiresAt ? `expires ${apiKey.expiresAt.toISOString().slice(0, 10)}` : "never expires";
    io.err(
      `created API key ${apiKey.prefix}… "${apiKey.name}" for ${row.email} (scopes ${apiKey.scopes.join(",")}, ${expiry}). ` +
        "Store it now: it will not be shown again.",
    );
    return 0;
  });
}
