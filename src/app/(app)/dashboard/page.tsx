import type { Metadata } from "next";
import { DashboardContainer } from "~/components/dashboard/dashboard-container";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Workspaces" };

export default async function DashboardPage() {
  const actor = await requireActor("/dashboard");
  return <DashboardContainer userName={actor.user.name} isAdmin={actor.user.role === "ADMIN"} />;
}
