// One workspace's page (a placeholder for the IDE): loads the workspace, its root folder and
// its members. The view beside it draws them.
"use client";
import { useQuery } from "@tanstack/react-query";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { type Loadable, WorkspaceView } from "./workspace-view";

function loadable<T>(query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown; isFetching: boolean }): Loadable<T> {
  if (query.isPending) return { status: "loading" };
  if (query.isError || query.data === undefined) return { status: "error", message: appErrorOf(query.error).message, onRetry: () => void query.refetch(), retrying: query.isFetching };
  return { status: "ready", data: query.data };
}

export function WorkspaceContainer({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  const active = workspace.data?.status === "ACTIVE";
  const files = useQuery(trpc.files.list.queryOptions({ workspaceId, path: "" }, { enabled: active }));
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }, { enabled: workspace.isSuccess }));
  return <WorkspaceView workspace={loadable(workspace)} files={loadable(files)} members={loadable(members)} />;
}
