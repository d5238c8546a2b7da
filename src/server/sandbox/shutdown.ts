// What happens to this instance's sandboxes when the server stops (ATRIUM_SANDBOXES_ON_SHUTDOWN).
// `keep` (default): nothing here; containers keep running and the next start adopts them (see
// reconcile.ts), so sessions and their files in /tmp survive a restart or an upgrade. `stop`: every
// session whose sandbox this instance runs is stopped (`server_shutdown`) and its container removed,
// so nothing is left running while the server is down. Only containers labelled with this instance
// id are touched; another installation's on the same Docker host never are.
import { type DriverName } from "./config";
import { stopSessionById } from "./sessions";
import { driverFor, sandboxSettings } from "./service";

export interface ShutdownReport {
  stoppedSessions: string[];
  removedContainers: string[];
  errors: string[];
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function stopOwnSandboxes(reason = "server_shutdown"): Promise<ShutdownReport> {
  const report: ShutdownReport = { stoppedSessions: [], removedContainers: [], errors: [] };
  const names: DriverName[] = sandboxSettings().driver === "local" ? ["local", "docker"] : ["docker", "local"];
  for (const name of names) {
    let found;
    try {
      found = await driverFor(name).list();
    } catch (error) {
      if (name === sandboxSettings().driver) report.errors.push(`${name} driver: ${describe(error)}`);
      continue;
    }
    for (const sandbox of found) {
      try {
        if (sandbox.sessionId) {
          // Marks the row STOPPED (when live) and removes the container and any scratch directory.
          await stopSessionById(sandbox.sessionId, reason);
          report.stoppedSessions.push(sandbox.sessionId);
        }
        // A container without a row (or whose row stopSessionById did not know) goes too.
        await driverFor(name).destroy(sandbox.handle);
        report.removedContainers.push(sandbox.handle.id);
      } catch (error) {
        report.errors.push(`${sandbox.handle.id}: ${describe(error)}`);
      }
    }
  }
  return report;
}
