import type { Metadata } from "next";
import { ApiKeysContainer } from "~/components/api-keys/api-keys-container";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const actor = await requireActor("/settings/api-keys");
  return <ApiKeysContainer isAdmin={actor.user.role === "ADMIN"} />;
}
