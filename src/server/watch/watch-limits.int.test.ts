// The watcher's bounds with real parts: past ATRIUM_WATCH_MAX_WORKSPACES native watchers, and
// when the native watcher cannot start (here: the folder is gone), a workspace falls back to
// periodic `overflow` messages (clients list again) instead of failing or crashing; a fallback
// holder releasing lets the cap be used again.
import { rename } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/server/db/client";
import type { FilesChanged } from "~/server/realtime/events";
import { subscribe, workspaceRoom } from "~/server/realtime/workspace-bus";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { holdWatch, stopAllWatchers, watchReady, watchState } from "./registry";

vi.mock("~/env", async (importOriginal) => {
  const withData = (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal());
  return { ...withData, env: () => ({ ...withData.env(), ATRIUM_WATCH_MAX_WORKSPACES: 1, ATRIUM_WATCH_FALLBACK_MS: 1000, ATRIUM_WATCH_IDLE_MS: 0 }) };
});

/** Resolves with the first `files:changed` published to the workspace's room that satisfies `test`. */
function heard(workspaceId: string, test: (p: FilesChanged) => boolean): Promise<FilesChanged> {
  return new Promise((resolve) => {
    const stop = subscribe((m) => {
      if (m.room === workspaceRoom(workspaceId) && m.event === "files:changed" && test(m.payload)) {
        stop();
        resolve(m.payload);
      }
    });
  });
}

describe("watcher bounds", () => {
  let team: Team;
  beforeAll(async () => {
    team = await makeTeam();
  });
  afterAll(async () => {
    await stopAllWatchers();
    await removeDataDir();
  });

  it("falls back to periodic overflow past the cap, and watches natively again once a slot is free", async () => {
    const [a, b] = await Promise.all([teamWorkspace(team, { template: "empty" }), teamWorkspace(team, { template: "empty" })]);
    const holdA = holdWatch(a.id);
    expect(await watchReady(a.id)).toBe("native");
    const holdB = holdWatch(b.id);
    expect(await watchReady(b.id)).toBe("fallback");
    expect(await heard(b.id, (p) => p.overflow)).toEqual({ workspaceId: b.id, changes: [], overflow: true });
    holdA.release();
    holdB.release();
    await vi.waitFor(() => expect([watchState(a.id).mode, watchState(b.id).mode]).toEqual(["off", "off"]));
    const again = holdWatch(b.id);
    expect(await watchReady(b.id)).toBe("native");
    again.release();
  });

  it("does not fail when the native watcher cannot start: it falls back", async () => {
    const ws = await teamWorkspace(team, { template: "empty" });
    const { rootPath } = await db().workspace.findUniqueOrThrow({ where: { id: ws.id }, select: { rootPath: true } });
    await rename(rootPath, `${rootPath}.moved`);
    const hold = holdWatch(ws.id);
    expect(await watchReady(ws.id)).toBe("fallback");
    expect((await heard(ws.id, (p) => p.overflow)).overflow).toBe(true);
    hold.release();
    await rename(`${rootPath}.moved`, rootPath);
  });
});
