// Start-up and periodic sandbox upkeep for the server process: reconcile containers against
// sessions once (nothing leaks across a SIGKILL), then stop idle sessions and measure what
// sandboxes wrote on timers.
import { docker } from "~/server/docker/client";
import type { FirewallState } from "./firewall";
import { prepareSandboxNetwork } from "./network";
import { reconcile } from "./reconcile";
import { sandboxSettings } from "./service";
import { stopIdleSessions } from "./sessions";
import { syncSandboxUsage } from "./usage-sync";
import { lineLogger } from "~/server/observability/logger";
import { withTimeout } from "~/server/with-timeout";
import { sweepEphemeralWorkspaces } from "~/server/workspaces/ephemeral";

const IDLE_SWEEP_MS = 60_000;
/** How stale a workspace's shown size may get while its sandboxes write to it. */
const USAGE_SYNC_MS = 60_000;
/**
 * Reconcile again while running, not only at start-up: after the Docker engine restarts, its
 * containers are gone and their sessions must be reported lost (and stray containers removed);
 * a session left STARTING by a crash mid-start is settled once its grace period is over.
 */
const RECONCILE_MS = 15_000;
/** A run that has not finished by then (an engine call that never answers) no longer blocks the next. */
const RECONCILE_TIMEOUT_MS = 120_000;
/** How often the sandbox firewall is checked (and repaired when someone flushed it). */
const FIREWALL_CHECK_MS = 60_000;

function firewallLine(firewall: FirewallState): string {
  if (firewall.state === "active") return `sandbox firewall: ${firewall.detail}`;
  if (firewall.state === "off") return `WARNING: ${firewall.detail}`;
  return (
    `WARNING: ${firewall.detail}. Sandboxes on the default preset can reach this host's services, other sandboxes' ports and private networks ` +
    `(cloud metadata included). Run Atrium as root in the Docker host's network namespace, or see README "Sandbox network" to install the rules yourself; ` +
    `ATRIUM_SANDBOX_FIREWALL=required refuses networked sessions until they are in place`
  );
}


export async function startSandboxHousekeeping(log: (line: string) => void = lineLogger("atrium")): Promise<{ stop(): void }> {
  if (sandboxSettings().driver === "local") {
    log("WARNING: ATRIUM_SANDBOX_DRIVER=local runs commands directly on this machine, as Atrium's user, with resource limits but NO isolation");
  }
  let firewall: FirewallState | null = null;
  if (sandboxSettings().driver === "docker") {
    const prepared = await prepareSandboxNetwork(docker(), sandboxSettings().network);
    if (prepared.network) log(`sandbox network ${sandboxSettings().network.name} not ready (${prepared.network}); retried when a session starts`);
    firewall = prepared.firewall;
    log(firewallLine(firewall));
  }
  try {
    const report = await reconcile();
    const changed = report.removedContainers.length + report.lostSessions.length + report.removedScratchDirs.length;
    if (changed > 0) {
      log(`sandboxes reconciled: ${report.removedContainers.length} orphan containers removed, ${report.lostSessions.length} sessions marked lost`);
    }
    if (report.keptSessions.length > 0) log(`sandboxes adopted: ${report.keptSessions.length} sessions still running from before this start`);
    for (const skipped of report.skippedDrivers) log(`sandbox driver ${String(skipped)} not reachable at start-up; sessions will fail until it is`);
    for (const error of report.errors) log(`sandbox reconciliation: ${error} (retried every ${RECONCILE_MS / 1000} s)`);
  } catch (error) {
    // Docker may be down at boot; Atrium still serves files and the UI, and sessions say why they fail.
    log(`sandbox reconciliation skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
  const timer = setInterval(() => {
    stopIdleSessions(sandboxSettings().idleMs).catch((error: unknown) => log(`idle session sweep failed: ${error instanceof Error ? error.message : String(error)}`));
    sweepEphemeralWorkspaces().catch((error: unknown) => log(`ephemeral workspace sweep failed: ${error instanceof Error ? error.message : String(error)}`));
  }, IDLE_SWEEP_MS);
  timer.unref();
  // Each pass covers sessions running now and those that stopped since the previous pass began.
  let usageSince = new Date(Date.now() - USAGE_SYNC_MS);
  let syncing = false;
  let lastUsageFailure = "";
  const usage = setInterval(() => {
    if (syncing) return;
    syncing = true;
    const started = new Date();
    syncSandboxUsage(usageSince, { log })
      .then(() => {
        usageSince = started;
        lastUsageFailure = "";
      })
      .catch((error: unknown) => {
        // Postgres down: said once per outage, not every minute.
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastUsageFailure) log(`sandbox usage sync failed: ${message}`);
        lastUsageFailure = message;
      })
      .finally(() => (syncing = false));
  }, USAGE_SYNC_MS);
  usage.unref();
  let reconciling = false;
  let lastFailure = "";
  const reconciler = setInterval(() => {
    if (reconciling) return;
    reconciling = true;
    withTimeout(reconcile(), RECONCILE_TIMEOUT_MS, `did not finish within ${RECONCILE_TIMEOUT_MS / 1000} s`)
      .then((report) => {
        if (report.removedContainers.length + report.lostSessions.length > 0) {
          log(`sandboxes reconciled: ${report.removedContainers.length} stray containers removed, ${report.lostSessions.length} sessions marked lost`);
        }
        const failure = report.errors.join("; ");
        if (failure && failure !== lastFailure) log(`sandbox reconciliation: ${failure}`);
        lastFailure = failure;
      })
      .catch((error: unknown) => {
        // Postgres down: said once per outage, not every 15 s.
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastFailure) log(`sandbox reconciliation failed: ${message}`);
        lastFailure = message;
      })
      .finally(() => (reconciling = false));
  }, RECONCILE_MS);
  reconciler.unref();
  // Someone flushing iptables (or a firewall manager reloading) must not silently open the sandboxes up.
  const firewallTimer = setInterval(() => {
    if (sandboxSettings().driver !== "docker") return;
    prepareSandboxNetwork(docker(), sandboxSettings().network, { recheck: true })
      .then(({ firewall: now }) => {
        // Said when it changes, not every minute.
        if (!firewall || now.state !== firewall.state || now.detail !== firewall.detail) log(firewallLine(now));
        firewall = now;
      })
      .catch(() => undefined);
  }, FIREWALL_CHECK_MS);
  firewallTimer.unref();
  return {
    stop: () => {
      clearInterval(firewallTimer);
      clearInterval(timer);
      clearInterval(reconciler);
      clearInterval(usage);
    },
  };
}
