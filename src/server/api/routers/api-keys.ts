import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey, ZCreateApiKeyInput } from "~/server/auth/api-keys";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const apiKeysRouter = createTRPCRouter({
  list: authedProcedure("read").query(({ ctx }) => listApiKeys(ctx.actor)),
  /** Returns the key in clear exactly once; only its hash is stored. Keys need `admin` to mint keys. */
  create: authedProcedure("admin").input(ZCreateApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx, input)),
  revoke: authedProcedure("admin").input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => revokeApiKey(ctx, input.id)),
});
