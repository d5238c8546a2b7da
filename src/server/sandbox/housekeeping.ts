// Start-up and periodic sandbox upkeep for the server process: reconcile containers against
// sessions once (nothing leaks across a SIGKILL), then stop idle sessions on a timer.
import { reconcile } from "./reconcile";
import { sandboxSettings } from "./service";
import { stopIdleSessions } from "./sessions";

const IDLE_SWEEP_MS = 60_000;

export async function startSandboxHousekeeping(log: (line: string) => void = (l) => console.log(`[atrium] ${l}`)): Promise<{ stop(): void }> {
  if (sandboxSettings().driver === "local") {
    log("WARNING: ATRIUM_SANDBOX_DRIVER=local runs commands directly on this machine, as Atrium's user, with resource limits but NO isolation");
  }
  try {
    const report = await reconcile();
    const changed = report.removedContainers.length + report.lostSessions.length + report.removedScratchDirs.length;
    if (changed > 0) {
      log(`sandboxes reconciled: ${report.removedContainers.length} orphan containers removed, ${report.lostSessions.length} sessions marked lost`);
    }
    for (const skipped of report.skippedDrivers) log(`sandbox driver ${String(skipped)} not reachable at start-up; sessions will fail until it is`);
  } catch (error) {
    // Docker may be down at boot; Atrium still serves files and the UI, and sessions say why they fail.
    log(`sandbox reconciliation skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
  const timer = setInterval(() => {
    stopIdleSessions(sandboxSettings().idleMs).catch((error: unknown) => log(`idle session sweep failed: ${error instanceof Error ? error.message : String(error)}`));
  }, IDLE_SWEEP_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
