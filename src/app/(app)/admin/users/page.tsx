import type { Metadata } from "next";
import { AdminOnly } from "~/components/admin/admin-only";
import { UsersAdmin } from "~/components/admin/users-admin";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Users · Administration" };

export default async function AdminUsersPage() {
  const actor = await requireActor("/admin/users");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  return <UsersAdmin currentUserId={actor.user.id} />;
}
