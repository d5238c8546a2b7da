import type { Metadata } from "next";
import { AdminOnly } from "~/components/admin/admin-only";
import { WorkspacesAdmin } from "~/components/admin/workspaces-admin";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Workspaces · Administration" };

export default async function AdminWorkspacesPage() {
  const actor = await requireActor("/admin/workspaces");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  return <WorkspacesAdmin />;
}
