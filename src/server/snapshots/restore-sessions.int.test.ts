// A restore swaps the workspace's root directory; running Docker sessions must then see the NEW
// tree (a fresh container under the same session id, masks recomputed), and no session may start
// on the old tree while the swap is under way. Real Docker.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { withDiskLock } from "~/server/workspaces/locks";
import { makeTeam, removeDataDir, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, failure } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const INSTANCE = `restore-sessions-test-${process.pid}`;
const started: string[] = [];

describe.skipIf(!hasDocker)("restore and running sandbox sessions", () => {
  beforeAll(() => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, allowedImages: [], dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
  });
  afterAll(async () => {
    await Promise.all(started.map((id) => stopSessionById(id, "test_cleanup").catch(() => undefined)));
    await removeDataDir();
  });

  it("a running session sees the restored files afterwards (same session id, new container, protected files still masked)", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    await writeFile(path.join(ws.rootPath, "state.txt"), "v1\n");
    const owner = await callerAs(team.owner);
    const editor = await callerAs(team.editor);
    const snap = await owner.snapshots.create({ workspaceId: ws.id, label: "v1" });
    await writeFile(path.join(ws.rootPath, "state.txt"), "v2\n");
    await writeFile(path.join(ws.rootPath, ".env"), "SECRET=1\n");

    // No network: this machine's Docker may not have a bridge.
    const session = await editor.sandbox.sessions.create({ workspaceId: ws.id, overrides: { network: false } });
    started.push(session.id);
    const before = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: ["cat", "state.txt"] });
    expect(before.stdout).toBe("v2\n");
    const oldContainer = (await db().sandboxSession.findUniqueOrThrow({ where: { id: before.sessionId } })).containerId!;

    const result = await owner.snapshots.restore({ workspaceId: ws.id, snapshotId: snap.id });
    expect(result.sessionsRestarted).toEqual([before.sessionId]);
    expect(result.sessionsStopped).toEqual([]);

    const after = await editor.sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command: "cat state.txt; cat .env; echo made > made.txt" });
    expect(after.sessionId).toBe(before.sessionId);
    // The restored content, and .env (carried over from the live tree) still masked as empty inside.
    expect(after.stdout).toBe("v1\n");
    expect(after.exitCode).toBe(0);
    // Writes from the sandbox land in the live tree on the host, not in the removed one.
    expect(await readFile(path.join(ws.rootPath, "made.txt"), "utf8")).toBe("made\n");
    expect(await readFile(path.join(ws.rootPath, ".env"), "utf8")).toBe("SECRET=1\n");

    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: before.sessionId } });
    expect(row.status).toBe("RUNNING");
    expect(row.containerId).not.toBe(oldContainer);
    const gone = await docker()
      .getContainer(oldContainer)
      .inspect()
      .then(
        () => false,
        (e: { statusCode?: number }) => e.statusCode === 404,
      );
    expect(gone).toBe(true);
  });

  it("no session starts while a restore holds the workspace", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const editor = await callerAs(team.editor);
    await withDiskLock(ws.id, "restore", async () => {
      expect(await failure(editor.sandbox.sessions.create({ workspaceId: ws.id }))).toMatchObject({ appCode: "UNAVAILABLE", reason: "workspace_restoring" });
      expect(await failure(editor.sandbox.exec({ workspaceId: ws.id, command: ["true"] }))).toMatchObject({ reason: "workspace_restoring" });
    });
    expect(await db().sandboxSession.count({ where: { workspaceId: ws.id } })).toBe(0);
  });
});
