import type { Metadata } from "next";
import { WorkspaceIde } from "~/components/ide/workspace-ide";
import { requireActor } from "~/server/auth/session";

export const metadata: Metadata = { title: "Workspace" };

export default async function WorkspacePage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const actor = await requireActor(`/workspaces/${encodeURIComponent(workspaceId)}`);
  return <WorkspaceIde workspaceId={workspaceId} user={actor.user} />;
}
