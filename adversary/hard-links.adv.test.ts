// Hard links to protected files (issue 12, item 12). A member with a terminal cannot read `.env`
// or `.git/config` through the API, but `ln .git/config leak` in the sandbox makes a second name
// for the same bytes that no protected-path rule matches. Expected: a regular file with more than
// one link is refused through the API with PATH_DENIED reason `hard_link` (audited), and no channel
// (read over tRPC and REST, download of the file and of its folder, grep, copy, export, snapshot)
// ever carries the protected bytes.
import { chown, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as downloadRoute } from "~/app/api/workspaces/[workspaceId]/files/download/route";
import { GET as snapshotDownloadRoute } from "~/app/api/workspaces/[workspaceId]/snapshots/[snapshotId]/download/route";
import { env } from "~/env";
import { handleRestRequest } from "~/server/agent/rest/handler";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { exportRoute } from "~/server/http/transfer-routes";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { failure, lastAudit, makeKey, sessionCookie } from "~/test/actors";
import { holdsMarker } from "./support/canary";
import { readBody } from "./support/racer";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const INSTANCE = `hard-links-test-${process.pid}`;

const GIT_MARKER = `GIT-CONFIG-MARKER-${Math.random().toString(36).slice(2, 10)}`;
const ENV_MARKER = `DOTENV-MARKER-${Math.random().toString(36).slice(2, 10)}`;
const leaks = (bytes: Buffer | string) => [GIT_MARKER, ENV_MARKER].filter((m) => holdsMarker(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), m));

