// snapshots.restoreAsNew: a snapshot becomes a NEW workspace the caller owns, the source untouched;
// editors and up (owners only for protected snapshots); hostile archives and clashing names leave nothing behind.
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "~/server/db/client";
import { type RoomMessage, subscribe } from "~/server/realtime/workspace-bus";
import { workspacesDir } from "~/server/workspaces/paths";
import { removeDataDir, treeFingerprint } from "~/server/workspaces/test-helpers";
import { callerAs, failure, lastAudit } from "~/test/actors";
import { HOSTILE_ARCHIVES } from "./archives.fixture";
import { registerArchive, richTeamWorkspace } from "./snapshots.fixture";
import { snapshotsDir } from "./snapshots";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);


async function stagingLeftovers(): Promise<string[]> {
  return (await readdir(workspacesDir())).filter((n) => n.startsWith("."));
}

describe("snapshots.restoreAsNew", () => {
  it("an owner restores into a new workspace of their own; the source is untouched; broadcast and audited", async () => {
    const { team, ws, root } = await richTeamWorkspace({ origin: "source" });
    const owner = await callerAs(team.owner);
    const snap = await owner.snapshots.create({ workspaceId: ws.id, label: "v1" });
    const atSnapshot = await treeFingerprint(root);
    await writeFile(path.join(root, "after.txt"), "later");
    const sourceBefore = await treeFingerprint(root);

    const messages: RoomMessage[] = [];
    const stop = subscribe((m) => messages.push(m));
    const result = await owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: snap.id, name: "Restored copy", operationId: "op-as-new-0001" }).finally(stop);

    expect(result.workspace).toMatchObject({ name: "Restored copy", ownerId: team.owner.id, role: "owner", metadata: { origin: "source" }, status: "ACTIVE" });
    expect(result.operationId).toBe("op-as-new-0001");
    expect(await treeFingerprint(result.workspace.rootPath)).toEqual(atSnapshot);
    expect(await treeFingerprint(root)).toEqual(sourceBefore);
    expect(result.workspace.usageBytes).toBeGreaterThan(50_000n);
    expect(await stagingLeftovers()).toEqual([]);
    // Nobody else came along: the new workspace has one member.
    expect(await db().membership.findMany({ where: { workspaceId: result.workspace.id }, select: { userId: true, role: true } })).toEqual([{ userId: team.owner.id, role: "OWNER" }]);

    expect(messages.filter((m) => m.event === "snapshot:restored").map((m) => m.payload)).toEqual([{ workspaceId: ws.id, snapshotId: snap.id, targetWorkspaceId: result.workspace.id }]);
    const phases = messages.flatMap((m) => (m.event === "snapshot:progress" && m.payload.operationId === "op-as-new-0001" ? [m.payload.phase] : []));
    expect([...new Set(phases)]).toEqual(["verifying", "extracting", "swapping", "done"]);
    expect(await lastAudit({ actorUserId: team.owner.id, action: "snapshots.restoreAsNew" })).toMatchObject({ outcome: "ALLOWED", workspaceId: ws.id, target: snap.id, details: { newWorkspaceId: result.workspace.id } });
  });

  it("viewers and editors are refused (owners only); a taken name is CONFLICT before any work", async () => {
    const { team, ws, root } = await richTeamWorkspace({ origin: "source" });
    await writeFile(path.join(root, ".env"), "SECRET=1\n");
    const owner = await callerAs(team.owner);
    const full = await owner.snapshots.create({ workspaceId: ws.id, includeProtected: true });
    const plain = await owner.snapshots.create({ workspaceId: ws.id });

    expect(await failure((await callerAs(team.viewer)).snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: plain.id, name: "Nope" }))).toMatchObject({ code: "FORBIDDEN" });
    // Editors too, with or without protected files: a snapshot holds what path rules block.
    const editor = await callerAs(team.editor);
    for (const snap of [full, plain]) {
      expect(await failure(editor.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: snap.id, name: "Secrets" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
      expect(await lastAudit({ actorUserId: team.editor.id, action: "snapshots.restoreAsNew" })).toMatchObject({ outcome: "DENIED", reason: "role_required", target: snap.id });
    }
    const withSecrets = await owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: full.id, name: "Secrets" });
    expect(await treeFingerprint(withSecrets.workspace.rootPath)).toMatchObject({ ".env": expect.stringMatching(/^file:/) as unknown });

    // The owner already has "Secrets" now; the source's own name is taken too.
    expect(await failure(owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: plain.id, name: "Secrets" }))).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(await failure(owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: plain.id, name: ws.name }))).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(await failure(owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: "missing", name: "X" }))).toMatchObject({ code: "NOT_FOUND", reason: "snapshot_not_found" });
    expect(await stagingLeftovers()).toEqual([]);
  });

  describe("refuses hostile archives with nothing created", () => {
    for (const [name, make, reason] of HOSTILE_ARCHIVES) {
      it(name, async () => {
        const { team, ws, root } = await richTeamWorkspace({ origin: "source" });
        const before = await treeFingerprint(root);
        const id = await registerArchive(team, ws.id, make());
        const owned = await db().workspace.count({ where: { ownerId: team.owner.id } });
        expect(await failure((await callerAs(team.owner)).snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: id, name: `Hostile ${name}` }))).toMatchObject({ reason });
        expect(await db().workspace.count({ where: { ownerId: team.owner.id } })).toBe(owned);
        expect(await stagingLeftovers()).toEqual([]);
        expect(await treeFingerprint(root)).toEqual(before);
      });
    }

    it("a snapshot file that does not match its checksum", async () => {
      const { team, ws } = await richTeamWorkspace({ origin: "source" });
      const owner = await callerAs(team.owner);
      const snap = await owner.snapshots.create({ workspaceId: ws.id });
      await writeFile(path.join(snapshotsDir(ws.id), `${snap.id}.tar.gz`), "tampered");
      expect(await failure(owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId: snap.id, name: "Tampered" }))).toMatchObject({ code: "CONFLICT", reason: "snapshot_corrupt" });
      expect(await stagingLeftovers()).toEqual([]);
    });
  });
});
