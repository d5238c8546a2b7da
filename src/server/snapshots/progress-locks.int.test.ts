// Snapshot broadcasts on the workspace bus (progress with first/last events and the caller's
// operationId, created/deleted/restored), and the restore write-block at the file service's choke point.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { SnapshotProgress } from "~/server/realtime/events";
import { type RoomMessage, subscribe, workspaceRoom } from "~/server/realtime/workspace-bus";
import { createUploadHandler } from "~/server/http/transfer-routes";
import { diskOperationInProgress, withDiskLock } from "~/server/workspaces/locks";
import { exists, makeTeam, removeDataDir, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, failure, lastAudit, sessionCookie } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

/** Everything published while `fn` runs, plus what the listener saw of the disk lock at each progress event. */
async function recording<T>(workspaceId: string, fn: () => Promise<T>) {
  const messages: RoomMessage[] = [];
  const lockDuring: Record<string, (string | null)[]> = {};
  const stop = subscribe((m) => {
    messages.push(m);
    if (m.event === "snapshot:progress") (lockDuring[m.payload.phase] ??= []).push(diskOperationInProgress(workspaceId));
  });
  try {
    const result = await fn();
    return { result, messages, lockDuring };
  } finally {
    stop();
  }
}

function progressOf(messages: RoomMessage[], operationId: string): SnapshotProgress[] {
  return messages.flatMap((m) => (m.event === "snapshot:progress" && m.payload.operationId === operationId ? [m.payload] : []));
}

async function workspaceWithFiles() {
  const team = await makeTeam();
  const ws = await teamWorkspace(team, { template: "empty" });
  await mkdir(path.join(ws.rootPath, "src"), { recursive: true });
  for (let i = 0; i < 40; i++) await writeFile(path.join(ws.rootPath, "src", `f${i}.txt`), `file ${i}\n`.repeat(200));
  return { team, ws };
}