describe.skipIf(!hasDocker)("hard links to protected files made in the sandbox", () => {
  let team: Team;
  let ws: { id: string; root: string };
  let cookie: string;
  // Snapshot downloads are for owners (snapshots hold every file, path rules' blocked ones too).
  let ownerCookie: string;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, root: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    // The session starts first: `.env` made afterwards is not masked in it (masks are set at start),
    // as happens when the owner adds a secret while an editor's terminal is open.
    expect((await team.as.editor.sandbox.exec({ workspaceId: ws.id, command: ["true"] })).exitCode).toBe(0);
    const owner = await stat(ws.root);
    // Protected files cannot be written through the API: they are put on disk, as the owner's git or editor would.
    await mkdir(path.join(ws.root, ".git"));
    await writeFile(path.join(ws.root, ".git/config"), `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = https://token:${GIT_MARKER}@git.example.test/repo.git\n`);
    await writeFile(path.join(ws.root, ".env"), `API_TOKEN=${ENV_MARKER}\n`);
    for (const p of [".git", ".git/config", ".env"]) await chown(path.join(ws.root, p), owner.uid, owner.gid);

    // The attack: second names for the protected bytes, made from inside the sandbox.
    const ln = await team.as.editor.sandbox.exec({ workspaceId: ws.id, command: "ln .git/config leak && ln .env leak2 && mkdir -p sub && ln .env sub/leak3 && echo plain > sub/plain.txt" });
    expect(ln, ln.stderr).toMatchObject({ exitCode: 0 });
    expect((await stat(path.join(ws.root, "leak"))).nlink).toBe(2);
    expect((await stat(path.join(ws.root, ".env"))).nlink).toBe(3);
    cookie = await sessionCookie(team.editor.id);
    ownerCookie = await sessionCookie(team.owner.id);
  });

  afterAll(async () => {
    if (ws) {
      const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
      await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    }
    await removeDataDir();
  });

  it("files.read of a hard-linked name is refused with reason hard_link, and audited", async () => {
    for (const name of ["leak", "leak2", "sub/leak3"]) {
      const f = await failure(team.as.editor.files.read({ workspaceId: ws.id, path: name }));
      expect(f, name).toMatchObject({ appCode: "PATH_DENIED", reason: "hard_link" });
      expect(leaks(f.message), name).toEqual([]);
    }
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "hard_link" }), "the refusal was not audited").toMatchObject({ workspaceId: ws.id, outcome: "DENIED" });
    // The owner is refused too: protected files are protected from everyone through the API.
    expect(await failure(team.as.owner.files.read({ workspaceId: ws.id, path: "leak" }))).toMatchObject({ reason: "hard_link" });
  });

  it("REST read with an API key is refused the same way", async () => {
    const key = await makeKey(team.editor, { scopes: ["read"] });
    const res = await handleRestRequest(new Request(`http://atrium.test/api/v1/workspaces/${ws.id}/files/content?path=leak`, { headers: { authorization: `Bearer ${key}` } }));
    const body = await res.text();
    expect(leaks(body)).toEqual([]);
    expect(res.status).toBe(403);
    expect(body).toContain("hard_link");
  });

  it("download of the linked file is refused; download of its folder leaves it out", async () => {
    const file = await downloadRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/files/download?path=leak2`, { headers: { cookie } }), { params: Promise.resolve({ workspaceId: ws.id }) });
    const fileBody = await readBody(file);
    expect(leaks(fileBody.body)).toEqual([]);
    expect(file.status).toBe(403);
    expect(fileBody.body.toString("utf8")).toContain("hard_link");

    const folder = await downloadRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/files/download?path=sub`, { headers: { cookie } }), { params: Promise.resolve({ workspaceId: ws.id }) });
    const folderBody = await readBody(folder);
    expect(leaks(folderBody.body)).toEqual([]);
    expect(folder.status).toBeLessThan(500);
  });

  it("grep never reports the protected bytes", async () => {
    for (const query of [GIT_MARKER, ENV_MARKER]) {
      const r = await team.as.editor.files.grep({ workspaceId: ws.id, query, path: "" });
      expect(leaks(JSON.stringify(r)), `grep for ${query}`).toEqual([]);
      expect(r.matches).toEqual([]);
    }
  });

  it("copying the linked name does not launder it into a plain file", async () => {
    const copy = team.as.editor.files.copy({ workspaceId: ws.id, from: "leak", to: "laundered.txt" });
    const copied = await copy.then(
      () => true,
      () => false,
    );
    if (copied) {
      // The copy went through: its bytes must not be the protected ones.
      const read = await team.as.editor.files.read({ workspaceId: ws.id, path: "laundered.txt" });
      expect(leaks(JSON.stringify(read))).toEqual([]);
    } else {
      expect(await failure(copy)).toMatchObject({ reason: "hard_link" });
    }
    const folder = await team.as.editor.files.copy({ workspaceId: ws.id, from: "sub", to: "sub-copy" }).then(
      () => true,
      () => false,
    );
    if (folder) {
      const listing = await team.as.editor.files.grep({ workspaceId: ws.id, query: ENV_MARKER, path: "sub-copy" });
      expect(leaks(JSON.stringify(listing))).toEqual([]);
      const read = await team.as.editor.files.read({ workspaceId: ws.id, path: "sub-copy/leak3" }).then(
        (r) => JSON.stringify(r),
        (e: unknown) => String(e),
      );
      expect(leaks(read)).toEqual([]);
    }
  });

  it("export leaves the linked names out", async () => {
    const res = await exportRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/export`, { headers: { cookie } }), { params: Promise.resolve({ workspaceId: ws.id }) });
    const { body } = await readBody(res);
    expect(res.status).toBe(200);
    expect(leaks(body)).toEqual([]);
  });

  it("a snapshot (packed by an editor, downloaded by the owner) leaves the linked names out", async () => {
    const snap = await team.as.editor.snapshots.create({ workspaceId: ws.id, label: "with links" });
    const res = await snapshotDownloadRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/snapshots/${snap.id}/download`, { headers: { cookie: ownerCookie } }), {
      params: Promise.resolve({ workspaceId: ws.id, snapshotId: snap.id }),
    });
    const { body } = await readBody(res);
    expect(res.status).toBe(200);
    expect(leaks(body)).toEqual([]);
  });
});
