import type { Metadata } from "next";
import { DashboardView } from "~/components/dashboard/dashboard-view";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Workspaces" };

export default async function DashboardPage() {
  const actor = await requireActor("/dashboard");
  return <DashboardView userName={actor.user.name} isAdmin={actor.user.role === "ADMIN"} />;
}
