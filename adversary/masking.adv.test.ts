// Masking fails closed (issue 12, item 6). An editor floods the workspace with decoy protected
// files from their own sandbox so that the next session cannot hide them all: that session must be
// refused (typed, audited), never started with the owner's `.env`, `credentials.json` or SSH key
// readable. Real PostgreSQL, real Docker, the real session procedures.
import { chown, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { WALK_LIMITS } from "~/server/sandbox/workspace-prep";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { failure, lastAudit } from "~/test/actors";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const INSTANCE = `adv-masking-${process.pid}`;
const SECRETS = { ".env": "OWNER_DB_PASSWORD=s3cret-env", "credentials.json": '{"token":"s3cret-credentials"}', ".ssh/id_rsa": "-----BEGIN s3cret-ssh-key-----" };
const READ_SECRETS = "cat .env credentials.json .ssh/id_rsa 2>&1; true";

describe.skipIf(!hasDocker)("masking protected files fails closed", () => {
  let team: Team;
  let ws: { id: string; rootPath: string };

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, rootPath: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    await mkdir(path.join(ws.rootPath, ".ssh"));
    for (const [name, content] of Object.entries(SECRETS)) await writeFile(path.join(ws.rootPath, name), content);
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  /** A new session of `who` (no network: nothing here needs one), then `command` in it. */
  async function execAs(who: "editor" | "owner", command: string) {
    const sandbox = team.as[who].sandbox;
    const session = await sandbox.sessions.create({ workspaceId: ws.id, overrides: { network: false } });
    return sandbox.exec({ workspaceId: ws.id, sessionId: session.id, command });
  }
  const editorExec = (command: string) => execAs("editor", command);

  async function stopEditorSessions() {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, userId: team.editor.id, status: { in: ["STARTING", "RUNNING"] } } });
    for (const row of rows) await stopSessionById(row.id, "test_next_session");
  }

  it("hides every protected file when there are fewer than the limit (300 decoys)", async () => {
    // The attack: 300 decoys made from inside the editor's own sandbox.
    const planted = await editorExec(`i=0; while [ $i -lt 300 ]; do : > .env.decoy$i; i=$((i+1)); done; ls -a | grep -c '^.env.decoy'`);
    expect(planted.stdout.trim()).toBe("300");
    await stopEditorSessions();
    const read = await editorExec(READ_SECRETS);
    expect(read.stdout).not.toContain("s3cret");
  });

  it("refuses a session when the decoys outnumber what a container can mask, and audits it", async () => {
    const decoys = WALK_LIMITS.masks + 100;
    const planted = await editorExec(`i=300; while [ $i -lt ${decoys} ]; do : > .env.decoy$i; i=$((i+1)); done; ls -a | grep -c '^.env.decoy'`);
    expect(planted.stdout.trim()).toBe(String(decoys));
    await stopEditorSessions();

    const attempt = editorExec(READ_SECRETS);
    // Nothing leaked, whatever else happened.
    const leaked = await attempt.then((r) => r.stdout, () => "");
    expect(leaked).not.toContain("s3cret");
    const refused = await failure(attempt);
    expect(refused).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "too_many_protected_files" });
    // The message says how many, the limit, and what to do.
    expect(refused.message).toContain(`${(decoys + 3).toLocaleString("en-US")} protected files`);
    expect(refused.message).toContain(`at most ${WALK_LIMITS.masks.toLocaleString("en-US")}`);
    expect(refused.message).toMatch(/Delete .* or move them/);
    const audit = await lastAudit({ actorUserId: team.editor.id, reason: "too_many_protected_files" });
    expect(audit).toMatchObject({ outcome: "DENIED", action: "sandbox.sessions.create", workspaceId: ws.id });
    expect(audit?.details).toMatchObject({ count: decoys + 3, limit: WALK_LIMITS.masks });
    // No container is left running for this workspace.
    expect(await db().sandboxSession.count({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } } })).toBe(0);
    // The owner's own sessions are refused as well: masking does not depend on who asks.
    expect(await failure(execAs("owner", READ_SECRETS))).toMatchObject({ reason: "too_many_protected_files" });
  });

  it("refuses a session when the tree is too big to walk completely", async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE, maskLimits: { entries: 1000, masks: 5000 } }));
    // The decoys alone are past 1,000 entries; a `.env` deep in a folder the walk never reaches stays hidden only by refusing.
    await mkdir(path.join(ws.rootPath, "zz/deep"), { recursive: true });
    await writeFile(path.join(ws.rootPath, "zz/deep/.env"), "DEEP=s3cret-deep");
    await chown(path.join(ws.rootPath, "zz/deep/.env"), 0, 0);
    const attempt = editorExec("cat zz/deep/.env; true");
    expect(await attempt.then((r) => r.stdout, () => "")).not.toContain("s3cret");
    expect(await failure(attempt)).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "workspace_too_large_to_mask" });
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "workspace_too_large_to_mask" })).toMatchObject({ outcome: "DENIED", workspaceId: ws.id });
  });
});
