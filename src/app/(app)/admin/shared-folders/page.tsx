import type { Metadata } from "next";
import { AdminOnly } from "~/components/admin/admin-only";
import { SharedFoldersAdmin } from "~/components/admin/shared-folders-admin";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Shared folders · Administration" };

export default async function AdminSharedFoldersPage() {
  const actor = await requireActor("/admin/shared-folders");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  return <SharedFoldersAdmin />;
}
