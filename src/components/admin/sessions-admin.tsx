// Admin → Sessions: every sandbox session running on the instance, whose it is and where, with a
// Kill button (stops the container and removes the session; the workspace's files stay).
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { RefreshIcon, TerminalIcon } from "~/components/ui/icons";
import { RelativeTime } from "~/components/ui/time";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { AdminFrame } from "./admin-frame";
import { TableSkeleton } from "~/components/ui/table-skeleton";

type AdminSession = RouterOutputs["admin"]["sessions"][number];

export function SessionsAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [includeStopped, setIncludeStopped] = useState(false);
  const sessions = useQuery({ ...trpc.admin.sessions.queryOptions({ includeStopped }), refetchInterval: 15_000 });
  const [killing, setKilling] = useState<AdminSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.sessions.pathKey() });

  const kill = useMutation(
    trpc.admin.killSession.mutationOptions({
      onSuccess: () => {
        toast({ title: "Session killed", description: `${killing?.user.name ?? "The"}'s sandbox in “${killing?.workspace.name ?? "the workspace"}” is stopped and removed. Their files are untouched.` });
        setKilling(null);
        void invalidate();
      },
      onError: (e) => {
        setError(appErrorOf(e).message);
        void invalidate();
      },
    }),
  );

  return (
    <AdminFrame
      title="Sessions"
      description="Sandbox sessions across the instance: one container each, with the workspace's files mounted. Killing one ends its terminals and commands at once."
      actions={
        <Button icon={<RefreshIcon />} onClick={() => void sessions.refetch()} loading={sessions.isFetching && !sessions.isPending}>
          Refresh
        </Button>
      }
    >
      <div className="admin-toolbar">
        <label className="switch">
          <input type="checkbox" checked={includeStopped} onChange={(e) => setIncludeStopped(e.currentTarget.checked)} />
          <span>Show stopped sessions</span>
        </label>
      </div>
      {sessions.isPending && <TableSkeleton columns={6} />}
      {sessions.isError && <LoadFailed title="Sessions could not be loaded" message={appErrorOf(sessions.error).message} onRetry={() => void sessions.refetch()} retrying={sessions.isFetching} />}
      {sessions.data && sessions.data.length === 0 && (
        <EmptyState
          icon={<TerminalIcon size={20} />}
          title="No sandbox sessions running"
          description="Sessions start when someone opens a terminal, runs a command or a task in a workspace. They stop on their own after a while without activity."
        />
      )}
      {sessions.data && sessions.data.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Sandbox sessions">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Workspace</th>
                <th scope="col">Preset</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Last active</th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => {
                const live = s.status === "RUNNING" || s.status === "STARTING";
                return (
                  <tr key={s.id} data-inactive={!live || undefined} data-testid="admin-session-row">
                    <th scope="row" className="cell-primary">
                      {s.user.name}
                      <span className="admin-cell-sub">{s.user.email}</span>
                    </th>
                    <td>
                      <Link href={`/workspaces/${s.workspace.id}`} className="workspace-link">
                        {s.workspace.name}
                      </Link>
                      <span className="admin-cell-sub mono" title={s.image}>
                        {s.image}
                      </span>
                    </td>
                    <td>
                      <Badge mono>{s.preset}</Badge> {s.ephemeral && <Badge title="Scratch space, not the workspace's files">Ephemeral</Badge>}
                      {!s.isolated && (
                        <Badge tone="warning" title="Runs on the server without a container">
                          Not isolated
                        </Badge>
                      )}
                    </td>
                    <td>
                      <Badge tone={s.status === "RUNNING" ? "success" : s.status === "STARTING" ? "accent" : s.status === "FAILED" ? "danger" : "neutral"} dot>
                        {s.status.charAt(0) + s.status.slice(1).toLowerCase()}
                      </Badge>
                      {s.stopReason && <span className="admin-cell-sub">{s.stopReason}</span>}
                    </td>
                    <td className="cell-nowrap">
                      <RelativeTime date={s.startedAt ?? s.createdAt} />
                    </td>
                    <td className="cell-nowrap">
                      <RelativeTime date={s.lastActiveAt} />
                    </td>
                    <td className="cell-actions">
                      <Button
                        variant="danger-ghost"
                        size="sm"
                        aria-label={`Kill ${s.user.name}'s session in ${s.workspace.name}`}
                        onClick={() => {
                          setError(null);
                          setKilling(s);
                        }}
                      >
                        {live ? "Kill" : "Remove"}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={killing !== null}
        onClose={() => setKilling(null)}
        pending={kill.isPending}
        title={killing ? `Kill ${killing.user.name}'s session?` : "Kill session?"}
        description={
          killing
            ? `The container in “${killing.workspace.name}” is stopped and removed: its terminals close and running commands end. Files in the workspace stay; they can start a new session.`
            : null
        }
        confirmLabel="Kill session"
        onConfirm={() => killing && kill.mutate({ sessionId: killing.id })}
        error={error}
      />
    </AdminFrame>
  );
}
