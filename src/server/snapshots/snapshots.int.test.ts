// Snapshots: round trip, protected files, retention, and hostile archives refused with the workspace unchanged.
import { chmod, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import { afterAll, describe, expect, it, vi } from "vitest";
import { snapshotsRouter } from "~/server/api/routers/snapshots";
import { createCallerFactory, createContext, createTRPCRouter } from "~/server/api/trpc";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { giveToSandbox, removeDataDir, treeFingerprint } from "~/server/workspaces/test-helpers";
import { failure, lastAudit, sessionCookie } from "~/test/actors";
import { craftArchive, HOSTILE_ARCHIVES } from "./archives.fixture";
import { registerArchive, richTeamWorkspace } from "./snapshots.fixture";
import { snapshotsDir } from "./snapshots";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

const callSnapshots = createCallerFactory(createTRPCRouter({ snapshots: snapshotsRouter }));
async function snaps(user: ActorUser) {
  return callSnapshots(await createContext({ cookie: await sessionCookie(user.id), authorization: null, ip: null, channel: "UI" })).snapshots;
}


describe("snapshots", () => {
  it("snapshot then restore gives a byte-identical tree (files, empty dirs, modes, symlinks) after a PRE_RESTORE snapshot", async () => {
    const { team, ws, root } = await richTeamWorkspace();
    const before = await treeFingerprint(root);
    const editor = await snaps(team.editor);
    const snap = await editor.create({ workspaceId: ws.id, label: "v1" });
    expect(snap).toMatchObject({ kind: "MANUAL", label: "v1", fileCount: 4, includesProtected: false, createdById: team.editor.id });
    expect(await readdir(snapshotsDir(ws.id))).toEqual([`${snap.id}.tar.gz`]);
    expect(await lastAudit({ actorUserId: team.editor.id, action: "snapshots.create" })).toMatchObject({ outcome: "ALLOWED", target: snap.id });

    // Mess the tree up: change, delete, add.
    await writeFile(path.join(root, "src/run.sh"), "changed");
    await chmod(path.join(root, "private.txt"), 0o644);
    await writeFile(path.join(root, "new.txt"), "new");
    await db().workspace.update({ where: { id: ws.id }, data: { usageBytes: 0n } });

    expect(await failure(editor.restore({ workspaceId: ws.id, snapshotId: snap.id }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    const owner = await snaps(team.owner);
    const result = await owner.restore({ workspaceId: ws.id, snapshotId: snap.id });
    expect(await treeFingerprint(root)).toEqual(before);
    expect(result.preRestore).toMatchObject({ kind: "PRE_RESTORE" });
    expect(result.usageBytes).toBeGreaterThan(50_000n);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).usageBytes).toBe(result.usageBytes);
    // No staging or old trees left beside the root.
    expect((await readdir(path.dirname(root))).filter((n) => n.includes(ws.id) && n !== ws.id)).toEqual([]);
    const list = await (await snaps(team.viewer)).list({ workspaceId: ws.id });
    expect(list.map((s) => s.kind).sort()).toEqual(["MANUAL", "PRE_RESTORE"]);

    // The pre-restore snapshot really holds the messed-up tree.
    await owner.restore({ workspaceId: ws.id, snapshotId: result.preRestore.id });
    expect(await treeFingerprint(root)).toMatchObject({ "new.txt": expect.stringMatching(/^file:/) as unknown });
  });

  it("excludes protected files by default, keeps the live ones across a restore, and lets only owners include them", async () => {
    const { team, ws, root } = await richTeamWorkspace();
    await writeFile(path.join(root, ".env"), "SECRET=1\n");
    await mkdir(path.join(root, ".git/objects"), { recursive: true });
    await writeFile(path.join(root, ".git/HEAD"), "ref: refs/heads/main\n");
    await writeFile(path.join(root, "src/id_rsa"), "key");
    await giveToSandbox(root);
    const editor = await snaps(team.editor);
    expect(await failure(editor.create({ workspaceId: ws.id, includeProtected: true }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    const plain = await editor.create({ workspaceId: ws.id });
    expect(plain.fileCount).toBe(4);
    const listed: string[] = [];
    await tar.list({ file: path.join(snapshotsDir(ws.id), `${plain.id}.tar.gz`), onReadEntry: (e) => void listed.push(e.path) });
    expect(listed.filter((p) => /\.env|\.git|id_rsa/.test(p))).toEqual([]);

    const full = await (await snaps(team.owner)).create({ workspaceId: ws.id, includeProtected: true });
    expect(full).toMatchObject({ includesProtected: true, fileCount: 7 });

    // Restoring the plain snapshot keeps the live protected files instead of wiping them.
    const before = await treeFingerprint(root);
    await (await snaps(team.owner)).restore({ workspaceId: ws.id, snapshotId: plain.id });
    expect(await treeFingerprint(root)).toEqual(before);
  });

  it("keeps the newest snapshotKeep non-keep snapshots and never expires keep ones; owners delete", async () => {
    const { team, ws } = await richTeamWorkspace();
    await db().workspace.update({ where: { id: ws.id }, data: { snapshotKeep: 2 } });
    const editor = await snaps(team.editor);
    const kept = await editor.create({ workspaceId: ws.id, label: "keep me", keep: true });
    const a = await editor.create({ workspaceId: ws.id, label: "a" });
    const b = await editor.create({ workspaceId: ws.id, label: "b" });
    const c = await editor.create({ workspaceId: ws.id, label: "c" });
    const ids = (await editor.list({ workspaceId: ws.id })).map((s) => s.id).sort();
    expect(ids).toEqual([kept.id, b.id, c.id].sort());
    expect((await readdir(snapshotsDir(ws.id))).sort()).toEqual([kept.id, b.id, c.id].map((id) => `${id}.tar.gz`).sort());
    expect(await lastAudit({ action: "snapshots.delete", actorUserId: team.editor.id })).toMatchObject({ target: a.id, details: { retention: true } });

    expect(await failure(editor.delete({ workspaceId: ws.id, snapshotId: b.id }))).toMatchObject({ code: "FORBIDDEN" });
    await (await snaps(team.owner)).delete({ workspaceId: ws.id, snapshotId: b.id });
    expect(await failure(editor.get({ workspaceId: ws.id, snapshotId: b.id }))).toMatchObject({ code: "NOT_FOUND", reason: "snapshot_not_found" });
    // Another workspace's snapshot id is NOT_FOUND here.
    const other = await richTeamWorkspace();
    expect(await failure((await snaps(other.team.owner)).get({ workspaceId: other.ws.id, snapshotId: c.id }))).toMatchObject({ reason: "snapshot_not_found" });
  });

  describe("refuses hostile archives with the workspace unchanged", () => {
    const cases: [string, () => Buffer, string][] = [
      ...HOSTILE_ARCHIVES,
      ["a gzip of zeros over the quota", () => craftArchive([{ path: "zeros.bin", body: Buffer.alloc(3 * 1024 * 1024) }]), "archive_too_large"],
    ];
    for (const [name, make, reason] of cases) {
      it(name, async () => {
        const { team, ws, root } = await richTeamWorkspace();
        await db().workspace.update({ where: { id: ws.id }, data: { quotaBytes: 1024n * 1024n } });
        const before = await treeFingerprint(root);
        const id = await registerArchive(team, ws.id, make());
        const owner = await snaps(team.owner);
        expect(await failure(owner.restore({ workspaceId: ws.id, snapshotId: id }))).toMatchObject({ reason });
        expect(await treeFingerprint(root)).toEqual(before);
        expect((await owner.list({ workspaceId: ws.id })).map((s) => s.id)).toEqual([id]); // no PRE_RESTORE taken
        expect(await readdir(snapshotsDir(ws.id))).toEqual([`${id}.tar.gz`]); // and no packed file left either
        expect((await readdir(path.dirname(root))).filter((n) => n.includes(ws.id) && n !== ws.id)).toEqual([]);
      });
    }

    it("a file whose checksum does not match", async () => {
      const { team, ws, root } = await richTeamWorkspace();
      const before = await treeFingerprint(root);
      const owner = await snaps(team.owner);
      const snap = await owner.create({ workspaceId: ws.id });
      await writeFile(path.join(snapshotsDir(ws.id), `${snap.id}.tar.gz`), craftArchive([{ path: "x", body: Buffer.from("y") }]));
      expect(await failure(owner.restore({ workspaceId: ws.id, snapshotId: snap.id }))).toMatchObject({ code: "CONFLICT", reason: "snapshot_corrupt" });
      expect(await treeFingerprint(root)).toEqual(before);
    });
  });
});
