// One workspace, props only: its header, the root folder read-only, and who is in it. Honest
// about being a placeholder: the editor, terminals and snapshots are not here yet.
"use client";
import Link from "next/link";
import { Badge } from "~/components/ui/badge";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { ArrowRightIcon, ShieldIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/ui/time";
import type { RouterOutputs } from "~/trpc/react";
import { formatBytes } from "./format";
import { ROLE_INFO, type Workspace } from "./types";
import { UsageMeter } from "./usage-meter";

export type Loadable<T> =
  | { status: "loading" }
  | { status: "error"; message: string; onRetry: () => void; retrying: boolean }
  | { status: "ready"; data: T };

type FileList = RouterOutputs["files"]["list"];
type FileEntry = FileList["entries"][number];
type Member = RouterOutputs["members"]["list"][number];

export interface WorkspaceViewProps {
  workspace: Loadable<Workspace>;
  files: Loadable<FileList>;
  members: Loadable<Member[]>;
}

const LOCK_REASON: Partial<Record<NonNullable<FileEntry["locked"]>["reason"], string>> = {
  critical_file: "Protected file: Atrium never serves it through the API, to anyone.",
  blocked_path: "Blocked by one of this workspace's path rules.",
  permission_denied: "Your role does not allow reading it.",
  outside_workspace: "It points outside the workspace.",
};

function Failed({ title, state }: { title: string; state: Extract<Loadable<unknown>, { status: "error" }> }) {
  return <LoadFailed headingLevel={3} title={title} message={state.message} onRetry={state.onRetry} retrying={state.retrying} />;
}

export function WorkspaceView({ workspace, files, members }: WorkspaceViewProps) {
  return (
    <div className="stack" style={{ gap: 28 }}>
      <Link href="/dashboard" className="back-link">
        ← All workspaces
      </Link>
      {workspace.status === "loading" && (
        <div className="stack" role="status" aria-label="Loading the workspace">
          <Skeleton width={240} height={24} />
          <Skeleton width={360} />
        </div>
      )}
      {workspace.status === "error" && (
        <LoadFailed title="This workspace could not be opened" message={workspace.message} onRetry={workspace.onRetry} retrying={workspace.retrying} />
      )}
      {workspace.status === "ready" && <WorkspaceBody ws={workspace.data} files={files} members={members} />}
    </div>
  );
}

function WorkspaceBody({ ws, files, members }: { ws: Workspace; files: Loadable<FileList>; members: Loadable<Member[]> }) {
  const archived = ws.status === "ARCHIVED";
  return (
    <>
      <div className="page-header" style={{ marginBottom: 0 }}>
        <div>
          <h1 className="page-title workspace-name">
            <span>{ws.name}</span>
            {archived && (
              <Badge tone="warning" dot>
                Archived
              </Badge>
            )}
            {ws.role && <Badge tone={ROLE_INFO[ws.role].tone}>{ROLE_INFO[ws.role].label}</Badge>}
          </h1>
          <p className="page-description">{ws.description || "No description."}</p>
        </div>
        <UsageMeter usage={archived && ws.archive ? ws.archive.bytes : ws.usageBytes} quota={ws.quotaBytes} />
      </div>
      <p className="muted text-sm">
        The editor, terminals and snapshots are coming to this page. For now it lists the top folder, read-only; agents can already work in the
        files through the API.
      </p>

      <section aria-labelledby="files-title">
        <h2 className="section-title" id="files-title">
          Files
        </h2>
        {archived ? (
          <EmptyState
            headingLevel={3}
            title="The files are in an archive"
            description="An owner can unarchive this workspace from the dashboard to unpack them."
            actions={
              <Link href="/dashboard" className="btn btn-secondary">
                Go to the dashboard <ArrowRightIcon />
              </Link>
            }
          />
        ) : files.status === "loading" ? (
          <Skeleton height={120} radius={12} />
        ) : files.status === "error" ? (
          <Failed title="The files could not be listed" state={files} />
        ) : files.data.entries.length === 0 ? (
          <EmptyState headingLevel={3} title="This folder is empty" description="Upload files, or let an agent write them through the API." />
        ) : (
          <FileTable list={files.data} />
        )}
      </section>

      <section aria-labelledby="members-title">
        <h2 className="section-title" id="members-title">
          Members
        </h2>
        {members.status === "loading" ? (
          <Skeleton height={80} radius={12} />
        ) : members.status === "error" ? (
          <Failed title="The members could not be listed" state={members} />
        ) : (
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="visually-hidden">Members</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {members.data.map((m) => (
                  <tr key={m.userId}>
                    <td className="cell-primary">{m.name}</td>
                    <td>{m.email}</td>
                    <td>
                      <Badge tone={ROLE_INFO[m.role].tone}>{ROLE_INFO[m.role].label}</Badge>
                    </td>
                    <td className="cell-nowrap">
                      <RelativeTime date={m.joinedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function FileTable({ list }: { list: FileList }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption className="visually-hidden">Files in the top folder</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Modified</th>
          </tr>
        </thead>
        <tbody>
          {list.entries.map((entry) => {
            const lock = entry.locked ? (LOCK_REASON[entry.locked.reason] ?? "Atrium refuses to read it.") : null;
            return (
              <tr key={entry.path} data-inactive={lock !== null}>
                <td className="cell-primary">
                  <span className="file-name">
                    <span className="mono">
                      {entry.name}
                      {entry.type === "directory" ? "/" : ""}
                    </span>
                    {lock && (
                      <span className="file-lock" title={lock}>
                        <ShieldIcon size={14} />
                        <span className="visually-hidden">Locked: {lock}</span>
                      </span>
                    )}
                  </span>
                </td>
                <td className="cell-nowrap">{entry.type === "directory" ? <span className="cell-muted">—</span> : formatBytes(entry.size)}</td>
                <td className="cell-nowrap">
                  <RelativeTime date={new Date(entry.modifiedAt)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.truncated && <p className="muted text-sm table-note">Showing the first {list.entries.length} of {list.total} entries.</p>}
    </div>
  );
}
