// Workspaces and snapshot rows for the snapshot integration tests: a tree with every kind of entry a
// restore must bring back, and crafted archives registered as if Atrium had written them.
import { createHash } from "node:crypto";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "~/server/db/client";
import { makeTeam, teamWorkspace, type Team } from "~/server/workspaces/test-helpers";
import { snapshotsDir } from "./snapshots";

/** A team's workspace with nested dirs, an empty dir, a binary file, modes 755/600 and a symlink inside. */
export async function richTeamWorkspace(metadata?: Record<string, string>) {
  const team = await makeTeam();
  const ws = await teamWorkspace(team, { template: "empty", ...(metadata ? { metadata } : {}) });
  const root = ws.rootPath;
  await mkdir(path.join(root, "src/deep"), { recursive: true });
  await mkdir(path.join(root, "empty-dir"));
  await writeFile(path.join(root, "src/deep/data.bin"), Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256)));
  await writeFile(path.join(root, "src/run.sh"), "#!/bin/sh\necho hi\n");
  await chmod(path.join(root, "src/run.sh"), 0o755);
  await writeFile(path.join(root, "private.txt"), "mine\n");
  await chmod(path.join(root, "private.txt"), 0o600);
  await symlink("src/run.sh", path.join(root, "link-inside"));
  return { team, ws, root };
}

/** Registers `bytes` as a snapshot of the workspace with the right sha256, as if Atrium had written it. */
export async function registerArchive(team: Team, workspaceId: string, bytes: Buffer): Promise<string> {
  const id = `crafted-${Math.random().toString(36).slice(2, 10)}`;
  await mkdir(snapshotsDir(workspaceId), { recursive: true });
  const file = path.join(snapshotsDir(workspaceId), `${id}.tar.gz`);
  await writeFile(file, bytes);
  await db().snapshot.create({
    data: { id, workspaceId, createdById: team.owner.id, path: file, sizeBytes: BigInt(bytes.length), sha256: createHash("sha256").update(bytes).digest("hex"), fileCount: 1 },
  });
  return id;
}
