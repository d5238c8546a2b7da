import type { Metadata } from "next";
import { AdminOnly } from "~/components/admin/admin-only";
import { AuditAdmin } from "~/components/admin/audit-admin";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Audit log · Administration" };

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[] }> }) {
  const actor = await requireActor("/admin/audit");
  if (actor.user.role !== "ADMIN") return <AdminOnly />;
  const { reason } = await searchParams;
  return <AuditAdmin initialReason={typeof reason === "string" ? reason.slice(0, 100) : undefined} />;
}
