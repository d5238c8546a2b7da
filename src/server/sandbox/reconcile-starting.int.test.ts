// Reconciliation runs periodically while the server is up (housekeeping), so it must tell a session
// being started right now (container created, not yet running) from one a crash left half-started.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sandboxConfig } from "./config";
import { LABELS } from "./driver";
import { reconcile } from "./reconcile";
import { sessionsStartingHere } from "./sessions";
import { configureSandbox } from "./service";
import { requireDocker } from "./test-docker";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const INSTANCE = `reconcile-starting-${process.pid}`;

describe.skipIf(!hasDocker)("reconcile and sessions that are starting", () => {
  let team: Team;
  let workspaceId: string;
  const containers: string[] = [];

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
    team = await makeTeam();
    workspaceId = (await teamWorkspace(team, { template: "empty" })).id;
  });

  afterAll(async () => {
    await Promise.all(containers.map((id) => docker().getContainer(id).remove({ force: true }).catch(() => undefined)));
  });

  it("leaves a young STARTING session's created container alone, and settles it once its grace is over", async () => {
    const session = await db().sandboxSession.create({
      data: { workspaceId, userId: team.editor.id, driver: "docker", image: TEST_IMAGE, preset: "default", limits: {}, status: "STARTING" },
    });
    // Created, not started: exactly what a reconcile racing a session start sees.
    const container = await docker().createContainer({
      Image: TEST_IMAGE,
      Cmd: ["sleep", "60"],
      Labels: { [LABELS.managed]: "1", [LABELS.instance]: INSTANCE, [LABELS.session]: session.id, [LABELS.workspace]: workspaceId },
    });
    containers.push(container.id);

    const now = await reconcile(new Date());
    expect(now.removedContainers).not.toContain(container.id);
    expect(now.lostSessions).not.toContain(session.id);
    await expect(container.inspect()).resolves.toMatchObject({ Id: container.id });
    expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "STARTING" });

    // The same state two minutes later: the start died with the process that made it.
    const later = await reconcile(new Date(Date.now() + 120_000));
    expect(later.removedContainers).toContain(container.id);
    expect(later.lostSessions).toContain(session.id);
    expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ status: "STOPPED", stopReason: "start_interrupted" });
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("stops a session a crash left STARTING even though its container runs, but never one this process is still starting", async () => {
    const make = async () => {
      const session = await db().sandboxSession.create({
        data: { workspaceId, userId: team.editor.id, driver: "docker", image: TEST_IMAGE, preset: "default", limits: {}, status: "STARTING" },
      });
      const container = await docker().createContainer({
        Image: TEST_IMAGE,
        Cmd: ["sleep", "60"],
        Labels: { [LABELS.managed]: "1", [LABELS.instance]: INSTANCE, [LABELS.session]: session.id, [LABELS.workspace]: workspaceId },
      });
      containers.push(container.id);
      // Started, and its id recorded: the crash came just before the row said RUNNING.
      await container.start();
      await db().sandboxSession.update({ where: { id: session.id }, data: { containerId: container.id } });
      return { session, container };
    };
    const crashed = await make();
    const slow = await make();
    sessionsStartingHere().add(slow.session.id);
    try {
      const report = await reconcile(new Date(Date.now() + 120_000));
      expect(report.lostSessions).toContain(crashed.session.id);
      expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: crashed.session.id } })).toMatchObject({ status: "STOPPED", stopReason: "start_interrupted" });
      await expect(crashed.container.inspect()).rejects.toMatchObject({ statusCode: 404 });

      expect(report.lostSessions).not.toContain(slow.session.id);
      expect(report.removedContainers).not.toContain(slow.container.id);
      expect(await db().sandboxSession.findUniqueOrThrow({ where: { id: slow.session.id } })).toMatchObject({ status: "STARTING" });
      await expect(slow.container.inspect()).resolves.toMatchObject({ State: { Running: true } });
    } finally {
      sessionsStartingHere().delete(slow.session.id);
    }
  });
});
