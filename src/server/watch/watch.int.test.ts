// The workspace watcher with real parts: @parcel/watcher on a real temp workspace, real Postgres,
// the real socket.io server and clients, a real Docker sandbox. Kinds and debouncing, overflow on
// a flood, BLOCKed and critical paths never reaching a viewer, a symlink to / not leaking events
// from outside, usage following, and the watcher stopping after the last tab leaves.
import { appendFile, mkdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import type { FileChange, FilesChanged, WorkspaceUsage } from "~/server/realtime/events";
import type { RealtimeServer } from "~/server/realtime/server";
import { sandboxConfig } from "~/server/sandbox/config";
import { exec } from "~/server/sandbox/exec";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sessionCookie } from "~/test/actors";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import { watchReady, watchState } from "./registry";

const { MAX_BATCH } = vi.hoisted(() => ({ MAX_BATCH: 40 }));
vi.mock("~/env", async (importOriginal) => {
  const withData = (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal());
  // A short idle time, so "stops after the last holder" is observable in a test.
  return { ...withData, env: () => ({ ...withData.env(), ATRIUM_WATCH_IDLE_MS: 300, ATRIUM_WATCH_MAX_BATCH: MAX_BATCH }) };
});

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

/** One tab in the workspace room: everything it hears, and a way to wait for a message. */
class Listener {
  readonly batches: FilesChanged[] = [];
  readonly usage: WorkspaceUsage[] = [];
  private readonly waiters = new Set<() => void>();
  constructor(readonly socket: ClientSocket) {
    socket.on("files:changed", (p) => {
      this.batches.push(p);
      this.wake();
    });
    socket.on("workspace:usage", (p) => {
      this.usage.push(p);
      this.wake();
    });
  }
  private wake() {
    for (const w of [...this.waiters]) w();
  }
  changes(): FileChange[] {
    return this.batches.flatMap((b) => b.changes);
  }
  /** Resolves once `test` holds over what was heard; the test's timeout is the only clock. */
  until(test: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!test()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }
  untilChange(p: string, kind: FileChange["kind"]): Promise<void> {
    return this.until(() => this.changes().some((c) => c.path === p && c.kind === kind));
  }
  /**
   * Waits until what an earlier test stirred up (a flood arriving late on a loaded machine, as
   * `overflow`) has passed: writes a marker file until it is heard by name.
   */
  async settle(root: string): Promise<void> {
    for (let i = 0; ; i++) {
      const marker = `.settle-${i}`;
      const overflows = this.batches.filter((b) => b.overflow).length;
      await writeFile(path.join(root, marker), "");
      await this.until(() => this.changes().some((c) => c.path === marker) || this.batches.filter((b) => b.overflow).length > overflows);
      if (this.changes().some((c) => c.path === marker)) return;
    }
  }
}

