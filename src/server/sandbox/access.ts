// Session access modes: what a session's PROCESSES may do to the workspace files. `rw` mounts the
// workspace as is; `ro` bind-mounts it read-only (for every role, editors included); `cow` mounts an
// overlay whose lower layer is the workspace and whose upper layer is a fresh directory Atrium made
// under <data>/overlays/<session>/, so the session's writes never reach the workspace and go with
// the session (or become a snapshot on request: cow-snapshot.ts). The mode is about the sandbox only:
// the files API keeps acting as the caller's role, whatever sessions are running.
//
// Mechanism: a Docker volume with the local driver, `type=overlay`, that dockerd mounts when the
// container starts and unmounts when it is removed. Containment: the overlay's paths are all
// Atrium's (the workspace root is a folder Atrium or an admin chose, in a root-only parent; upper
// and work are created here, fresh, non-recursively), so no path a sandbox process controls is ever
// resolved by the host mount. Whatever the sandbox writes into the upper layer is removed through
// the confined helper, never by root following paths.
import { chown, lstat, mkdir, readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { z } from "zod";
import type { SessionAccess } from "~/generated/prisma/enums";
import { docker as defaultDocker } from "~/server/docker/client";
import { AppError } from "~/server/errors";
import { logger } from "~/server/observability/logger";
import { removeWorkspaceTree } from "~/server/storage/whole-tree";
import type { SandboxConfig } from "./config";
import { LABELS } from "./driver";

export const SESSION_ACCESS = ["rw", "ro", "cow"] as const;
export type SessionAccessName = (typeof SESSION_ACCESS)[number];

export const ZSessionAccess = z
  .enum(SESSION_ACCESS)
  .describe(
    "What the session's processes may do to /workspace: rw (read and write), ro (mounted read-only), cow (copy-on-write: writes land in an overlay discarded when the session stops, unless kept as a snapshot first).",
  );

const TO_DB: Record<SessionAccessName, SessionAccess> = { rw: "RW", ro: "RO", cow: "COW" };
export const accessToDb = (a: SessionAccessName): SessionAccess => TO_DB[a];
export const accessFromDb = (a: SessionAccess): SessionAccessName => (a === "RO" ? "ro" : a === "COW" ? "cow" : "rw");

/** Label on the overlay volumes, besides the managed/instance/session/workspace ones containers carry. */
export const OVERLAY_LABEL = "atrium.overlay";

export function overlaysRoot(config: Pick<SandboxConfig, "dataDir">): string {
  return path.join(config.dataDir, "overlays");
}

export function overlayDirs(config: Pick<SandboxConfig, "dataDir">, sessionId: string): { dir: string; upper: string; work: string } {
  const dir = path.join(overlaysRoot(config), sessionId);
  return { dir, upper: path.join(dir, "upper"), work: path.join(dir, "work") };
}

export function overlayVolumeName(sessionId: string): string {
  return `atrium-cow-${sessionId}`;
}

/**
 * The overlay's mount options are one comma-separated string: a workspace root with `,` `:` or `\`
 * in it (possible only for an admin-registered host folder) cannot be expressed, so cow is refused.
 */
export function assertOverlayablePath(dir: string): void {
  if (!path.isAbsolute(dir) || /[,:\\\n\r]/.test(dir)) {
    throw new AppError("INVALID_INPUT", {
      message: "This workspace's folder has a name a copy-on-write overlay cannot use (a comma, colon or backslash in its host path). Start an rw or ro session instead.",
      reason: "cow_unsupported",
    });
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : undefined;
}

/**
 * Makes the session's upper and work folders and the overlay volume over `lowerDir`; returns the
 * volume name. The upper folder's owner and mode are the workspace root's, because the merged
 * view's root takes them from the upper layer (the sandbox uid must be able to write there).
 */
export async function prepareOverlay(
  config: Pick<SandboxConfig, "dataDir" | "instanceId">,
  ids: { sessionId: string; workspaceId: string },
  lowerDir: string,
  client: () => Docker = defaultDocker,
): Promise<string> {
  assertOverlayablePath(lowerDir);
  const dirs = overlayDirs(config, ids.sessionId);
  assertOverlayablePath(dirs.dir);
  const lower = await lstat(lowerDir);
  if (!lower.isDirectory()) throw new AppError("CONFLICT", { message: "The workspace folder is missing on disk.", reason: "cow_unsupported" });
  await mkdir(overlaysRoot(config), { recursive: true, mode: 0o700 });
  // Not recursive: a folder with this session's name already there is a bug, never something to reuse.
  await mkdir(dirs.dir, { mode: 0o700 });
  await mkdir(dirs.upper, { mode: lower.mode & 0o7777 });
  await mkdir(dirs.work, { mode: 0o700 });
  if (process.getuid?.() === 0) await chown(dirs.upper, lower.uid, lower.gid);
  const name = overlayVolumeName(ids.sessionId);
  try {
    await client().createVolume({
      Name: name,
      Driver: "local",
      DriverOpts: { type: "overlay", device: "overlay", o: `lowerdir=${lowerDir},upperdir=${dirs.upper},workdir=${dirs.work}` },
      Labels: { [LABELS.managed]: "1", [LABELS.instance]: config.instanceId, [LABELS.session]: ids.sessionId, [LABELS.workspace]: ids.workspaceId, [OVERLAY_LABEL]: "1" },
    });
  } catch (error) {
    await discardOverlay(config, ids.sessionId, client).catch(() => undefined);
    throw new AppError("UNAVAILABLE", {
      message: `Docker could not create the copy-on-write volume: ${error instanceof Error ? error.message : String(error)}`,
      reason: "docker_error",
      cause: error,
    });
  }
  return name;
}

/**
 * Removes the session's overlay volume (its container must be gone: a volume in use is refused) and
 * folders. Idempotent: nothing there is nothing to do.
 */
export async function discardOverlay(config: Pick<SandboxConfig, "dataDir">, sessionId: string, client: () => Docker = defaultDocker): Promise<void> {
  try {
    await client().getVolume(overlayVolumeName(sessionId)).remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  const dirs = overlayDirs(config, sessionId);
  // The upper layer holds what the sandbox wrote: through the confined helper, never following its symlinks.
  await removeWorkspaceTree(dirs.upper, { keepTop: false });
  // The work folder is the kernel's (the sandbox never sees it).
  await rm(dirs.work, { recursive: true, force: true });
  await rmdir(dirs.dir).catch((error: unknown) => {
    if (!(error instanceof Error && "code" in error && error.code === "ENOENT")) throw error;
  });
}

/** The merged view's host path while the session's container runs (dockerd mounts the volume there). */
export async function mergedViewPath(sessionId: string, client: () => Docker = defaultDocker): Promise<string> {
  try {
    const info = (await client().getVolume(overlayVolumeName(sessionId)).inspect()) as { Mountpoint?: string };
    if (!info.Mountpoint) throw new Error("the volume has no mount point");
    return info.Mountpoint;
  } catch (error) {
    throw new AppError("CONFLICT", {
      message: "This session's copy-on-write layer is gone (the session stopped). Start a new cow session.",
      reason: "session_not_running",
      cause: error,
    });
  }
}

export interface OverlayReconcile {
  removedVolumes: string[];
  removedDirs: string[];
  errors: string[];
}

/**
 * Overlay volumes and folders of sessions that are no longer live (a crash between a container's
 * removal and its overlay's, or a restart with sessions stopped): removed. Runs after containers
 * were reconciled, so the volumes are no longer in use.
 */
export async function reconcileOverlays(
  config: Pick<SandboxConfig, "dataDir" | "instanceId">,
  liveIds: ReadonlySet<string>,
  client: () => Docker = defaultDocker,
): Promise<OverlayReconcile> {
  const report: OverlayReconcile = { removedVolumes: [], removedDirs: [], errors: [] };
  let volumes: { Name: string; Labels?: Record<string, string> | null }[] = [];
  try {
    const listed = await client().listVolumes({ filters: { label: [`${OVERLAY_LABEL}=1`, `${LABELS.instance}=${config.instanceId}`] } });
    volumes = listed.Volumes ?? [];
  } catch (error) {
    report.errors.push(`listing overlay volumes: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const v of volumes) {
    const sessionId = v.Labels?.[LABELS.session];
    if (!sessionId || liveIds.has(sessionId)) continue;
    try {
      await discardOverlay(config, sessionId, client);
      report.removedVolumes.push(v.Name);
    } catch (error) {
      report.errors.push(`volume ${v.Name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const name of await readdir(overlaysRoot(config)).catch(() => [])) {
    if (liveIds.has(name)) continue;
    try {
      await discardOverlay(config, name, client);
      report.removedDirs.push(name);
    } catch (error) {
      report.errors.push(`overlay ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (report.errors.length) logger("sandbox").warn({ errors: report.errors }, "reconcile: some overlays could not be removed");
  return report;
}
