// Workspaces and snapshot rows for the snapshot integration tests: a tree with every kind of entry a
// restore must bring back, and crafted archives registered as if Atrium had written them.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "~/server/db/client";
import { makeTeam, teamWorkspace, type Team, writeRichTree } from "~/server/workspaces/test-helpers";
import { snapshotsDir } from "./snapshots";

/** A team's workspace holding `writeRichTree`. */
export async function richTeamWorkspace(metadata?: Record<string, string>) {
  const team = await makeTeam();
  const ws = await teamWorkspace(team, { template: "empty", ...(metadata ? { metadata } : {}) });
  const root = ws.rootPath;
  await writeRichTree(root);
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