describe("workspace watcher", () => {
  let io: RealtimeServer;
  let url: string;
  let team: Team;
  let wsId: string;
  let root: string;
  const sockets: ClientSocket[] = [];

  async function join(user: ActorUser, workspaceId = wsId): Promise<Listener> {
    const socket = connectSocket(url, await sessionCookie(user.id));
    sockets.push(socket);
    const listener = new Listener(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const joined = await socket.emitWithAck("workspace:join", { workspaceId });
    if (!joined.ok) throw new Error(JSON.stringify(joined.error));
    expect(await watchReady(workspaceId)).toBe("native");
    return listener;
  }

  beforeAll(async () => {
    ({ io, url } = await startRealtimeServer());
    team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    wsId = ws.id;
    root = (await db().workspace.findUniqueOrThrow({ where: { id: wsId }, select: { rootPath: true } })).rootPath;
  });

  // A failed test must not leave its tab holding the watcher for the next one.
  afterEach(() => {
    for (const s of sockets) s.close();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await io?.close();
    await removeDataDir();
  });

  it("reports create, modify, delete, rename and mkdir with the right kinds, debounced into few messages", async () => {
    const viewer = await join(team.viewer);
    await writeFile(path.join(root, "a.txt"), "one");
    await viewer.untilChange("a.txt", "created");
    await appendFile(path.join(root, "a.txt"), "two");
    await viewer.untilChange("a.txt", "modified");
    await mkdir(path.join(root, "dir"));
    await viewer.until(() => viewer.changes().some((c) => c.path === "dir" && c.kind === "created" && c.isDirectory));
    await rename(path.join(root, "a.txt"), path.join(root, "dir/b.txt"));
    // A rename is a delete and a create (the contract says so: inotify cannot tell more).
    await viewer.untilChange("a.txt", "deleted");
    await viewer.untilChange("dir/b.txt", "created");
    await rm(path.join(root, "dir/b.txt"));
    await viewer.untilChange("dir/b.txt", "deleted");

    // 30 writes in a burst (under the batch limit) arrive coalesced: far fewer messages than writes.
    const before = viewer.batches.length;
    await Promise.all(Array.from({ length: 30 }, (_, i) => writeFile(path.join(root, `burst-${i}.txt`), "x")));
    await viewer.until(() => Array.from({ length: 30 }, (_, i) => `burst-${i}.txt`).every((p) => viewer.changes().some((c) => c.path === p)));
    expect(viewer.batches.length - before).toBeLessThanOrEqual(5);
    expect(viewer.batches.every((b) => b.workspaceId === wsId && !b.overflow)).toBe(true);
    viewer.socket.close();
  });

  it("says overflow instead of listing a flood", async () => {
    const viewer = await join(team.viewer);
    await mkdir(path.join(root, "flood"));
    // Ten times the batch limit at once: even on a slow machine some batch holds more than the limit.
    await Promise.all(Array.from({ length: MAX_BATCH * 10 }, (_, i) => writeFile(path.join(root, "flood", `f-${i}`), "x")));
    await viewer.until(() => viewer.batches.some((b) => b.overflow));
    const overflowed = viewer.batches.find((b) => b.overflow)!;
    expect(overflowed.changes).toEqual([]);
    await rm(path.join(root, "flood"), { recursive: true });
    viewer.socket.close();
  });

  it("never delivers BLOCKed or critical paths to a viewer (nor to the owner: the room hears one filtered broadcast)", async () => {
    await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "secret/**", effect: "block" });
    const viewer = await join(team.viewer);
    const owner = await join(team.owner);
    await owner.settle(root);
    await mkdir(path.join(root, "secret"), { recursive: true });
    await writeFile(path.join(root, "secret/plan.md"), "the plan");
    await writeFile(path.join(root, ".env"), "TOKEN=1");
    await mkdir(path.join(root, "app/.ssh"), { recursive: true });
    await writeFile(path.join(root, "app/.ssh/id_rsa"), "key");
    // Events arrive in order: once the sentinel is heard, the blocked writes before it were filtered, not late.
    await writeFile(path.join(root, "sentinel.txt"), "s");
    for (const l of [viewer, owner]) {
      await l.untilChange("sentinel.txt", "created");
      const seen = l.changes().map((c) => c.path);
      expect(seen.filter((p) => p.startsWith("secret") || p === ".env" || p.includes(".ssh"))).toEqual([]);
      expect(seen).toContain("app");
    }
    viewer.socket.close();
    owner.socket.close();
  });

  it("does not follow a symlink to / out of the workspace", async () => {
    const viewer = await join(team.viewer);
    const outside = await import("node:fs/promises").then((fs) => fs.mkdtemp(path.join(tmpdir(), "watch-outside-")));
    await symlink("/", path.join(root, "to-root"));
    await symlink(outside, path.join(root, "to-outside"));
    await viewer.untilChange("to-outside", "created");
    expect(viewer.changes().find((c) => c.path === "to-root")).toMatchObject({ kind: "created", isDirectory: false });
    await writeFile(path.join(outside, "elsewhere.txt"), "x");
    await writeFile(path.join(root, "after-outside.txt"), "x");
    await viewer.untilChange("after-outside.txt", "created");
    expect(viewer.changes().filter((c) => c.path.startsWith("to-root/") || c.path.startsWith("to-outside/"))).toEqual([]);
    await rm(outside, { recursive: true });
    viewer.socket.close();
  });

  it("re-measures usage after changes so the quota meter follows", async () => {
    const viewer = await join(team.viewer);
    await writeFile(path.join(root, "big.bin"), Buffer.alloc(300_000));
    await viewer.until(() => viewer.usage.some((u) => u.workspaceId === wsId && u.usageBytes >= 300_000));
    const stored = await db().workspace.findUniqueOrThrow({ where: { id: wsId }, select: { usageBytes: true } });
    expect(Number(stored.usageBytes)).toBeGreaterThanOrEqual(300_000);
    viewer.socket.close();
  });

  it("stops the watcher a short while after the last tab leaves, and starts it again on the next join", async () => {
    const a = await join(team.viewer);
    const b = await join(team.editor);
    expect(watchState(wsId)).toMatchObject({ mode: "native" });
    a.socket.close();
    await new Promise((r) => setTimeout(r, 600));
    expect(watchState(wsId).mode).toBe("native");
    await b.socket.emitWithAck("workspace:leave", { workspaceId: wsId });
    await vi.waitFor(() => expect(watchState(wsId)).toEqual({ mode: "off", holders: 0 }), { timeout: 5000 });
    const c = await join(team.viewer);
    await writeFile(path.join(root, "again.txt"), "x");
    await c.untilChange("again.txt", "created");
    c.socket.close();
  });

  it("survives a snapshot restore: the new tree is watched, clients are told to list again", async () => {
    const other = await teamWorkspace(team, { template: "empty" });
    const otherRoot = (await db().workspace.findUniqueOrThrow({ where: { id: other.id }, select: { rootPath: true } })).rootPath;
    const viewer = await join(team.viewer, other.id);
    await writeFile(path.join(otherRoot, "kept.txt"), "v1");
    await viewer.untilChange("kept.txt", "created");
    const snap = await team.as.editor.snapshots.create({ workspaceId: other.id, label: "v1" });
    await team.as.owner.snapshots.restore({ workspaceId: other.id, snapshotId: snap.id });
    await viewer.until(() => viewer.batches.some((b) => b.overflow));
    expect(await watchReady(other.id)).toBe("native");
    // The folder was swapped under the old watch: only a restarted watcher hears this.
    await writeFile(path.join(otherRoot, "after-restore.txt"), "x");
    await viewer.untilChange("after-restore.txt", "created");
    viewer.socket.close();
  });

  it("stops watching when the workspace is archived", async () => {
    const other = await teamWorkspace(team, { template: "empty" });
    const viewer = await join(team.viewer, other.id);
    await team.as.owner.workspaces.archive({ workspaceId: other.id });
    expect(watchState(other.id).mode).toBe("off");
    // The archive removed the tree: nobody was told of a mass deletion.
    await new Promise((r) => setTimeout(r, 300));
    expect(viewer.changes().filter((c) => c.kind === "deleted")).toEqual([]);
    viewer.socket.close();
  });

  it("hears `echo >> file` run inside a real Docker sandbox", async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `watch-test-${process.pid}`, maxOutputBytes: 10_000 }));
    const ctx = { actor: { user: team.editor, apiKey: null }, ip: null, channel: "UI" as const };
    const access = await resolveWorkspaceAccess(ctx, wsId, "editor", "exec");
    const session = await createSession(ctx, access, {});
    try {
      const viewer = await join(team.viewer);
      const result = await exec(ctx, access, { sessionId: session.id, command: ["sh", "-c", "echo hi >> /workspace/from-sandbox.txt"] });
      expect(result.exitCode).toBe(0);
      await viewer.untilChange("from-sandbox.txt", "created");
      viewer.socket.close();
    } finally {
      await stopSessionById(session.id, "test_cleanup");
    }
  });
});
