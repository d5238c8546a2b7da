// NO_EXEC path rules, enforced by the sandbox: every existing folder a NO_EXEC rule covers is
// mounted noexec (and nosuid, nodev) inside the session's container (helper.ts, atrium-noexec.c).
// When: at session start (after the container starts, before the session is RUNNING; a failure
// fails the start rather than running without the mounts) and when a NO_EXEC rule is added, for
// the workspace's running sessions. Globs are expanded to the folders that exist at that moment,
// walked through the confined file helper (never host paths); a folder made later that matches a
// glob gets noexec at the next apply (session start or rule change). A removed rule's mounts stay
// until the session restarts: lifting a mount safely from outside needs a path, and only fd-based
// calls are safe against a sandbox racing us. Exec refuses those files anyway (run-guard.ts).
// The local driver runs commands on the host and cannot enforce this (exec still refuses).
import type { SandboxSession } from "~/generated/prisma/client";
import { db } from "~/server/db/client";
import { ruleMatches } from "~/server/files/path-rules-match";
import { logger } from "~/server/observability/logger";
import { confinedFs } from "~/server/storage/confined-fs";
import type { WalkEntry } from "~/server/storage/confined-fs";
import type { NoExecOutcome, SandboxDriver, SandboxHandle } from "../driver";
import { noExecPatterns } from "../run-guard";
import { noExecUnavailable } from "./helper";

/** Entries walked to find folders; a bigger workspace with NO_EXEC rules cannot start a session. */
export const MAX_WALK = 200_000;

/**
 * The topmost folders a NO_EXEC pattern covers (a covered folder's subfolders ride on its mount).
 * `entries` come parents first, as the walk returns them. Pure.
 */
export function noExecFolders(entries: readonly { inner: string; stat: Pick<WalkEntry["stat"], "type"> }[], patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [];
  const picked: string[] = [];
  const covered = new Set<string>();
  for (const { inner, stat } of entries) {
    if (stat.type !== "directory") continue;
    const slash = inner.lastIndexOf("/");
    const parent = slash < 0 ? "" : inner.slice(0, slash);
    if (covered.has(parent)) {
      covered.add(inner);
      continue;
    }
    if (patterns.some((p) => ruleMatches(p, inner))) {
      picked.push(inner);
      covered.add(inner);
    }
  }
  return picked;
}

async function foldersOf(rootPath: string, patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0) return [];
  let entries: WalkEntry[];
  try {
    entries = await confinedFs(rootPath).walk("", { max: MAX_WALK });
  } catch (error) {
    throw noExecUnavailable(`the workspace could not be walked for matching folders: ${error instanceof Error ? error.message : String(error)}`);
  }
  return noExecFolders(entries, patterns);
}

/**
 * Mounts the workspace's NO_EXEC folders noexec in one running sandbox. Throws
 * `noexec_unavailable` when rules exist and the driver cannot enforce them; skipped folders
 * (gone, or a symlink swapped in) are logged, never followed.
 */
export async function applyNoExec(driver: SandboxDriver, handle: SandboxHandle, workspace: { id: string; rootPath: string }): Promise<NoExecOutcome[]> {
  if (!driver.isolated) return [];
  const patterns = await noExecPatterns(workspace.id);
  if (patterns.length === 0) return [];
  if (!driver.mountNoExec) throw noExecUnavailable(`the ${driver.name} driver cannot mount folders`);
  const folders = await foldersOf(workspace.rootPath, patterns);
  if (folders.length === 0) return [];
  const outcomes = await driver.mountNoExec(handle, folders);
  const skipped = outcomes.filter((o) => o.result === "skip");
  if (skipped.length > 0) logger("sandbox").warn({ workspaceId: workspace.id, skipped }, "no_exec folders skipped (gone or a symlink on the way)");
  return outcomes;
}

/** After a NO_EXEC rule is added: applies it to the workspace's running Docker sessions. A session that cannot take it is stopped. */
export async function applyNoExecToRunning(workspaceId: string, deps: { driver: SandboxDriver; stop: (sessionId: string, reason: string) => Promise<void> }): Promise<{ applied: string[]; stopped: string[] }> {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { id: true, rootPath: true } });
  const rows: Pick<SandboxSession, "id" | "containerId">[] = ws
    ? await db().sandboxSession.findMany({
        where: { workspaceId, driver: "docker", ephemeral: false, status: "RUNNING", containerId: { not: null } },
        select: { id: true, containerId: true },
      })
    : [];
  const result = { applied: [] as string[], stopped: [] as string[] };
  if (!ws) return result;
  for (const row of rows) {
    try {
      await applyNoExec(deps.driver, { driver: "docker", id: row.containerId ?? "" }, ws);
      result.applied.push(row.id);
    } catch (error) {
      // Running on without the new rule's mounts would leave a hole the owner thinks is closed.
      logger("sandbox").error({ err: error }, `could not apply no_exec rules to session ${row.id}; stopping it`);
      await deps.stop(row.id, "noexec_unavailable").catch(() => undefined);
      result.stopped.push(row.id);
    }
  }
  return result;
}
