// Admin → Sandbox: the task workers (load and heartbeat: when each claim loop last ran, and the
// newest heartbeat of running tasks per worker across replicas), the volume's free space, and the
// ceilings up to which owners may raise a workspace's sandbox limits.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { LoadFailed } from "~/components/ui/empty-state";
import { TextField } from "~/components/ui/field";
import { RefreshIcon } from "~/components/ui/icons";
import { RelativeTime } from "~/components/ui/time";
import { useToast } from "~/components/ui/toast";
import { TableSkeleton } from "~/components/ui/table-skeleton";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { AdminFrame } from "./admin-frame";

type Health = RouterOutputs["policy"]["workerHealth"];
type Ceilings = RouterOutputs["policy"]["ceilings"];

const GB = 1024 ** 3;

export function SandboxAdmin() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.policy.workerHealth.queryOptions(), refetchInterval: 10_000 });
  const ceilings = useQuery(trpc.policy.ceilings.queryOptions());
  return (
    <AdminFrame
      title="Sandbox"
      description="Task workers and their heartbeat, free space where workspaces live, and how far owners may raise a workspace's limits."
      actions={
        <Button icon={<RefreshIcon />} onClick={() => void health.refetch()} loading={health.isFetching && !health.isPending}>
          Refresh
        </Button>
      }
    >
      {health.isPending && <TableSkeleton columns={4} />}
      {health.isError && <LoadFailed title="Worker health could not be loaded" message={appErrorOf(health.error).message} onRetry={() => void health.refetch()} retrying={health.isFetching} />}
      {health.data && <WorkersView health={health.data} />}
      <h2 className="admin-chart-title">Limit ceilings</h2>
      {ceilings.data && <CeilingsForm key={JSON.stringify(ceilings.data)} ceilings={ceilings.data} />}
    </AdminFrame>
  );
}

export function WorkersView({ health }: { health: Health }) {
  const volume = "freeBytes" in health.volume ? `${(health.volume.freeBytes / GB).toFixed(1)} GB free of ${(health.volume.totalBytes / GB).toFixed(1)} GB` : `unknown (${health.volume.error})`;
  return (
    <div data-testid="worker-health">
      <p className="page-description">
        Volume: {volume}. Queued tasks: {health.queued}.
      </p>
      <table className="table" aria-label="Task workers in this process">
        <thead>
          <tr>
            <th>Worker</th>
            <th>Active / concurrency</th>
            <th>Last tick</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {health.workers.length === 0 && (
            <tr>
              <td colSpan={4}>This process runs no task worker.</td>
            </tr>
          )}
          {health.workers.map((w) => (
            <tr key={w.id}>
              <td>
                <code>{w.id}</code>
              </td>
              <td>
                {w.activeTasks} / {w.concurrency}
              </td>
              <td>{w.lastTickAt ? <RelativeTime date={new Date(w.lastTickAt)} /> : "never"}</td>
              <td>{w.stopping ? "stopping" : "running"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {health.running.length > 0 && (
        <table className="table" aria-label="Workers holding running tasks (all replicas)">
          <thead>
            <tr>
              <th>Worker</th>
              <th>Running tasks</th>
              <th>Last task heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {health.running.map((r) => (
              <tr key={r.workerId}>
                <td>
                  <code>{r.workerId}</code>
                </td>
                <td>{r.tasks}</td>
                <td>{r.lastHeartbeatAt ? <RelativeTime date={new Date(r.lastHeartbeatAt)} /> : "none yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CeilingsForm({ ceilings }: { ceilings: Ceilings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [memoryMb, setMemoryMb] = useState(String(ceilings.memoryMb));
  const [cpus, setCpus] = useState(String(ceilings.cpus));
  const [processes, setProcesses] = useState(String(ceilings.processes));
  const save = useMutation(
    trpc.policy.setCeilings.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.policy.ceilings.queryKey(), saved);
        toast({ title: "Ceilings saved", description: "Owners may raise their workspaces' limits up to these; new sessions use them." });
      },
      onError: (error) => toast({ tone: "error", title: "Could not save the ceilings", description: appErrorOf(error).message }),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ memoryMb: Number(memoryMb), cpus: Number(cpus), processes: Number(processes) });
  };
  return (
    <form onSubmit={submit} aria-label="Limit ceilings" className="admin-toolbar">
      <TextField label="Memory (MB)" type="number" min={64} value={memoryMb} onChange={(e) => setMemoryMb(e.currentTarget.value)} />
      <TextField label="CPUs" type="number" min={0.1} step={0.1} value={cpus} onChange={(e) => setCpus(e.currentTarget.value)} />
      <TextField label="Processes" type="number" min={8} value={processes} onChange={(e) => setProcesses(e.currentTarget.value)} />
      <Button type="submit" variant="primary" loading={save.isPending}>
        Save ceilings
      </Button>
    </form>
  );
}
