import type { Metadata } from "next";
import { WorkspaceContainer } from "~/components/workspaces/workspace-container";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Workspace" };

export default async function WorkspacePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  await requireActor(`/workspaces/${encodeURIComponent(workspaceId)}`);
  return <WorkspaceContainer workspaceId={workspaceId} />;
}
