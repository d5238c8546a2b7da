// Admin → Workspaces: every workspace on the instance (archived too) with its owner, size, status
// and live sandbox sessions, most recently opened first; each opens in the IDE (admins act as owners).
"use client";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useDebouncedValue } from "~/components/dashboard/use-debounced-value";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/field";
import { RelativeTime } from "~/components/ui/time";
import { UsageMeter } from "~/components/workspaces/usage-meter";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { AdminFrame } from "./admin-frame";
import { TableSkeleton } from "~/components/ui/table-skeleton";

export function WorkspacesAdmin() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const list = useInfiniteQuery(
    trpc.workspaces.list.infiniteQueryOptions(
      { scope: "all", includeArchived: true, q: q || undefined, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <AdminFrame title="Workspaces" description="Every workspace on this instance, whoever owns it. As an administrator you can open any of them with owner rights.">
      <div className="admin-toolbar">
        <Input type="search" aria-label="Search workspaces" placeholder="Search by name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} style={{ maxWidth: 320 }} />
      </div>
      {list.isPending && <TableSkeleton columns={6} />}
      {list.isError && <LoadFailed title="Workspaces could not be loaded" message={appErrorOf(list.error).message} onRetry={() => void list.refetch()} retrying={list.isFetching} />}
      {list.data && items.length === 0 && (
        <EmptyState
          title={q ? "No workspaces match" : "No workspaces yet"}
          description={q ? "No workspace name contains that text. Clear the search to see all." : "Nobody has created a workspace on this instance yet. They appear here as soon as someone does."}
        />
      )}
      {items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="All workspaces">
              <thead>
                <tr>
                  <th scope="col">Workspace</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Status</th>
                  <th scope="col">Size</th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Members</th>
                  <th scope="col">Last opened</th>
                </tr>
              </thead>
              <tbody>
                {items.map((ws) => (
                  <tr key={ws.id} data-inactive={ws.status === "ARCHIVED" || undefined}>
                    <th scope="row" className="cell-primary">
                      <Link href={`/workspaces/${ws.id}`} className="workspace-link">
                        {ws.name}
                      </Link>
                      <span className="admin-cell-sub mono">{ws.slug}</span>
                    </th>
                    <td>
                      {ws.owner.name}
                      <span className="admin-cell-sub">{ws.owner.email}</span>
                    </td>
                    <td>
                      {ws.status === "ARCHIVED" ? (
                        <Badge tone="warning" dot>
                          Archived
                        </Badge>
                      ) : (
                        <Badge tone="success" dot>
                          Active
                        </Badge>
                      )}
                    </td>
                    <td className="cell-nowrap">
                      <UsageMeter usage={ws.status === "ARCHIVED" && ws.archive ? ws.archive.bytes : ws.usageBytes} quota={ws.quotaBytes} />
                    </td>
                    <td>{ws.runningSessionCount > 0 ? <Badge tone="accent">{ws.runningSessionCount} running</Badge> : <span className="muted">none</span>}</td>
                    <td>{ws.memberCount}</td>
                    <td className="cell-nowrap">
                      <RelativeTime date={ws.lastOpenedAt} fallback="Never opened" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <div className="list-more">
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                Show more
              </Button>
            </div>
          )}
        </>
      )}
    </AdminFrame>
  );
}
