// task:follow / task:unfollow with real socket.io clients on a random port and real Postgres: the
// ack carries the stored tails (what a client gets after a reload), live output arrives through the
// bus only to followers, and refusals (stranger, missing task, lost membership) are audited.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/server/db/client";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { lastAudit, sessionCookie } from "~/test/actors";
import type { Ack, ClientToServerEvents, ServerToClientEvents, TaskFollowed, TaskOutput } from "./events";
import type { RealtimeServer } from "./server";
import { connectSocket, startRealtimeServer } from "~/test/realtime-server";
import { publish, taskRoom } from "./workspace-bus";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let io: RealtimeServer;
let url: string;
let team: Team;
let workspaceId: string;
let taskId: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  ({ io, url } = await startRealtimeServer());
  team = await makeTeam();
  workspaceId = (await teamWorkspace(team, { template: "empty" })).id;
  // A task that ran earlier: what followers get must come from the row.
  const task = await db().task.create({
    data: { workspaceId, userId: team.editor.id, command: "make", timeoutMs: 60_000, status: "RUNNING", attempt: 1, stdoutTail: "compiling…\n", stderrTail: "warning: x\n", stdoutBytes: 11n, stderrBytes: 11n, startedAt: new Date() },
  });
  taskId = task.id;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await io.close();
});

async function as(userId: string): Promise<ClientSocket> {
  const socket: ClientSocket = connectSocket(url, await sessionCookie(userId));
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

const follow = (s: ClientSocket, id: string) => new Promise<Ack<TaskFollowed>>((resolve) => s.emit("task:follow", { taskId: id }, resolve));
const unfollow = (s: ClientSocket, id: string) => new Promise<Ack<null>>((resolve) => s.emit("task:unfollow", { taskId: id }, resolve));
const roundTrip = (s: ClientSocket) => new Promise<void>((resolve) => s.emit("session:whoami", () => resolve()));

describe("task:follow", () => {
  it("acks a viewer with the stored tails, then streams live output to followers only", async () => {
    const viewer = await as(team.viewer.id);
    const bystander = await as(team.owner.id);
    expect(await follow(viewer, taskId)).toEqual({ ok: true, data: { taskId, status: "RUNNING", stdout: "compiling…\n", stderr: "warning: x\n" } });

    const seen: TaskOutput[] = [];
    const missed: TaskOutput[] = [];
    viewer.on("task:output", (p) => seen.push(p));
    bystander.on("task:output", (p) => missed.push(p));
    publish(taskRoom(taskId), "task:output", { taskId, stream: "stderr", data: Buffer.from("linking\n") });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ taskId, stream: "stderr" });
    expect(Buffer.from(seen[0]!.data as Uint8Array).toString()).toBe("linking\n");

    expect(await unfollow(viewer, taskId)).toEqual({ ok: true, data: null });
    publish(taskRoom(taskId), "task:output", { taskId, stream: "stdout", data: Buffer.from("after unfollow\n") });
    await roundTrip(viewer);
    await roundTrip(bystander);
    expect(seen).toHaveLength(1);
    expect(missed).toHaveLength(0);
  });

  it("refuses strangers and missing tasks with NOT_FOUND, audited on the TASK channel", async () => {
    const stranger = await as(team.stranger.id);
    expect(await follow(stranger, taskId)).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "workspace_not_found" } });
    expect(await lastAudit({ actorUserId: team.stranger.id, action: "task.follow" })).toMatchObject({ outcome: "DENIED", reason: "not_a_member", channel: "TASK" });
    expect(await follow(stranger, "no-such-task")).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "task_not_found" } });
    expect(await lastAudit({ actorUserId: team.stranger.id, reason: "task_not_found" })).toMatchObject({ outcome: "DENIED", target: "no-such-task", channel: "TASK" });
  });

  it("re-checks membership on every follow", async () => {
    const viewer = await as(team.viewer.id);
    expect((await follow(viewer, taskId)).ok).toBe(true);
    await db().membership.deleteMany({ where: { workspaceId, userId: team.viewer.id } });
    expect(await follow(viewer, taskId)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});