describe("snapshot broadcasts", () => {
  it("create, delete and restore publish progress (first to last, under the caller's operationId) and past-tense events to the workspace room", async () => {
    const { team, ws } = await workspaceWithFiles();
    const owner = await callerAs(team.owner);
    const room = workspaceRoom(ws.id);

    const created = await recording(ws.id, () => owner.snapshots.create({ workspaceId: ws.id, label: "v1", operationId: "op-create-0001" }));
    expect(created.result.operationId).toBe("op-create-0001");
    const createEvents = progressOf(created.messages, "op-create-0001");
    expect(createEvents[0]).toMatchObject({ workspaceId: ws.id, operation: "create", phase: "packing" });
    expect(createEvents.at(-1)).toMatchObject({ phase: "done", snapshotId: created.result.id, files: 40 });
    expect(createEvents.map((e) => e.bytes)).toEqual([...createEvents.map((e) => e.bytes)].sort((a, b) => a - b));
    expect(created.messages.every((m) => m.room === room)).toBe(true);
    expect(created.messages.filter((m) => m.event === "snapshot:created").map((m) => m.payload)).toEqual([{ workspaceId: ws.id, snapshotId: created.result.id }]);

    // Without an operationId one is made up and returned.
    const second = await recording(ws.id, () => owner.snapshots.create({ workspaceId: ws.id, label: "v2" }));
    expect(second.result.operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(progressOf(second.messages, second.result.operationId).at(-1)).toMatchObject({ phase: "done" });

    await writeFile(path.join(ws.rootPath, "src/f0.txt"), "changed");
    const restored = await recording(ws.id, () => owner.snapshots.restore({ workspaceId: ws.id, snapshotId: created.result.id, operationId: "op-restore-0001" }));
    expect(restored.result.operationId).toBe("op-restore-0001");
    const phases = progressOf(restored.messages, "op-restore-0001").map((e) => e.phase);
    expect([...new Set(phases)]).toEqual(["verifying", "extracting", "swapping", "done"]);
    // The end says what came back: the 40 files and their bytes (not the archive's), not "0 files".
    // f0..f9 hold "file N\n" × 200, f10..f39 "file NN\n" × 200.
    const contentBytes = 10 * 7 * 200 + 30 * 8 * 200;
    expect(progressOf(restored.messages, "op-restore-0001").at(-1)).toMatchObject({ phase: "done", files: 40, totalFiles: 40, bytes: contentBytes, totalBytes: contentBytes });
    // The restore holds the workspace for its whole length: that is what blocks writes.
    expect(new Set(Object.values(restored.lockDuring).flat())).toEqual(new Set(["restore"]));
    expect(restored.messages.filter((m) => m.event === "snapshot:restored").map((m) => m.payload)).toEqual([
      { workspaceId: ws.id, snapshotId: created.result.id, targetWorkspaceId: ws.id },
    ]);
    expect(restored.messages.filter((m) => m.event === "snapshot:created")).toHaveLength(1); // the PRE_RESTORE one
    expect(await readFile(path.join(ws.rootPath, "src/f0.txt"), "utf8")).toBe("file 0\n".repeat(200));

    const deleted = await recording(ws.id, () => owner.snapshots.delete({ workspaceId: ws.id, snapshotId: second.result.id }));
    expect(deleted.messages.filter((m) => m.event === "snapshot:deleted").map((m) => m.payload)).toEqual([{ workspaceId: ws.id, snapshotId: second.result.id }]);
  });

  it("reports `failed` as the last event when the operation fails", async () => {
    const { team, ws } = await workspaceWithFiles();
    const owner = await callerAs(team.owner);
    const run = await recording(ws.id, () => failure(owner.snapshots.restore({ workspaceId: ws.id, snapshotId: "no-such-snapshot", operationId: "op-fail-00001" })));
    expect(run.result).toMatchObject({ reason: "snapshot_not_found" });
    expect(progressOf(run.messages, "op-fail-00001").map((e) => e.phase)).toEqual(["failed"]);
  });

  it("refuses a malformed operationId", async () => {
    const { team, ws } = await workspaceWithFiles();
    expect(await failure((await callerAs(team.owner)).snapshots.create({ workspaceId: ws.id, operationId: "bad id!" }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("writes while a restore swaps the tree", () => {
  it("write, mkdir, delete, move and upload get UNAVAILABLE workspace_restoring (audited, retry hint) and land nowhere; reads still work", async () => {
    const { team, ws } = await workspaceWithFiles();
    const editor = await callerAs(team.editor);
    const upload = createUploadHandler();
    const uploadRequest = async () => {
      const form = new FormData();
      form.append("files", new Blob(["uploaded"]), "up.txt");
      const res = await upload(new Request(`http://atrium.test/api/workspaces/${ws.id}/files/upload`, { method: "POST", body: form, headers: { cookie: await sessionCookie(team.editor.id) } }), {
        params: Promise.resolve({ workspaceId: ws.id }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: { reason?: string } } };
    };

    await withDiskLock(ws.id, "restore", async () => {
      for (const attempt of [
        () => editor.files.write({ workspaceId: ws.id, path: "new.txt", content: "x" }),
        () => editor.files.mkdir({ workspaceId: ws.id, path: "newdir" }),
        () => editor.files.delete({ workspaceId: ws.id, path: "src/f1.txt" }),
        () => editor.files.move({ workspaceId: ws.id, from: "src/f2.txt", to: "moved.txt" }),
      ]) {
        expect(await failure(attempt())).toMatchObject({ appCode: "UNAVAILABLE", reason: "workspace_restoring", retryAfterSeconds: 5 });
      }
      const up = await uploadRequest();
      expect(up.status).toBe(503);
      expect(up.headers.get("retry-after")).toBe("5");
      expect(up.body.error?.reason).toBe("workspace_restoring");
      // Reading is harmless and stays available.
      expect((await editor.files.read({ workspaceId: ws.id, path: "src/f3.txt" })).content).toBe("file 3\n".repeat(200));
    });
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "workspace_restoring" })).toMatchObject({ outcome: "DENIED", workspaceId: ws.id });
    expect(await exists(path.join(ws.rootPath, "new.txt"))).toBe(false);

    // Once the restore is over, the same write goes through.
    await editor.files.write({ workspaceId: ws.id, path: "new.txt", content: "x" });
    expect((await uploadRequest()).status).toBe(201);
  });

  it("other disk operations keep their own workspace_busy refusal", async () => {
    const { team, ws } = await workspaceWithFiles();
    const editor = await callerAs(team.editor);
    await withDiskLock(ws.id, "snapshot", async () => {
      expect(await failure(editor.files.write({ workspaceId: ws.id, path: "new.txt", content: "x" }))).toMatchObject({ appCode: "CONFLICT", reason: "workspace_busy" });
    });
  });
});
