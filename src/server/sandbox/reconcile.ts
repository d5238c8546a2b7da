// Reconciliation (at start-up and every 15 s): make Postgres and the engine agree after a crash.
// - a live session whose container (labelled with this instance id) runs → kept: at start-up this
//   is how a restarted server adopts the sandboxes it left running (ATRIUM_SANDBOXES_ON_SHUTDOWN=keep);
// - a managed container with no live session row → removed (orphan);
// - a live session whose container is gone or not running → STOPPED, stopReason `container_lost`;
// - a session still STARTING after the grace period → STOPPED `start_interrupted` and its container
//   removed, even when the container runs: the process starting it died before it could finish
//   (and nobody got the session back).
// Sessions in STARTING younger than STARTING_GRACE_MS, and any this process is starting, are
// left alone: they may be being created right now.
// - copy-on-write overlays (volumes labelled atrium.overlay, folders under <data>/overlays) of
//   sessions no longer live → removed (access.ts).
import { readdir } from "node:fs/promises";
import { removeWorkspaceTree } from "~/server/storage/whole-tree";
import path from "node:path";
import { db } from "~/server/db/client";
import { reconcileOverlays } from "./access";
import { type DriverName } from "./config";
import type { SandboxDriver } from "./driver";
import { handleOf, sessionsStartingHere, stopSessionById } from "./sessions";
import { driverFor, sandboxSettings } from "./service";
import { logger } from "~/server/observability/logger";

const STARTING_GRACE_MS = 60_000;

export interface ReconcileReport {
  removedContainers: string[];
  lostSessions: string[];
  /** Live sessions whose container runs: kept as they are (adopted, at start-up). */
  keptSessions: string[];
  removedScratchDirs: string[];
  /** Sessions whose copy-on-write overlay (volume and folders) outlived them: removed. */
  removedOverlays: string[];
  /** Drivers that could not be asked (e.g. Docker down); their sessions were left as they were. */
  skippedDrivers: DriverName[];
  /** Single steps that failed (one container the engine would not remove); the rest went on. */
  errors: string[];
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function reconcile(now: Date = new Date()): Promise<ReconcileReport> {
  const report: ReconcileReport = { removedContainers: [], lostSessions: [], keptSessions: [], removedScratchDirs: [], removedOverlays: [], skippedDrivers: [], errors: [] };
  const live = await db().sandboxSession.findMany({ where: { status: { in: ["STARTING", "RUNNING"] } } });
  const liveIds = new Set(live.map((s) => s.id));
  // Reconcile also runs periodically: a session being started right now has a container that is
  // created but not yet running, which must not be taken for a dead one.
  const startingHere = sessionsStartingHere();
  const starting = new Set(
    live.filter((s) => s.status === "STARTING" && (startingHere.has(s.id) || now.getTime() - s.createdAt.getTime() < STARTING_GRACE_MS)).map((s) => s.id),
  );
  const names: DriverName[] = sandboxSettings().driver === "local" ? ["local", "docker"] : ["docker", "local"];
  for (const name of names) {
    let driver: SandboxDriver;
    let found;
    try {
      driver = driverFor(name);
      found = await driver.list();
    } catch (error) {
      // Docker being down on a local-driver machine is normal; leave its sessions alone.
      if (live.some((s) => s.driver === name)) logger("sandbox").warn({ err: error }, `reconcile: ${name} driver unavailable`);
      report.skippedDrivers.push(name);
      continue;
    }
    const running = new Set<string>();
    for (const sandbox of found) {
      if (sandbox.sessionId && starting.has(sandbox.sessionId)) continue;
      if (sandbox.sessionId && liveIds.has(sandbox.sessionId) && sandbox.running) {
        running.add(sandbox.handle.id);
        continue;
      }
      // Orphan (no live row) or a stopped container of a live row: remove it; the row is handled below.
      // One container the engine refuses to remove (busy file system, half-killed) must not
      // keep every other session from being settled: note it and go on; the next run retries.
      try {
        await driver.destroy(sandbox.handle);
        report.removedContainers.push(sandbox.handle.id);
      } catch (error) {
        report.errors.push(`container ${sandbox.handle.id}: ${describe(error)}`);
      }
    }
    for (const session of live.filter((s) => s.driver === name)) {
      if (starting.has(session.id)) continue;
      const handle = handleOf(session);
      const interrupted = session.status === "STARTING";
      if (handle && running.has(handle.id) && !interrupted) {
        report.keptSessions.push(session.id);
        continue;
      }
      try {
        await stopSessionById(session.id, interrupted ? "start_interrupted" : "container_lost");
        report.lostSessions.push(session.id);
      } catch (error) {
        report.errors.push(`session ${session.id}: ${describe(error)}`);
      }
    }
  }
  report.removedScratchDirs = await removeStaleScratch(liveIds);
  const overlays = await reconcileOverlays(sandboxSettings(), liveIds);
  report.removedOverlays = [...new Set([...overlays.removedVolumes.map((v) => v.replace(/^atrium-cow-/, "")), ...overlays.removedDirs])];
  report.errors.push(...overlays.errors);
  return report;
}

/** Scratch directories of sessions that are no longer live (the server died before removing them). */
async function removeStaleScratch(liveIds: Set<string>): Promise<string[]> {
  const root = path.join(sandboxSettings().dataDir, "sandbox-scratch");
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [])) {
    if (liveIds.has(name)) continue;
    // A sandbox wrote this tree: removed through the confined helper, not by path as root.
    await removeWorkspaceTree(path.join(root, name), { keepTop: false });
    removed.push(name);
  }
  return removed;
}
