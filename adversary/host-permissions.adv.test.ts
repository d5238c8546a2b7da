// Other accounts on the host, and the sandbox uid (issue 12, item 13): workspace bytes must not be
// readable by any other host user, and sandboxes must not run as a uid that is a real account on
// many hosts (1000, the first user). Real PostgreSQL, real Docker, the real procedures.
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { PRIVATE_DATA_FOLDERS, secureDataDir } from "~/server/data-dir";
import { DEFAULT_SANDBOX_UID, sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const asRoot = process.getuid?.() === 0;
const mode = async (p: string) => ((await stat(p)).mode & 0o7777).toString(8);

describe.runIf(asRoot)("the data directory at start-up (Atrium running as root)", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function existingInstall(): Promise<string> {
    // What an earlier Atrium left: everything 0755, readable by every account on the host.
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-perm-"));
    dirs.push(dir);
    for (const name of PRIVATE_DATA_FOLDERS) await mkdir(path.join(dir, name), { mode: 0o755 });
    await mkdir(path.join(dir, "workspaces", "w1"), { mode: 0o755 });
    await writeFile(path.join(dir, "workspaces", "w1", ".env"), "SECRET=1", { mode: 0o644 });
    await import("node:fs/promises").then((fs) => fs.chmod(dir, 0o755));
    return dir;
  }

  it("makes the data dir and its workspaces, archives, snapshots and scratch folders 0700 root's (existing install, DATABASE_URL)", async () => {
    const dir = await existingInstall();
    await secureDataDir(dir, { embeddedPostgres: false });
    expect(await mode(dir)).toBe("700");
    for (const name of PRIVATE_DATA_FOLDERS) {
      const info = await stat(path.join(dir, name));
      expect({ name, mode: (info.mode & 0o7777).toString(8), uid: info.uid, gid: info.gid }).toEqual({ name, mode: "700", uid: 0, gid: 0 });
    }
  });

  it("with the embedded PostgreSQL, lets only traversal through the data dir (0711) and keeps the folders 0700", async () => {
    const dir = await existingInstall();
    await secureDataDir(dir, { embeddedPostgres: true });
    expect(await mode(dir)).toBe("711");
    for (const name of PRIVATE_DATA_FOLDERS) expect(await mode(path.join(dir, name))).toBe("700");
  });

  it("creates them on a new install", async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), "atrium-perm-")), "fresh");
    dirs.push(path.dirname(dir));
    await secureDataDir(dir, { embeddedPostgres: false });
    expect(await mode(dir)).toBe("700");
    for (const name of PRIVATE_DATA_FOLDERS) expect(await mode(path.join(dir, name))).toBe("700");
  });
});

describe.runIf(asRoot && hasDocker)("workspace roots and the sandbox uid", () => {
  let team: Team;
  let ws: { id: string; rootPath: string };

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `adv-perm-${process.pid}`, sandboxUid: env().ATRIUM_SANDBOX_UID, sandboxGid: env().ATRIUM_SANDBOX_GID }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "python" });
    ws = { id: created.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("defaults to 2000000:2000000, not a host account", () => {
    expect(env().ATRIUM_SANDBOX_UID).toBe(DEFAULT_SANDBOX_UID);
    expect(env().ATRIUM_SANDBOX_GID).toBe(DEFAULT_SANDBOX_UID);
    expect(DEFAULT_SANDBOX_UID).toBe(2_000_000);
  });

  it("makes a new workspace root 0700, owned by the sandbox uid, starter files included", async () => {
    const root = await stat(ws.rootPath);
    expect({ mode: (root.mode & 0o7777).toString(8), uid: root.uid, gid: root.gid }).toEqual({ mode: "700", uid: 2_000_000, gid: 2_000_000 });
    const starter = await stat(path.join(ws.rootPath, "main.py"));
    expect({ uid: starter.uid, gid: starter.gid }).toEqual({ uid: 2_000_000, gid: 2_000_000 });
    // The folder above it is root's and closed too.
    expect(await mode(path.dirname(ws.rootPath))).toBe("700");
  });

  it("runs sandbox processes as 2000000, with a home and a user name though the uid has no passwd entry", async () => {
    const sandbox = team.as.editor.sandbox;
    const session = await sandbox.sessions.create({ workspaceId: ws.id, overrides: { network: false } });
    const run = (command: string) => sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command });
    expect((await run("id -u; id -g")).stdout).toBe("2000000\n2000000\n");
    expect((await run('echo "$HOME $USER"; touch "$HOME/ok" && echo home-writable')).stdout).toBe("/home/atrium atrium\nhome-writable\n");
    // The starter files are the sandbox's to change, and what it creates is owned by the same uid on the host.
    expect((await run("echo '# edited' >> main.py && echo x > made.txt && echo done")).stdout).toBe("done\n");
    expect((await stat(path.join(ws.rootPath, "made.txt"))).uid).toBe(2_000_000);
  });
});
