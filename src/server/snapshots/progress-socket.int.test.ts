// Progress reaches real socket.io clients: a snapshot's to sockets that joined the workspace room,
// an import's to the importer's own sockets only (the workspace does not exist yet to join).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Ack, type ClientToServerEvents, type ServerToClientEvents, type SnapshotProgress, type WorkspaceJoined } from "~/server/realtime/events";
import type { RealtimeServer } from "~/server/realtime/server";
import { connectSocket, startRealtimeServer } from "~/test/realtime-server";
import { importRoute } from "~/server/http/transfer-routes";
import { hostTempDir, makeTeam, removeDataDir, removeHostDirs, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, makeUser, sessionCookie } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let io: RealtimeServer;
let url: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  ({ io, url } = await startRealtimeServer());
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await io.close();
  await removeDataDir();
  await removeHostDirs();
});

async function socketOf(userId: string): Promise<{ socket: ClientSocket; progress: SnapshotProgress[] }> {
  const socket: ClientSocket = connectSocket(url, await sessionCookie(userId));
  sockets.push(socket);
  const progress: SnapshotProgress[] = [];
  socket.on("snapshot:progress", (p) => progress.push(p));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, progress };
}

/** Resolves with every event of `operationId` once its `done` arrives; call it BEFORE starting the operation. */
function doneOf(client: { socket: ClientSocket; progress: SnapshotProgress[] }, operationId: string): Promise<SnapshotProgress[]> {
  return new Promise((resolve) => {
    const check = (p: SnapshotProgress) => {
      if (p.operationId !== operationId || p.phase !== "done") return;
      client.socket.off("snapshot:progress", check);
      resolve(client.progress.filter((e) => e.operationId === operationId));
    };
    client.socket.on("snapshot:progress", check);
  });
}

describe("snapshot:progress over socket.io", () => {
  it("goes to the sockets in the workspace's room; an import's goes to the importer's sockets only", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    await writeFile(path.join(ws.rootPath, "a.txt"), "a\n");
    const viewer = await socketOf(team.viewer.id);
    const joined = await new Promise<Ack<WorkspaceJoined>>((resolve) => viewer.socket.emit("workspace:join", { workspaceId: ws.id }, resolve));
    expect(joined.ok).toBe(true);
    const outsider = await socketOf((await makeUser()).id);

    const created = doneOf(viewer, "op-socket-create");
    await (await callerAs(team.editor)).snapshots.create({ workspaceId: ws.id, operationId: "op-socket-create" });
    const seen = await created;
    expect(seen.at(-1)).toMatchObject({ operation: "create", phase: "done", workspaceId: ws.id });

    const importer = await makeUser();
    const mine = await socketOf(importer.id);
    const dir = await hostTempDir("socket-import");
    await mkdir(path.join(dir, "tree"));
    await writeFile(path.join(dir, "tree/b.txt"), "b\n");
    await tar.create({ gzip: true, file: path.join(dir, "t.tar.gz"), cwd: path.join(dir, "tree") }, ["."]);
    const importDone = doneOf(mine, "op-socket-import");
    const res = await importRoute(
      new Request("http://atrium.test/api/workspaces/import?name=Socket%20import&operationId=op-socket-import", {
        method: "POST",
        body: new Uint8Array(await readFile(path.join(dir, "t.tar.gz"))),
        headers: { cookie: await sessionCookie(importer.id), "content-type": "application/gzip" },
      }), { params: Promise.resolve({}) }
    );
    expect(res.status).toBe(201);
    const imported = await importDone;
    expect(imported.at(-1)).toMatchObject({ operation: "import", phase: "done" });
    expect(imported.at(-1)?.workspaceId).toBe(((await res.json()) as { workspace: { id: string } }).workspace.id);
    // Nobody else heard about either operation.
    expect(outsider.progress).toEqual([]);
    expect(viewer.progress.filter((p) => p.operationId === "op-socket-import")).toEqual([]);
  });
});
