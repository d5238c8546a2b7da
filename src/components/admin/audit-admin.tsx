// Admin → Audit log: filters (actor, workspace, reason, channel, outcome, time range), pages by
// cursor, a CSV export of the same filters, and a chart of denials per day by reason on top.
"use client";
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useDebouncedValue } from "~/components/dashboard/use-debounced-value";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { Field, Input, Select } from "~/components/ui/field";
import { ShieldIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { formatDateTime } from "~/components/ui/time";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, type RouterInputs, useTRPC } from "~/trpc/react";
import { AdminFrame } from "./admin-frame";
import { DenialsChart } from "./denials-chart";
import { TableSkeleton } from "~/components/ui/table-skeleton";

type Filter = NonNullable<RouterInputs["audit"]["export"]>;
const CHANNELS = ["UI", "API", "MCP", "TERMINAL", "TASK", "CLI"] as const;
const CHART_DAYS = 30;

interface FilterForm {
  actor: string;
  workspaceId: string;
  reason: string;
  channel: string;
  outcome: string;
  from: string;
  to: string;
}
const EMPTY: FilterForm = { actor: "", workspaceId: "", reason: "", channel: "", outcome: "", from: "", to: "" };

/** A `datetime-local` value (local time, no zone) as a Date, or undefined when empty or invalid. */
function localDate(value: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function toFilter(form: FilterForm): { filter: Filter; error: string | null } {
  const from = localDate(form.from);
  const to = localDate(form.to);
  const filter: Filter = {
    actor: form.actor.trim() || undefined,
    workspaceId: form.workspaceId || undefined,
    reason: form.reason.trim() || undefined,
    channel: (CHANNELS as readonly string[]).includes(form.channel) ? (form.channel as Filter["channel"]) : undefined,
    outcome: form.outcome === "DENIED" || form.outcome === "ALLOWED" ? form.outcome : undefined,
    from,
    to,
  };
  if (from && to && from >= to) return { filter: { ...filter, to: undefined }, error: "“To” must be later than “From”; the end of the range is ignored until it is." };
  return { filter, error: null };
}

export function AuditAdmin({ initialReason }: { initialReason?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [form, setForm] = useState<FilterForm>({ ...EMPTY, reason: initialReason ?? "" });
  const settled = useDebouncedValue(form, 300);
  const { filter, error: rangeError } = toFilter(settled);
  const [exporting, setExporting] = useState(false);

  const workspaces = useQuery(trpc.workspaces.list.queryOptions({ scope: "all", includeArchived: true, limit: 100 }));
  const chart = useQuery(trpc.audit.denialsPerDay.queryOptions({ days: CHART_DAYS, workspaceId: filter.workspaceId }));
  const list = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ ...filter, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData }),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<FilterForm>) => setForm((f) => ({ ...f, ...patch }));
  const filtered = JSON.stringify(form) !== JSON.stringify(EMPTY);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const result = await queryClient.fetchQuery({ ...trpc.audit.export.queryOptions(filter), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([result.csv], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = result.filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(
        result.truncated && result.note
          ? { tone: "info", title: "Export truncated", description: result.note }
          : { title: "Audit log exported", description: `${result.rowCount} ${result.rowCount === 1 ? "event" : "events"} in ${result.filename}.` },
      );
    } catch (e) {
      toast({ tone: "error", title: "Could not export the audit log", description: appErrorOf(e).message });
    } finally {
      setExporting(false);
    }
  };

  return (
    <AdminFrame
      title="Audit log"
      description="Every refusal anywhere in Atrium, and the notable actions: who, through which door, on what, and why it was refused."
      actions={
        <Button onClick={() => void exportCsv()} loading={exporting}>
          Export CSV
        </Button>
      }
    >
      {chart.isPending && <Skeleton height={190} radius={12} />}
      {chart.isError && <LoadFailed title="The chart could not be loaded" message={appErrorOf(chart.error).message} onRetry={() => void chart.refetch()} retrying={chart.isFetching} />}
      {chart.data && <DenialsChart data={chart.data} days={CHART_DAYS} onPickReason={(reason) => set({ reason, outcome: "DENIED" })} />}

      <form className="admin-filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <Field label="Actor" hint="Email or user id">
          {(c) => <Input {...c} value={form.actor} onChange={(e) => set({ actor: e.currentTarget.value })} placeholder="ada@example.com" autoComplete="off" />}
        </Field>
        <Field label="Workspace">
          {(c) => (
            <Select {...c} value={form.workspaceId} onChange={(e) => set({ workspaceId: e.currentTarget.value })}>
              <option value="">Any workspace</option>
              {workspaces.data?.items.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Reason">
          {(c) => <Input {...c} className="input-mono" value={form.reason} onChange={(e) => set({ reason: e.currentTarget.value })} placeholder="role_required" autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Channel">
          {(c) => (
            <Select {...c} value={form.channel} onChange={(e) => set({ channel: e.currentTarget.value })}>
              <option value="">Any channel</option>
              {CHANNELS.map((ch) => (
                <option key={ch} value={ch}>
                  {ch}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Outcome">
          {(c) => (
            <Select {...c} value={form.outcome} onChange={(e) => set({ outcome: e.currentTarget.value })}>
              <option value="">Any outcome</option>
              <option value="DENIED">Denied</option>
              <option value="ALLOWED">Allowed</option>
            </Select>
          )}
        </Field>
        <Field label="From">{(c) => <Input {...c} type="datetime-local" value={form.from} onChange={(e) => set({ from: e.currentTarget.value })} />}</Field>
        <Field label="To" error={rangeError}>
          {(c) => <Input {...c} type="datetime-local" value={form.to} onChange={(e) => set({ to: e.currentTarget.value })} />}
        </Field>
        <div className="admin-filters-actions">
          <Button onClick={() => setForm(EMPTY)} disabled={!filtered}>
            Clear filters
          </Button>
        </div>
      </form>

      {list.isPending && <TableSkeleton columns={7} />}
      {list.isError && <LoadFailed title="The audit log could not be loaded" message={appErrorOf(list.error).message} onRetry={() => void list.refetch()} retrying={list.isFetching} />}
      {list.data && rows.length === 0 && (
        <EmptyState
          icon={<ShieldIcon size={20} />}
          title={filtered ? "No events match" : "The audit log is empty"}
          description={filtered ? "Nothing recorded matches these filters. Widen the time range or clear a filter." : "Refusals and notable actions appear here as soon as they happen."}
          actions={filtered ? <Button onClick={() => setForm(EMPTY)}>Clear filters</Button> : undefined}
        />
      )}
      {rows.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table table-compact" aria-label="Audit events" aria-busy={list.isFetching}>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Action</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Workspace</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Target</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="audit-row" data-reason={r.reason ?? ""} data-action={r.action}>
                    <td className="cell-nowrap">{formatDateTime(r.at)}</td>
                    <td>
                      <Badge tone={r.outcome === "DENIED" ? "danger" : "success"}>{r.outcome === "DENIED" ? "Denied" : "Allowed"}</Badge>
                    </td>
                    <td className="mono">{r.action}</td>
                    <td>{r.reason ? <span className="admin-reason">{r.reason}</span> : <span className="muted">—</span>}</td>
                    <td>
                      {r.actorEmail ?? <span className="muted">anonymous</span>}
                      {r.apiKeyPrefix && <span className="admin-cell-sub mono">key {r.apiKeyPrefix}…</span>}
                    </td>
                    <td>
                      {r.workspaceId ? (
                        r.workspaceName ? (
                          <Link href={`/workspaces/${r.workspaceId}`} className="workspace-link">
                            {r.workspaceName}
                          </Link>
                        ) : (
                          <span className="muted" title={r.workspaceId}>
                            deleted
                          </span>
                        )
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>{r.channel}</td>
                    <td>
                      {/* Names, not ids: the raw target (the id the trail keeps) is in the tooltip. */}
                      <span className="admin-audit-details" data-testid="audit-target" data-target={r.target ?? ""} title={[r.target, r.details ? JSON.stringify(r.details) : null].filter(Boolean).join("\n")}>
                        {r.targetName ?? r.target ?? (r.details ? JSON.stringify(r.details) : "—")}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <div className="list-more">
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                Show older events
              </Button>
            </div>
          )}
        </>
      )}
    </AdminFrame>
  );
}
