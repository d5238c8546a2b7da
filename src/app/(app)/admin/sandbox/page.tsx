import type { Metadata } from "next";
import { AdminOnly } from "~/components/admin/admin-only";
import { SandboxAdmin } from "~/components/admin/sandbox-admin";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Sandbox · Administration" };

export default async function AdminSandboxPage() {
  const actor = await requireActor("/admin/sandbox");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  return <SandboxAdmin />;
}
