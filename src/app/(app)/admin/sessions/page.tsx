import type { Metadata } from "next";
import { AdminOnly } from "~/components/admin/admin-only";
import { SessionsAdmin } from "~/components/admin/sessions-admin";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Sessions · Administration" };

export default async function AdminSessionsPage() {
  const actor = await requireActor("/admin/sessions");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  return <SessionsAdmin />;
}
