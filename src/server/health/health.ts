// Reachability of what Atrium depends on, for /api/health, `atrium doctor` and the UI.
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { appVersion, runtime } from "~/server/runtime";
import { type FirewallState, firewallState } from "~/server/sandbox/firewall";
import { sandboxSettings } from "~/server/sandbox/service";
import { withTimeout } from "~/server/with-timeout";
import { statfs } from "node:fs/promises";
import { env } from "~/env";
import { localWorkers } from "~/server/tasks/local";

export interface Check {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  version: string;
  database: Check & { embedded: boolean };
  docker: Check & { version?: string };
  /**
   * `local` runs commands on this machine without isolation; clients should say so. `firewall`:
   * whether the rules that keep `default`-preset sandboxes off this host, metadata addresses and
   * private networks are in place (`inactive` makes the status `degraded`).
   */
  sandbox: { driver: "docker" | "local"; isolated: boolean; network: { name: string; firewall: FirewallState["state"]; detail: string } };
  /**
   * The task workers of the process that answered (the worker design's health fields); the
   * heartbeat (last tick) is for admins only, in policy.workerHealth. Empty when this process runs
   * no worker (ATRIUM_TASK_WORKER off).
   */
  workers: { id: string; activeTasks: number; concurrency: number }[];
  /** Free space where workspaces live (statfs of the data directory). */
  volume: { freeBytes: number; totalBytes: number } | { error: string };
  time: string;
}

/** Free and total bytes of the file system holding the data directory. */
export async function volumeSpace(): Promise<HealthReport["volume"]> {
  try {
    const s = await statfs(env().dataDir);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function timed<T>(fn: () => Promise<T>, timeoutMs: number): Promise<{ check: Check; value?: T }> {
  const start = performance.now();
  try {
    const value = await withTimeout(fn(), timeoutMs);
    return { check: { ok: true, latencyMs: Math.round(performance.now() - start) }, value };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { check: { ok: false, latencyMs: Math.round(performance.now() - start), error: message } };
  }
}

export async function healthReport(): Promise<HealthReport> {
  const [database, engine] = await Promise.all([
    timed(() => db().$queryRaw`SELECT 1`, 3000),
    timed(() => docker().version(), 3000),
  ]);
  const firewall = firewallState();
  const onDocker = sandboxSettings().driver === "docker";
  const status = !database.check.ok ? "down" : engine.check.ok && !(onDocker && firewall.state === "inactive") ? "ok" : "degraded";
  return {
    status,
    version: appVersion(),
    database: { ...database.check, embedded: runtime().embeddedDatabase !== undefined },
    docker: { ...engine.check, ...(engine.value ? { version: engine.value.Version } : {}) },
    sandbox: {
      driver: sandboxSettings().driver,
      isolated: sandboxSettings().driver !== "local",
      network: { name: sandboxSettings().network.name, firewall: firewall.state, detail: firewall.detail },
    },
    workers: [...localWorkers()].map((w) => w.status()).map(({ id, activeTasks, concurrency }) => ({ id, activeTasks, concurrency })),
    volume: await volumeSpace(),
    time: new Date().toISOString(),
  };
}
