// Admin → Users: every account with its role, status and what it holds; disable/enable and
// make/remove admin. The server refuses disabling yourself and demoting the last active admin;
// the buttons say so up front, and a refusal still lands in a toast that says what to do.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/field";
import { TableSkeleton } from "~/components/ui/table-skeleton";
import { DateOnly } from "~/components/ui/time";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { AdminFrame } from "./admin-frame";

type AdminUser = RouterOutputs["admin"]["users"][number];
type Pending = { user: AdminUser; action: "disable" | "enable" | "make-admin" | "remove-admin" };

const CONFIRM: Record<Pending["action"], { title: (u: AdminUser) => string; body: (u: AdminUser) => string; button: string; danger: boolean }> = {
  disable: {
    title: (u) => `Disable ${u.name}?`,
    body: (u) =>
      `${u.email} is signed out everywhere at once: their sessions, API keys (${u.activeApiKeyCount} active) and running sandboxes (${u.runningSessionCount}) stop working. Their workspaces and files stay. You can enable the account again later.`,
    button: "Disable account",
    danger: true,
  },
  enable: { title: (u) => `Enable ${u.name}?`, body: (u) => `${u.email} can sign in again, and their unrevoked API keys work again.`, button: "Enable account", danger: false },
  "make-admin": {
    title: (u) => `Make ${u.name} an administrator?`,
    body: () => "Administrators see and manage every user, workspace and session on this instance, and read the audit log.",
    button: "Make admin",
    danger: false,
  },
  "remove-admin": {
    title: (u) => `Remove ${u.name}'s admin role?`,
    body: () => "They keep their account and workspaces, but lose the admin area and access to other people's workspaces.",
    button: "Remove admin",
    danger: true,
  },
};

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const users = useQuery(trpc.admin.users.queryOptions());
  const [search, setSearch] = useState("");
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });

  const done = (title: string, description: string) => {
    setPending(null);
    toast({ title, description });
    void invalidate();
  };
  const failed = (e: unknown) => {
    setError(appErrorOf(e).message);
    void invalidate();
  };
  const setDisabled = useMutation(
    trpc.admin.setUserDisabled.mutationOptions({
      onSuccess: (u) =>
        u.disabledAt
          ? done("Account disabled", `${u.email} can no longer sign in; their API keys and sandboxes are stopped.`)
          : done("Account enabled", `${u.email} can sign in again.`),
      onError: failed,
    }),
  );
  const setRole = useMutation(
    trpc.admin.setUserRole.mutationOptions({
      onSuccess: (u) => done(u.role === "ADMIN" ? "Administrator added" : "Admin role removed", u.role === "ADMIN" ? `${u.email} is now an administrator.` : `${u.email} is now a regular user.`),
      onError: failed,
    }),
  );

  const activeAdmins = users.data?.filter((u) => u.role === "ADMIN" && !u.disabledAt).length ?? 0;
  const q = search.trim().toLowerCase();
  const shown = users.data?.filter((u) => !q || u.email.includes(q) || u.name.toLowerCase().includes(q)) ?? [];

  const confirm = () => {
    if (!pending) return;
    const { user, action } = pending;
    if (action === "disable" || action === "enable") setDisabled.mutate({ userId: user.id, disabled: action === "disable" });
    else setRole.mutate({ userId: user.id, role: action === "make-admin" ? "ADMIN" : "USER" });
  };
  const busy = setDisabled.isPending || setRole.isPending;
  const open = (p: Pending) => {
    setError(null);
    setPending(p);
  };

  return (
    <AdminFrame title="Users" description="Everyone with an account on this Atrium. Disabling an account signs it out everywhere and stops its API keys and sandboxes.">
      <div className="admin-toolbar">
        <Input type="search" aria-label="Search users" placeholder="Search by name or email" value={search} onChange={(e) => setSearch(e.currentTarget.value)} style={{ maxWidth: 320 }} />
        {users.data && (
          <span className="muted text-sm">
            {users.data.length} {users.data.length === 1 ? "account" : "accounts"}, {activeAdmins} active {activeAdmins === 1 ? "admin" : "admins"}
          </span>
        )}
      </div>
      {users.isPending && <TableSkeleton columns={6} />}
      {users.isError && <LoadFailed title="Users could not be loaded" message={appErrorOf(users.error).message} onRetry={() => void users.refetch()} retrying={users.isFetching} />}
      {users.data && shown.length === 0 && (
        <EmptyState title="No users match" description="Nobody's name or email contains that text. Clear the search to see everyone." actions={<Button onClick={() => setSearch("")}>Clear search</Button>} />
      )}
      {shown.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Workspaces</th>
                <th scope="col">API keys</th>
                <th scope="col">Sandboxes</th>
                <th scope="col">Joined</th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => {
                const self = u.id === currentUserId;
                const lastAdmin = u.role === "ADMIN" && !u.disabledAt && activeAdmins <= 1;
                return (
                  <tr key={u.id} data-inactive={u.disabledAt ? true : undefined} data-testid="admin-user-row" data-email={u.email}>
                    <th scope="row" className="cell-primary">
                      {u.name} {self && <span className="muted">(you)</span>}
                      <span className="admin-cell-sub">{u.email}</span>
                    </th>
                    <td>{u.role === "ADMIN" ? <Badge tone="accent">Admin</Badge> : <Badge>User</Badge>}</td>
                    <td>
                      {u.disabledAt ? (
                        <Badge tone="danger" dot>
                          Disabled
                        </Badge>
                      ) : (
                        <Badge tone="success" dot>
                          Active
                        </Badge>
                      )}
                    </td>
                    <td>{u.workspaceCount}</td>
                    <td>{u.activeApiKeyCount}</td>
                    <td>{u.runningSessionCount}</td>
                    <td className="cell-nowrap">
                      <DateOnly date={u.createdAt} />
                    </td>
                    <td className="cell-actions">
                      <span className="admin-actions">
                        {u.role === "ADMIN" ? (
                          <Button
                            variant="ghost"
                            size="sm"
                            onClick={() => open({ user: u, action: "remove-admin" })}
                            disabled={lastAdmin}
                            title={lastAdmin ? "The last active administrator cannot lose the role. Make someone else an admin first." : undefined}
                            aria-label={`Remove admin role from ${u.email}`}
                          >
                            Remove admin
                          </Button>
                        ) : (
                          <Button variant="ghost" size="sm" onClick={() => open({ user: u, action: "make-admin" })} aria-label={`Make ${u.email} an admin`}>
                            Make admin
                          </Button>
                        )}
                        {u.disabledAt ? (
                          <Button variant="ghost" size="sm" onClick={() => open({ user: u, action: "enable" })} aria-label={`Enable ${u.email}`}>
                            Enable
                          </Button>
                        ) : (
                          <Button
                            variant="danger-ghost"
                            size="sm"
                            onClick={() => open({ user: u, action: "disable" })}
                            disabled={self || lastAdmin}
                            title={self ? "You cannot disable your own account." : lastAdmin ? "The last active administrator cannot be disabled." : undefined}
                            aria-label={`Disable ${u.email}`}
                          >
                            Disable
                          </Button>
                        )}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        onClose={() => setPending(null)}
        pending={busy}
        tone={pending && CONFIRM[pending.action].danger ? "danger" : "primary"}
        title={pending ? CONFIRM[pending.action].title(pending.user) : ""}
        description={pending ? CONFIRM[pending.action].body(pending.user) : null}
        confirmLabel={pending ? CONFIRM[pending.action].button : "Confirm"}
        onConfirm={confirm}
        error={error}
        errorTitle="Not changed"
      />
    </AdminFrame>
  );
}
