// What sandboxes write reaches the workspace's usage: workspaces with a running sandbox, or one
// that stopped since the last pass, are measured; others are left alone. Writes are made straight
// on disk, as a process in the container writes through the bind mount.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/server/db/client";
import { fileWorkspace, removeRoots } from "~/server/files/files.fixture";
import { adjustUsage } from "~/server/workspaces/quota";
import { syncSandboxUsage } from "./usage-sync";

afterAll(removeRoots);

type Workspace = Awaited<ReturnType<typeof fileWorkspace>>;

async function session(w: Workspace, state: { status: "RUNNING" | "STOPPED"; stoppedAt?: Date }): Promise<void> {
  await db().sandboxSession.create({
    data: { workspaceId: w.id, userId: w.users.editor.id, driver: "docker", image: "atrium/test:busybox", preset: "default", limits: {}, ...state },
  });
}

/** Writes `bytes` bytes on disk behind the file service's back, as a sandbox would. */
async function sandboxWrites(w: Workspace, relative: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(path.join(w.root, relative)), { recursive: true });
  await writeFile(path.join(w.root, relative), Buffer.alloc(bytes, 7));
}

describe("syncSandboxUsage", () => {
  it("measures workspaces with a running sandbox or one stopped since the last pass, and only those", async () => {
    const since = new Date();
    const running = await fileWorkspace();
    const stoppedNow = await fileWorkspace();
    const stoppedLongAgo = await fileWorkspace();
    const noSandbox = await fileWorkspace();
    for (const w of [running, stoppedNow, stoppedLongAgo, noSandbox]) {
      await w.as.editor.files.write({ workspaceId: w.id, path: "main.py", content: "print(1)\n" });
      await sandboxWrites(w, "venv/lib/big.bin", 300_000);
    }
    await session(running, { status: "RUNNING" });
    await session(stoppedNow, { status: "STOPPED", stoppedAt: new Date(since.getTime() + 1) });
    await session(stoppedLongAgo, { status: "STOPPED", stoppedAt: new Date(since.getTime() - 3_600_000) });

    expect(await syncSandboxUsage(since, { workspaceIds: [running, stoppedNow, stoppedLongAgo, noSandbox].map((w) => w.id) })).toBe(2);

    expect(await running.usage()).toBe(300_009n);
    expect(await stoppedNow.usage()).toBe(300_009n);
    expect(await stoppedLongAgo.usage()).toBe(9n);
    expect(await noSandbox.usage()).toBe(9n);
  });

  it("brings a stale figure down to the disk, and past the quota through the sandbox the file service refuses writes", async () => {
    const w = await fileWorkspace();
    await w.as.editor.files.write({ workspaceId: w.id, path: "data.csv", content: "a,b\n" });
    await session(w, { status: "RUNNING" });
    // Files a sandbox deleted: the stored figure is 1000 bytes too high.
    await adjustUsage(w.id, 1000n);
    await syncSandboxUsage(new Date(), { workspaceIds: [w.id] });
    expect(await w.usage()).toBe(4n);

    // Past the quota through the sandbox: the file service then refuses writes with the reason.
    await db().workspace.update({ where: { id: w.id }, data: { quotaBytes: 100_000n } });
    await sandboxWrites(w, "out/huge.bin", 150_000);
    await syncSandboxUsage(new Date(), { workspaceIds: [w.id] });
    expect(await w.usage()).toBe(150_004n);
    await expect(w.as.editor.files.write({ workspaceId: w.id, path: "more.txt", content: "x" })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("delete files or ask an owner to raise the quota") as unknown,
    });
  });
});
