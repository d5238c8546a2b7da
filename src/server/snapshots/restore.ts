// snapshots.restore (owners): verify the checksum, inspect every entry, take a PRE_RESTORE
// snapshot, extract into a sibling directory, then swap it into place with two renames. Any
// refusal or failure before the swap leaves the live tree exactly as it was.
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import * as audit from "~/server/audit/audit";
import type { Actor, RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { AppError, isAppError } from "~/server/errors";
import { isProtectedPath } from "~/server/files/path-guard";
import { isNotFound } from "~/server/workspaces/host-dir";
import { withDiskLock } from "~/server/workspaces/locks";
import { recomputeUsage } from "~/server/workspaces/quota";
import { digestFile, extractArchive } from "~/server/workspaces/tarball";
import { workspaceNotFound } from "~/server/workspaces/view";
import { inspectArchive } from "./inspect-archive";
import { applyRetention, assertActive, loadSnapshot, type SnapshotView, writeSnapshot } from "./snapshots";

export interface RestoreResult {
  restored: SnapshotView;
  preRestore: SnapshotView;
  usageBytes: bigint;
}

export async function restoreSnapshot(ctx: RequestContext & { actor: Actor }, access: WorkspaceAccess, snapshotId: string): Promise<RestoreResult> {
  assertActive(access);
  return withDiskLock(access.workspace.id, "restore", async () => {
    const ws = await db().workspace.findUnique({ where: { id: access.workspace.id }, select: { id: true, rootPath: true, status: true, quotaBytes: true } });
    if (!ws) throw workspaceNotFound();
    assertActive({ ...access, workspace: { ...access.workspace, status: ws.status } });
    const snapshot = await loadSnapshot(ws.id, snapshotId);

    // 1. Only the exact bytes Atrium wrote, and only entries that stay inside and fit the quota.
    await verifySnapshotFile(snapshot);
    await inspectArchive(snapshot.path, ws.quotaBytes);

    // 2. A way back. Retention waits until the end so it cannot expire the snapshot being restored.
    const preRestore = await writeSnapshot(ctx, ws, {
      label: `Before restoring ${snapshot.label || snapshot.id}`,
      kind: "PRE_RESTORE",
      includeProtected: false,
      keep: false,
      retention: false,
    });

    // 3. Extract beside the root, then swap.
    const root = path.resolve(ws.rootPath);
    const tag = randomBytes(4).toString("hex");
    const staging = path.join(path.dirname(root), `.${path.basename(root)}.restore-${tag}`);
    const old = path.join(path.dirname(root), `.${path.basename(root)}.old-${tag}`);
    const carried: string[] = [];
    try {
      await mkdir(staging, { mode: 0o755 });
      await extractArchive(snapshot.path, staging);
      // A snapshot without protected files must not wipe the live ones (.git, .env…): carry them over.
      if (!snapshot.includesProtected) await carryProtected(root, staging, "", carried);
      await swapInto(root, staging, old);
    } catch (error) {
      // Put carried protected entries back before the staging tree goes.
      for (const rel of carried.reverse()) {
        await rename(path.join(staging, rel), path.join(root, rel)).catch((e: unknown) => console.error(`[snapshots] could not move back ${rel}:`, e));
      }
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      if (isAppError(error)) throw error;
      throw new AppError("INTERNAL", {
        message: "Restoring the snapshot failed before the workspace was replaced, so nothing changed. Check free disk space and try again.",
        reason: "restore_failed",
        cause: error,
      });
    }
    await rm(old, { recursive: true, force: true }).catch((e: unknown) => console.error(`[snapshots] could not remove ${old}:`, e));

    const usageBytes = await recomputeUsage(ws.id);
    await applyRetention(ctx, ws.id);
    await audit.record(ctx, { type: "snapshot_restored", workspaceId: ws.id, snapshotId: snapshot.id, preRestoreSnapshotId: preRestore.id });
    const { path: _path, ...restored } = snapshot;
    return { restored, preRestore, usageBytes };
  });
}

export async function verifySnapshotFile(snapshot: { path: string; sha256: string; sizeBytes: bigint }): Promise<void> {
  let actual;
  try {
    actual = await digestFile(snapshot.path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new AppError("CONFLICT", { message: "The snapshot's file is missing, so it cannot be restored. Delete this snapshot.", reason: "snapshot_missing" });
  }
  if (actual.sha256 !== snapshot.sha256 || actual.bytes !== snapshot.sizeBytes) {
    throw new AppError("CONFLICT", {
      message: "The snapshot's file does not match its recorded checksum, so it was not restored. Nothing was changed.",
      reason: "snapshot_corrupt",
      details: { expectedSha256: snapshot.sha256, actualSha256: actual.sha256 },
    });
  }
}

/** Moves protected entries of the live tree into `staging` where the snapshot has nothing there. */
async function carryProtected(root: string, staging: string, rel: string, carried: string[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(path.join(root, rel));
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  for (const name of names) {
    const childRel = rel ? `${rel}/${name}` : name;
    const from = path.join(root, childRel);
    const to = path.join(staging, childRel);
    if (isProtectedPath(childRel)) {
      if (await present(to)) continue;
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
      carried.push(childRel);
    } else if ((await lstat(from)).isDirectory()) {
      await carryProtected(root, staging, childRel, carried);
    }
  }
}

async function present(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** root → old, staging → root; if the second rename fails the first is undone. */
async function swapInto(root: string, staging: string, old: string): Promise<void> {
  await rename(root, old);
  try {
    await rename(staging, root);
  } catch (error) {
    await rename(old, root);
    throw error;
  }
}
