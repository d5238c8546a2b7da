// The admin's view of the task workers: this process's workers with their heartbeat (last tick of
// the claim loop), and, from Postgres, every worker that holds running tasks (any replica) with
// the newest task heartbeat it wrote, so a stuck worker elsewhere shows up too.
import { db } from "~/server/db/client";
import { volumeSpace } from "~/server/health/health";
import { localWorkers, type WorkerStatus } from "./local";

export interface WorkerHealth {
  workers: WorkerStatus[];
  running: { workerId: string; tasks: number; lastHeartbeatAt: string | null }[];
  queued: number;
  volume: Awaited<ReturnType<typeof volumeSpace>>;
  time: string;
}

export async function workerHealth(): Promise<WorkerHealth> {
  const [groups, queued, volume] = await Promise.all([
    db().task.groupBy({ by: ["workerId"], where: { status: "RUNNING", workerId: { not: null } }, _count: { _all: true }, _max: { heartbeatAt: true } }),
    db().task.count({ where: { status: "QUEUED" } }),
    volumeSpace(),
  ]);
  return {
    workers: [...localWorkers()].map((w) => w.status()),
    running: groups.map((g) => ({ workerId: g.workerId ?? "", tasks: g._count._all, lastHeartbeatAt: g._max.heartbeatAt?.toISOString() ?? null })),
    queued,
    volume,
    time: new Date().toISOString(),
  };
}
