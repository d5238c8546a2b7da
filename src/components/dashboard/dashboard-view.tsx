// The dashboard, props only: the workspace list with its filters, in whichever state the
// container hands over (loading, failed, empty, or rows). Dialogs live beside it in the container.
"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/field";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { AlertCircleIcon, BoxesIcon, PlusIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/ui/time";
import { metadataChips } from "~/components/workspaces/format";
import { canManage, ROLE_INFO, SCOPE_OPTIONS, type Workspace, type WorkspaceListScope } from "~/components/workspaces/types";
import { UsageMeter } from "~/components/workspaces/usage-meter";

export interface WorkspaceFilters {
  scope: WorkspaceListScope;
  /** What is typed in the search box (the container debounces it). */
  search: string;
  /** What is typed in the metadata box: empty, or `key=value`. */
  metadata: string;
  showArchived: boolean;
}

export type WorkspacesState =
  | { status: "loading" }
  | { status: "error"; message: string; onRetry: () => void; retrying: boolean }
  | { status: "ready"; workspaces: Workspace[]; hasMore: boolean; onLoadMore: () => void; loadingMore: boolean };

export interface DashboardViewProps {
  userName: string;
  isAdmin: boolean;
  state: WorkspacesState;
  filters: WorkspaceFilters;
  onFiltersChange: (patch: Partial<WorkspaceFilters>) => void;
  /** Why the metadata filter is not applied, if it is malformed. */
  metadataError: string | null;
  onCreate: () => void;
  onImport: () => void;
  onArchive: (workspace: Workspace) => void;
  onUnarchive: (workspace: Workspace) => void;
  onDelete: (workspace: Workspace) => void;
}

function isFiltered(filters: WorkspaceFilters): boolean {
  return filters.search.trim() !== "" || filters.metadata.trim() !== "";
}

export function DashboardView(props: DashboardViewProps) {
  const { userName, state, filters, onCreate, onImport } = props;
  // The very first visit: no filters and nothing at all. The empty state carries the button then.
  const firstRun = state.status === "ready" && state.workspaces.length === 0 && filters.scope === "member" && !isFiltered(filters) && !filters.showArchived;
  return (
    <>
      <div className="page-header">
        <div>
          <h1 className="page-title">Workspaces</h1>
          <p className="page-description">
            Welcome, {userName}. Workspaces are shared, sandboxed code folders that your team and its agents edit and run together.
          </p>
        </div>
        <div className="dashboard-actions">
          <Button onClick={onImport}>Import workspace</Button>
          {!firstRun && (
            <Button variant="primary" icon={<PlusIcon />} onClick={onCreate}>
              New workspace
            </Button>
          )}
        </div>
      </div>
      {!firstRun && <FilterBar {...props} />}
      {state.status === "loading" && <WorkspacesSkeleton />}
      {state.status === "error" && (
        <LoadFailed title="Your workspaces could not be loaded" message={state.message} onRetry={state.onRetry} retrying={state.retrying} />
      )}
      {state.status === "ready" && state.workspaces.length === 0 && <EmptyWorkspaces {...props} firstRun={firstRun} />}
      {state.status === "ready" && state.workspaces.length > 0 && (
        <>
          <WorkspacesTable {...props} workspaces={state.workspaces} />
          {state.hasMore && (
            <div className="list-more">
              <Button onClick={state.onLoadMore} loading={state.loadingMore}>
                Show more
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}

function FilterBar({ isAdmin, filters, onFiltersChange, metadataError }: DashboardViewProps) {
  return (
    <div className="filter-bar" role="search" aria-label="Filter workspaces">
      <fieldset className="segmented">
        <legend className="visually-hidden">Which workspaces</legend>
        {SCOPE_OPTIONS.filter((o) => !o.adminOnly || isAdmin).map((option) => (
          <label key={option.value} className="segmented-option">
            <input
              type="radio"
              name="scope"
              value={option.value}
              checked={filters.scope === option.value}
              onChange={() => onFiltersChange({ scope: option.value })}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </fieldset>
      <Input
        type="search"
        className="filter-search"
        aria-label="Search by name"
        placeholder="Search by name"
        value={filters.search}
        onChange={(event) => onFiltersChange({ search: event.currentTarget.value })}
        maxLength={100}
        autoComplete="off"
      />
      <div className="filter-metadata">
        <Input
          className="input-mono"
          aria-label="Filter by metadata"
          aria-describedby={metadataError ? "metadata-filter-error" : undefined}
          aria-invalid={metadataError ? true : undefined}
          placeholder="key=value"
          value={filters.metadata}
          onChange={(event) => onFiltersChange({ metadata: event.currentTarget.value })}
          autoComplete="off"
          spellCheck={false}
        />
        {metadataError && (
          <p className="field-error" id="metadata-filter-error">
            <AlertCircleIcon size={14} />
            <span>{metadataError}</span>
          </p>
        )}
      </div>
      <label className="switch">
        <input type="checkbox" checked={filters.showArchived} onChange={(event) => onFiltersChange({ showArchived: event.currentTarget.checked })} />
        <span>Show archived</span>
      </label>
    </div>
  );
}

function EmptyWorkspaces({ filters, onCreate, onFiltersChange, firstRun, isAdmin }: DashboardViewProps & { firstRun: boolean }) {
  const create = (label: string): ReactNode => (
    <Button variant="primary" icon={<PlusIcon />} onClick={onCreate}>
      {label}
    </Button>
  );
  if (firstRun) {
    return (
      <EmptyState
        icon={<BoxesIcon size={20} />}
        title="No workspaces yet"
        description={
          <>
            A workspace is a folder on this server with its files, members, terminals and snapshots. Create one from an empty folder or a small
            Python or Node project, open it to edit files and run commands in a sandboxed terminal, then invite people or give an agent an API
            key.
            {isAdmin && " As the administrator, you can also list everyone's workspaces."}
          </>
        }
        actions={create("Create your first workspace")}
      />
    );
  }
  if (isFiltered(filters)) {
    return (
      <EmptyState
        icon={<BoxesIcon size={20} />}
        title="No workspaces match"
        description="Nothing here matches the name or metadata you entered. Check the spelling, or clear the filters to see everything."
        actions={<Button onClick={() => onFiltersChange({ search: "", metadata: "" })}>Clear filters</Button>}
      />
    );
  }
  if (filters.scope === "shared") {
    return (
      <EmptyState
        icon={<BoxesIcon size={20} />}
        title="Nothing is shared with you yet"
        description="When a workspace owner adds you as an editor or viewer, the workspace appears here."
      />
    );
  }
  return (
    <EmptyState
      icon={<BoxesIcon size={20} />}
      title={filters.scope === "mine" ? "You do not own any workspaces yet" : "No workspaces here"}
      description={filters.showArchived ? "There are no workspaces, archived or not, in this view." : "Archived workspaces are hidden; turn on “Show archived” to see them."}
      actions={create("New workspace")}
    />
  );
}

function WorkspacesTable({ workspaces, isAdmin, onArchive, onUnarchive, onDelete }: DashboardViewProps & { workspaces: Workspace[] }) {
  return (
    <div className="table-wrap">
      <table className="table workspaces-table">
        <caption className="visually-hidden">Workspaces</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Your role</th>
            <th scope="col">Last opened</th>
            <th scope="col">Size</th>
            <th scope="col">Sessions</th>
            <th scope="col">Members</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {workspaces.map((ws) => {
            const archived = ws.status === "ARCHIVED";
            const chips = metadataChips(ws.metadata);
            return (
              <tr key={ws.id} data-inactive={archived}>
                <th scope="row" className="cell-primary cell-workspace">
                  <span className="workspace-name">
                    <Link href={`/workspaces/${ws.id}`} className="workspace-link">
                      {ws.name}
                    </Link>
                    {archived && (
                      <Badge tone="warning" dot>
                        Archived
                      </Badge>
                    )}
                  </span>
                  {ws.description && <span className="workspace-description">{ws.description}</span>}
                  {chips.length > 0 && (
                    <span className="badge-list workspace-metadata" aria-label="Metadata">
                      {chips.map((chip) => (
                        <Badge key={chip} mono>
                          {chip}
                        </Badge>
                      ))}
                    </span>
                  )}
                </th>
                <td>
                  {ws.role ? <Badge tone={ROLE_INFO[ws.role].tone}>{ROLE_INFO[ws.role].label}</Badge> : <Badge title="You are an instance administrator, not a member">Admin</Badge>}
                </td>
                <td className="cell-nowrap">
                  <RelativeTime date={ws.lastOpenedAt} fallback="Never opened" />
                </td>
                <td className="cell-nowrap">
                  {/* Archived, the folder is gone and what is stored is the archive. */}
                  <UsageMeter usage={archived && ws.archive ? ws.archive.bytes : ws.usageBytes} quota={ws.quotaBytes} />
                </td>
                <td className="cell-nowrap" data-testid="running-sessions">
                  {ws.runningSessionCount > 0 ? (
                    <Badge tone="success" dot title="Sandbox sessions starting or running now">
                      {ws.runningSessionCount} running
                    </Badge>
                  ) : (
                    <span className="cell-muted">none</span>
                  )}
                </td>
                <td className="cell-nowrap">
                  {ws.memberCount} {ws.memberCount === 1 ? "member" : "members"}
                </td>
                <td className="cell-actions">
                  <span className="row-actions">
                    {/* A link named just "Export": the row says which workspace, and the row's only link
                        named after the workspace stays the one that opens it. Viewers may export too. */}
                    {!archived && (
                      <a
                        className="btn btn-ghost btn-sm"
                        href={`/api/workspaces/${encodeURIComponent(ws.id)}/export`}
                        download
                        title={`Download ${ws.name} as .tar.gz (protected files left out)`}
                      >
                        Export
                      </a>
                    )}
                  {canManage(ws, isAdmin) && (
                    <>
                      {archived ? (
                        <Button variant="ghost" size="sm" aria-label={`Unarchive ${ws.name}`} onClick={() => onUnarchive(ws)}>
                          Unarchive
                        </Button>
                      ) : (
                        <Button variant="ghost" size="sm" aria-label={`Archive ${ws.name}`} onClick={() => onArchive(ws)}>
                          Archive
                        </Button>
                      )}
                      <Button variant="danger-ghost" size="sm" aria-label={`Delete ${ws.name}`} onClick={() => onDelete(ws)}>
                        Delete
                      </Button>
                    </>
                  )}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function WorkspacesSkeleton() {
  return (
    <div className="table-wrap" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading your workspaces…
      </p>
      <table className="table workspaces-table" aria-hidden="true">
        <thead>
          <tr>
            {["Name", "Your role", "Last opened", "Size", "Sessions", "Members", ""].map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[0, 1, 2].map((row) => (
            <tr key={row}>
              <td>
                <div className="stack" style={{ gap: 6 }}>
                  <Skeleton width={150} />
                  <Skeleton width={220} height={10} />
                </div>
              </td>
              <td>
                <Skeleton width={54} height={18} radius={999} />
              </td>
              <td>
                <Skeleton width={80} />
              </td>
              <td>
                <div className="stack" style={{ gap: 6 }}>
                  <Skeleton width={110} />
                  <Skeleton width={120} height={4} radius={999} />
                </div>
              </td>
              <td>
                <Skeleton width={60} />
              </td>
              <td>
                <Skeleton width={70} />
              </td>
              <td className="cell-actions">
                <Skeleton width={120} height={24} radius={6} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
