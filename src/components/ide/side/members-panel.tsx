// Members and rules, the IDE's side view: who is in the workspace and as what, and the path rules
// that block or freeze parts of it. Owners (and admins) manage both; everyone else sees them
// read-only, with a line saying why and whom to ask.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { LoadFailed } from "~/components/ui/empty-state";
import { Input, Select } from "~/components/ui/field";
import { initials } from "~/components/ui/initials";
import { PlusIcon, XIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { ROLE_INFO, type WorkspaceRole } from "~/components/workspaces/types";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";
import { CommandPolicySection } from "./command-policy-section";
import { PathRulesSection } from "./path-rules-section";
import { SharedFoldersSection } from "./shared-folders-section";
import "./side-panels.css";

type Member = RouterOutputs["members"]["list"][number];

const ROLES: WorkspaceRole[] = ["owner", "editor", "viewer"];
const ROLE_HELP: Record<WorkspaceRole, string> = {
  owner: "everything, including members, rules, restore and delete",
  editor: "edit files, run terminals, tasks and snapshots",
  viewer: "read files and watch shared terminals",
};

export function MembersPanel() {
  const { canManage } = useIde();
  return (
    <div className="side-panel" data-testid="members-panel">
      {!canManage && (
        <p className="side-note" data-testid="members-readonly-note">
          Only owners can invite people, change roles and edit path rules. Ask an owner if you need more access.
        </p>
      )}
      <MembersSection />
      <PathRulesSection />
      <SharedFoldersSection />
      <CommandPolicySection />
    </div>
  );
}

function MembersSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId, canManage, currentUser, presence } = useIde();
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }));
  const [removing, setRemoving] = useState<Member | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ workspaceId }) });

  const setRole = useMutation(
    trpc.members.setRole.mutationOptions({
      onSuccess: (member) => {
        toast({ title: "Role changed", description: `${member.name} is now ${ROLE_INFO[member.role].label.toLowerCase()}: ${ROLE_HELP[member.role]}.` });
        void invalidate();
      },
      onError: (error) => {
        const e = appErrorOf(error);
        toast({ tone: "error", title: e.reason === "last_owner" ? "A workspace needs an owner" : "Could not change the role", description: e.message });
        void invalidate();
      },
    }),
  );

  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => {
        toast({ title: "Member removed", description: `${removing?.name ?? "They"} can no longer open this workspace.` });
        setRemoving(null);
        void invalidate();
      },
      // Shown inside the confirmation, where the person is looking (the last-owner case above all).
      onError: (error) => setRemoveError(appErrorOf(error).message),
    }),
  );

  const online = new Set(presence.map((p) => p.userId));

  return (
    <section className="side-section" aria-labelledby="members-heading">
      <div className="side-section-header">
        <h3 className="side-section-title" id="members-heading">
          Members {members.data && <span className="side-count">{members.data.length}</span>}
        </h3>
      </div>
      {canManage && <InviteForm onInvited={() => void invalidate()} />}
      {members.isPending && <ListSkeleton rows={3} />}
      {members.isError && (
        <LoadFailed headingLevel={3} title="Members could not be loaded" message={appErrorOf(members.error).message} onRetry={() => void members.refetch()} retrying={members.isFetching} />
      )}
      {members.data && (
        <ul className="side-list" aria-label="Members">
          {members.data.map((m) => {
            const self = m.userId === currentUser.id;
            return (
              <li key={m.userId} className="side-item member-item" data-testid="member-row" data-email={m.email}>
                <span className="member-avatar" aria-hidden="true" data-online={online.has(m.userId) || undefined}>
                  {initials(m.name, m.email)}
                </span>
                <span className="side-item-main">
                  <span className="side-item-title">
                    {m.name}
                    {self && <span className="side-muted"> (you)</span>}
                  </span>
                  <span className="side-item-sub" title={m.email}>
                    {m.email}
                  </span>
                </span>
                {canManage ? (
                  <span className="member-actions">
                    <select
                      className="side-select"
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      disabled={setRole.isPending}
                      onChange={(event) => setRole.mutate({ workspaceId, userId: m.userId, role: event.currentTarget.value as WorkspaceRole })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_INFO[r].label}
                        </option>
                      ))}
                    </select>
                    <Button
                      variant="ghost"
                      size="sm"
                      iconOnly
                      aria-label={`Remove ${m.name}`}
                      title={`Remove ${m.name}`}
                      onClick={() => {
                        remove.reset();
                        setRemoveError(null);
                        setRemoving(m);
                      }}
                    >
                      <XIcon size={14} />
                    </Button>
                  </span>
                ) : (
                  <Badge tone={ROLE_INFO[m.role].tone}>{ROLE_INFO[m.role].label}</Badge>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        pending={remove.isPending}
        title={removing ? `Remove ${removing.name}?` : "Remove member?"}
        description={
          removing
            ? removing.userId === currentUser.id
              ? "You will lose access to this workspace at once. Another owner can invite you again."
              : `${removing.email} loses access at once: files, terminals and snapshots. You can invite them again later.`
            : null
        }
        confirmLabel="Remove"
        confirmDisabled={removeError !== null}
        onConfirm={() => removing && remove.mutate({ workspaceId, userId: removing.userId })}
        error={removeError}
        errorTitle="Not removed"
      />
    </section>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const { workspaceId } = useIde();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<WorkspaceRole>("editor");
  const [error, setError] = useState<string | null>(null);

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (member) => {
        setEmail("");
        setError(null);
        toast({ title: "Member added", description: `${member.name} (${member.email}) is now ${ROLE_INFO[member.role].label.toLowerCase()} and can open this workspace.` });
        onInvited();
      },
      onError: (e) => {
        const app = appErrorOf(e);
        setError(app.fieldErrors?.email?.join(" ") ?? app.message);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    if (!value) {
      setError("Enter the email address of someone with an Atrium account.");
      return;
    }
    invite.mutate({ workspaceId, email: value, role });
  };

  return (
    <form className="side-form" onSubmit={submit} aria-label="Invite a member" noValidate>
      <Input
        type="email"
        aria-label="Email to invite"
        placeholder="name@example.com"
        value={email}
        onChange={(event) => {
          setEmail(event.currentTarget.value);
          if (error) setError(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "invite-error" : undefined}
        autoComplete="off"
      />
      <div className="side-form-row">
        <Select aria-label="Role for the invitation" value={role} onChange={(event) => setRole(event.currentTarget.value as WorkspaceRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_INFO[r].label}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="primary" size="sm" icon={<PlusIcon size={14} />} loading={invite.isPending}>
          Invite
        </Button>
      </div>
      <p className="side-hint">{`${ROLE_INFO[role].label}s can ${ROLE_HELP[role]}.`}</p>
      {error && (
        <p className="side-error" id="invite-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function ListSkeleton({ rows }: { rows: number }) {
  return (
    <div className="side-skeleton" aria-busy="true" role="status" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="side-skeleton-row">
          <Skeleton width={26} height={26} radius={999} />
          <div className="stack" style={{ gap: 5, flex: 1 }}>
            <Skeleton width="60%" />
            <Skeleton width="80%" height={9} />
          </div>
        </div>
      ))}
    </div>
  );
}
