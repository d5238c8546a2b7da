import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AdminOnly } from "~/components/admin/admin-only";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminIndexPage() {
  const actor = await requireActor("/admin");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  redirect("/admin/users");
}
