// The workspace IDE's container: loads the workspace, opens the live connection, joins the
// workspace's room, loads the person's saved layout and provides all of it to the panels.
"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { useSocket } from "~/components/realtime/use-socket";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { ArrowRightIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import type { ActorUser } from "~/server/auth/types";
import { appErrorOf, useTRPC } from "~/trpc/react";
import type { Workspace } from "~/components/workspaces/types";
import { CommandsProvider } from "./commands/commands-context";
import { EditorTabsContext, useEditorTabs } from "./editor/use-editor-tabs";
import { IdeContext, type IdeContextValue } from "./ide-context";
import { IdeLayout } from "./ide-layout";
import { useLiveUsage } from "./use-live-usage";
import { useWorkspaceRoom } from "./use-workspace-room";
import "./ide.css";

export function WorkspaceIde({ workspaceId, user }: { workspaceId: string; user: ActorUser }) {
  const trpc = useTRPC();
  // The size meter follows writes live (workspace:usage, use-live-usage.ts); this poll is the backstop for settings changed elsewhere.
  const workspace = useQuery(trpc.workspaces.get.queryOptions({ workspaceId }, { refetchInterval: 60_000 }));

  if (workspace.isPending) {
    return (
      <div className="ide-loading" role="status" aria-label="Loading the workspace">
        <Skeleton width={240} height={24} />
        <Skeleton height={400} radius={12} />
      </div>
    );
  }
  // A failed background refetch (a network blip) keeps the open IDE and its unsaved edits.
  if (workspace.isLoadingError) {
    const error = appErrorOf(workspace.error);
    return (
      <div className="ide-message">
        <LoadFailed title="This workspace could not be opened" message={error.message} onRetry={() => void workspace.refetch()} retrying={workspace.isFetching} />
        <Link href="/dashboard" className="back-link">
          ← All workspaces
        </Link>
      </div>
    );
  }
  if (workspace.data.status === "ARCHIVED") {
    return (
      <div className="ide-message">
        <EmptyState
          title={`${workspace.data.name} is archived`}
          description="Its files are packed in an archive. An owner can unarchive it from the dashboard to open it here again."
          actions={
            <Link href="/dashboard" className="btn btn-secondary">
              Go to the dashboard <ArrowRightIcon />
            </Link>
          }
        />
      </div>
    );
  }
  return <LiveIde workspace={workspace.data} user={user} />;
}

function LiveIde({ workspace, user }: { workspace: Workspace; user: ActorUser }) {
  const tabs = useEditorTabs(workspace.id);
  const { socket, status } = useSocket();
  const { presence } = useWorkspaceRoom(socket, workspace.id, tabs.activePath);
  const trpc = useTRPC();
  // The person's saved layout (tabs, panel sizes, side view) decides the first render: panel
  // sizes are read once when the panels mount. A failure opens the default layout.
  const layout = useQuery({ ...trpc.layout.get.queryOptions({ workspaceId: workspace.id }), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  useLiveUsage(socket, workspace.id);
  const isAdmin = user.role === "ADMIN";
  const role = workspace.role ?? null;

  const value = useMemo<IdeContextValue>(
    () => ({
      workspace,
      workspaceId: workspace.id,
      role,
      isAdmin,
      canWrite: isAdmin || role === "owner" || role === "editor",
      canManage: isAdmin || role === "owner",
      currentUser: { id: user.id, name: user.name, email: user.email },
      socket,
      connection: status,
      presence,
      openFile: tabs.openFile,
      activePath: tabs.activePath,
    }),
    [workspace, role, isAdmin, user.id, user.name, user.email, socket, status, presence, tabs.openFile, tabs.activePath],
  );

  if (layout.isPending) {
    return (
      <div className="ide-loading" role="status" aria-label="Loading the workspace">
        <Skeleton width={240} height={24} />
        <Skeleton height={400} radius={12} />
      </div>
    );
  }
  return (
    <IdeContext.Provider value={value}>
      <EditorTabsContext.Provider value={tabs}>
        <CommandsProvider>
          <IdeLayout tabs={tabs} saved={layout.data?.state ?? null} />
        </CommandsProvider>
      </EditorTabsContext.Provider>
    </IdeContext.Provider>
  );
}
