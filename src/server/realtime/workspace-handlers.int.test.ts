// Workspace rooms and presence with real socket.io clients on a random port and real Postgres:
// who may join (viewer+, refusals audited), the presence list, activePath updates, and leaving
// (explicitly, or by disconnecting) taking the socket out of everyone's list.
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActorUser } from "~/server/auth/types";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { lastAudit, makeKey, sessionCookie } from "~/test/actors";
import type { Ack, ClientToServerEvents, PresenceMember, ServerToClientEvents, WorkspaceJoined } from "./events";
import { SOCKET_PATH } from "./events";
import type { RealtimeServer } from "./server";
import { startRealtimeServer } from "~/test/realtime-server";
import { publish, workspaceRoom } from "./workspace-bus";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Presence = { workspaceId: string; presence: PresenceMember[] };

/** One tab: keeps every `presence:changed` it receives, in order, so tests can wait on them. */
class Tab {
  readonly socket: ClientSocket;
  readonly changes: Presence[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(url: string, auth: { cookie?: string; token?: string }) {
    this.socket = connect(url, {
      path: SOCKET_PATH,
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      auth: auth.token ? { token: auth.token } : {},
      extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
    });
    this.socket.on("presence:changed", (payload) => {
      this.changes.push(payload);
      for (const w of [...this.waiters]) w();
    });
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  join(workspaceId: string): Promise<Ack<WorkspaceJoined>> {
    return this.socket.emitWithAck("workspace:join", { workspaceId });
  }

  async joined(workspaceId: string): Promise<PresenceMember[]> {
    const result = await this.join(workspaceId);
    if (!result.ok) throw new Error(`join refused: ${JSON.stringify(result.error)}`);
    return result.data.presence;
  }

  /** Resolves with the first change (from index `from` on) that satisfies `test`; the test timeout is the only clock. */
  presenceWhere(test: (p: Presence) => boolean, from = 0): Promise<{ change: Presence; index: number }> {
    return new Promise((resolve) => {
      const check = () => {
        const index = this.changes.findIndex((p, i) => i >= from && test(p));
        if (index < 0) return;
        this.waiters.delete(check);
        resolve({ change: this.changes[index]!, index });
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}

const ids = (presence: PresenceMember[]) => presence.map((m) => m.userId);

describe("workspace rooms and presence", () => {
  let io: RealtimeServer;
  let url: string;
  let team: Team;
  let wsId: string;
  const tabs: Tab[] = [];

  async function tab(user: ActorUser): Promise<Tab> {
    const t = new Tab(url, { cookie: await sessionCookie(user.id) });
    tabs.push(t);
    await t.connected();
    return t;
  }

  beforeAll(async () => {
    ({ io, url } = await startRealtimeServer());
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
  });

  afterAll(async () => {
    for (const t of tabs) t.close();
    await io?.close();
    await removeDataDir();
  });

  it("lets viewers and up join; strangers and keys without `read` are refused and audited", async () => {
    const stranger = await tab(team.stranger);
    expect(await stranger.join(wsId)).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "workspace_not_found" } });
    expect(await lastAudit({ actorUserId: team.stranger.id, action: "workspace.join" })).toMatchObject({
      outcome: "DENIED",
      channel: "TERMINAL",
      reason: "not_a_member",
      workspaceId: wsId,
    });

    const keyTab = new Tab(url, { token: await makeKey(team.viewer, { scopes: ["exec"] }) });
    tabs.push(keyTab);
    await keyTab.connected();
    expect(await keyTab.join(wsId)).toMatchObject({ ok: false, error: { code: "FORBIDDEN", reason: "missing_scope" } });
    expect(await lastAudit({ actorUserId: team.viewer.id, action: "workspace.join" })).toMatchObject({ outcome: "DENIED", reason: "missing_scope" });

    expect(await stranger.socket.emitWithAck("workspace:join", { workspaceId: "" })).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });

    const viewer = await tab(team.viewer);
    expect(ids(await viewer.joined(wsId))).toContain(team.viewer.id);
    // The room is live for it: what services publish arrives.
    const created = new Promise<{ workspaceId: string; snapshotId: string }>((resolve) => viewer.socket.once("snapshot:created", resolve));
    publish(workspaceRoom(wsId), "snapshot:created", { workspaceId: wsId, snapshotId: "snap-1" });
    expect(await created).toEqual({ workspaceId: wsId, snapshotId: "snap-1" });
    viewer.close();
  });

  it("lists who is here, follows the file each tab has open, and drops tabs that leave or disconnect", async () => {
    const owner = await tab(team.owner);
    const mine = await owner.joined(wsId);
    expect(mine.find((m) => m.socketId === owner.socket.id)).toMatchObject({ userId: team.owner.id, name: team.owner.name, email: team.owner.email, activePath: null });

    const editor = await tab(team.editor);
    const both = await editor.joined(wsId);
    expect(ids(both)).toEqual(expect.arrayContaining([team.owner.id, team.editor.id]));
    await owner.presenceWhere((p) => p.workspaceId === wsId && p.presence.some((m) => m.socketId === editor.socket.id));

    // The editor opens a file: the owner sees which.
    expect(await editor.socket.emitWithAck("presence:update", { workspaceId: wsId, activePath: "src/main.py" })).toEqual({ ok: true, data: null });
    const seen = await owner.presenceWhere((p) => p.presence.some((m) => m.socketId === editor.socket.id && m.activePath === "src/main.py"));

    // A stranger's update names a workspace it never joined: nothing changes for anyone. The
    // owner's next change (the editor switching files) must not mention the stranger.
    const stranger = await tab(team.stranger);
    expect(await stranger.socket.emitWithAck("presence:update", { workspaceId: wsId, activePath: "secret.txt" })).toEqual({ ok: true, data: null });
    await editor.socket.emitWithAck("presence:update", { workspaceId: wsId, activePath: "README.md" });
    const next = await owner.presenceWhere((p) => p.presence.some((m) => m.socketId === editor.socket.id && m.activePath === "README.md"), seen.index + 1);
    for (const change of owner.changes.slice(seen.index + 1, next.index + 1)) expect(ids(change.presence)).not.toContain(team.stranger.id);

    // The same person in a second tab shows as a second entry.
    const editorTab2 = await tab(team.editor);
    const three = await editorTab2.joined(wsId);
    expect(three.filter((m) => m.userId === team.editor.id).map((m) => m.socketId).sort()).toEqual([editor.socket.id, editorTab2.socket.id].sort());

    // Leaving says so to the others.
    const mark = owner.changes.length;
    expect(await editorTab2.socket.emitWithAck("workspace:leave", { workspaceId: wsId })).toEqual({ ok: true, data: null });
    const afterLeave = await owner.presenceWhere((p) => !p.presence.some((m) => m.socketId === editorTab2.socket.id), mark);
    expect(afterLeave.change.presence.some((m) => m.socketId === editor.socket.id)).toBe(true);

    // A closed tab (disconnect) disappears too, and with it the editor.
    const editorId = editor.socket.id;
    const mark2 = owner.changes.length;
    editor.close();
    const afterClose = await owner.presenceWhere((p) => !p.presence.some((m) => m.socketId === editorId), mark2);
    expect(ids(afterClose.change.presence)).toEqual([team.owner.id]);
  });

  it("keeps one socket in at most 16 rooms: the oldest is left, and its presence entry goes with it", async () => {
    const others = [];
    for (let i = 0; i < 16; i++) others.push((await team.as.owner.workspaces.create({ name: `Room ${i} ${Math.random().toString(36).slice(2, 8)}`, template: "empty" })).id);
    const owner = await tab(team.owner);
    const watcher = await tab(team.owner);
    await watcher.joined(wsId);
    await owner.joined(wsId);
    const arrived = await watcher.presenceWhere((p) => p.workspaceId === wsId && p.presence.some((m) => m.socketId === owner.socket.id));
    for (const id of others) await owner.joined(id);
    const evicted = await watcher.presenceWhere((p) => p.workspaceId === wsId && !p.presence.some((m) => m.socketId === owner.socket.id), arrived.index + 1);
    expect(evicted.change.presence.map((m) => m.socketId)).toContain(watcher.socket.id);
    // It can come back (and then the next-oldest room makes way).
    expect((await owner.joined(wsId)).some((m) => m.socketId === owner.socket.id)).toBe(true);
  });

  it("ignores a presence update for a workspace the socket left", async () => {
    const viewer = await tab(team.viewer);
    const owner = await tab(team.owner);
    await owner.joined(wsId);
    await viewer.joined(wsId);
    const arrived = await owner.presenceWhere((p) => p.presence.some((m) => m.socketId === viewer.socket.id));
    await viewer.socket.emitWithAck("workspace:leave", { workspaceId: wsId });
    const left = await owner.presenceWhere((p) => !p.presence.some((m) => m.socketId === viewer.socket.id), arrived.index + 1);
    await viewer.socket.emitWithAck("presence:update", { workspaceId: wsId, activePath: "after-leaving.txt" });
    // A marker change after the ignored one: the viewer must not have come back in between.
    await owner.socket.emitWithAck("presence:update", { workspaceId: wsId, activePath: "marker.txt" });
    const marker = await owner.presenceWhere((p) => p.presence.some((m) => m.socketId === owner.socket.id && m.activePath === "marker.txt"), left.index + 1);
    for (const change of owner.changes.slice(left.index + 1, marker.index + 1)) expect(change.presence.some((m) => m.socketId === viewer.socket.id)).toBe(false);
  });
});
