// File operations raced from inside the workspace's own sandbox (issue 12, items 1 and 2, and
// "Tests that prove it"). A member with a terminal runs racer.c in a real sandbox container; it
// swaps folders and files for symlinks to a canary tree on the host while the server copies,
// deletes, moves, writes, uploads, reads, packs and greps that folder. Whatever the server does,
// the canary must stay byte for byte the same (owners, modes, inodes, entries), its marker must
// never reach a client, an archive or the workspace, and no call may answer 500 (typed refusals
// during a race are fine). Everything goes through public doors: tRPC callers and the HTTP handlers.
import { chown, mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as downloadRoute } from "~/app/api/workspaces/[workspaceId]/files/download/route";
import { POST as uploadRoute } from "~/app/api/workspaces/[workspaceId]/files/upload/route";
import { GET as snapshotDownloadRoute } from "~/app/api/workspaces/[workspaceId]/snapshots/[snapshotId]/download/route";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { exportRoute } from "~/server/http/transfer-routes";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sessionCookie } from "~/test/actors";
import { type Canary, CANARY_FILE_BYTES, CANARY_FILES, filesHolding, fillTo, holdsMarker, makeCanary } from "./support/canary";
import { httpOutcome, installRacer, type Outcome, raceCalls, racerStarted, type RaceTally, readBody, removeRacerBuild, type RacerRun, startRacer, streamOutcome, trpcOutcome } from "./support/racer";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
/** Reconciliation must not touch other test files' containers. */
const INSTANCE = `race-test-${process.pid}`;
/** Each race: this long, or the call cap of the test, whichever comes first (2 busy cores: keep it short). */
const RACE_SECONDS = 8;

/** Where `racer flip` keeps its links (beside the binary), as the host sees it relative to the root. */
const LINKS = ".racer/links";

const params = (workspaceId: string) => ({ params: Promise.resolve({ workspaceId }) });

describe.skipIf(!hasDocker)("file operations raced from inside the sandbox", () => {
  let team: Team;
  let ws: { id: string; root: string };
  let owner: { uid: number; gid: number };
  let cookie: string;
  // Snapshot downloads are for owners (snapshots hold every file, path rules' blocked ones too).
  let ownerCookie: string;
  let canary: Canary;
  let restoreTarget: string;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: INSTANCE }));
    team = await makeTeam();
    const created = await teamWorkspace(team, { template: "empty" });
    ws = { id: created.id, root: (await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).rootPath };
    // The editor's session: the attacker's terminal. Starting it hands the root to the sandbox uid.
    const first = await team.as.editor.sandbox.exec({ workspaceId: ws.id, command: ["id", "-u"] });
    expect(first.exitCode).toBe(0);
    const rootInfo = await stat(ws.root);
    owner = { uid: rootInfo.uid, gid: rootInfo.gid };
    expect(Number(first.stdout.trim())).toBe(owner.uid);
    await installRacer(ws.root, owner);
    cookie = await sessionCookie(team.editor.id);
    ownerCookie = await sessionCookie(team.owner.id);
    // Taken while the tree is clean: later races leave links to host paths behind, which a restore refuses.
    restoreTarget = (await team.as.owner.snapshots.create({ workspaceId: ws.id, label: "restore target" })).id;
  });

  afterEach(async () => {
    await canary?.remove();
  });

  afterAll(async () => {
    if (ws) {
      const rows = await db().sandboxSession.findMany({ where: { workspaceId: ws.id, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
      await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
    }
    await removeRacerBuild();
    await removeDataDir();
  });

  /** Folders and files the sandbox owns (as if it had made them), each file CANARY_FILE_BYTES long. */
  async function plant(files: string[]): Promise<void> {
    for (const rel of files) {
      const full = path.join(ws.root, rel);
      const parts = rel.split("/");
      for (let i = 1; i < parts.length; i++) {
        const dir = path.join(ws.root, ...parts.slice(0, i));
        await mkdir(dir).catch(() => undefined);
        await chown(dir, owner.uid, owner.gid);
      }
      await writeFile(full, fillTo(CANARY_FILE_BYTES, `workspace ${rel}`));
      await chown(full, owner.uid, owner.gid);
    }
  }

  function tree(prefix: string, extra = 0): string[] {
    const names = [...CANARY_FILES, "sub/g0.txt", "sub/deeper/h0.txt"];
    for (let i = 0; i < extra; i++) names.push(`x-${String(i).padStart(2, "0")}.txt`);
    return names.map((n) => `${prefix}/${n}`);
  }

  /** Runs the racers and the calls, then checks what every race must leave true. */
  async function race(racers: { args: string[]; startedIn?: string }[], maxCalls: number, call: (i: number) => Promise<Outcome>, seconds = RACE_SECONDS): Promise<RaceTally> {
    // flip's links from an earlier race (real folders left there when the server deleted their name) would pass for a start.
    await rm(path.join(ws.root, LINKS), { recursive: true, force: true });
    // One after the other: a racer that opens its folder must do so before another swaps that folder away.
    const runs: RacerRun[] = [];
    for (const r of racers) {
      const run = startRacer(team.as.editor, ws.id, r.args, seconds + 1);
      runs.push(run);
      if (r.startedIn) await racerStarted(path.join(ws.root, r.startedIn), run);
    }
    // The racers end by their own clock; wait for them even when a call throws, so a failed test
    // does not leave a racer running into the next one.
    const tally = await raceCalls(seconds, maxCalls, call).finally(() => Promise.all(runs.map((r) => r.done.catch(() => undefined))));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r, `racer failed: ${r.stderr}`).toMatchObject({ exitCode: 0 });
    // The race happened: the first racer made exchanges while the calls ran.
    expect(results[0]!.exchanges, "the racer made no exchange; the race did not take place").toBeGreaterThan(0);
    console.info(`[race] ${tally.calls} calls: ${tally.ok} ok, refused ${JSON.stringify(tally.refused)}, ${tally.internal.length} 500s; racers ${results.map((r) => r.stdout.trim()).join(" | ")}`);
    return tally;
  }

  /** What every race must leave true: the host untouched, no canary bytes in the workspace, no 500. */
  async function expectContained(tally: RaceTally): Promise<void> {
    expect(await canary.now(), "the canary tree outside the workspace changed").toEqual(canary.before);
    expect(await filesHolding(ws.root, canary.marker), "canary bytes were copied into the workspace").toEqual([]);
    expect(tally.internal, "calls answered 500 during the race").toEqual([]);
  }

  it("files.copy of a folder: staging children swapped for links to the host are never written, chowned or read through", async () => {
    canary = await makeCanary();
    await plant(tree("cp-src/a"));
    await mkdir(path.join(ws.root, "cp"));
    await chown(path.join(ws.root, "cp"), owner.uid, owner.gid);
    const tally = await race(
      [
        // The source's children flip with links to a host file (a copy that reads through them leaks it)...
        { args: ["flip", "/workspace/cp-src/a", canary.file], startedIn: LINKS },
        // ...and the staging folder's children become links to the host folder as soon as they appear.
        { args: ["watch", "/workspace/cp", ".atrium-tmp-", canary.root] },
      ],
      30,
      (i) => trpcOutcome(team.as.editor.files.copy({ workspaceId: ws.id, from: "cp-src", to: `cp/out-${i}` })),
    );
    await expectContained(tally);
  });

  it("files.delete recursive: folders exchanged with links to a host folder never delete host files", async () => {
    canary = await makeCanary();
    // Each folder holds `inner/` with names the canary also has; the racer exchanges every
    // `t-N/inner` with a link to the canary folder while `t-N` is deleted.
    const folders = Array.from({ length: 32 }, (_, i) => `del/t-${i}`);
    for (const f of folders) await plant([...tree(`${f}/inner`, 40), `${f}/top.txt`]);
    const tally = await race(
      [{ args: ["flip2", "/workspace/del", canary.root], startedIn: LINKS }],
      32,
      (i) => trpcOutcome(team.as.editor.files.delete({ workspaceId: ws.id, path: folders[i % folders.length]!, recursive: true })),
      10,
    );
    await expectContained(tally);
  });

  it("files.move of a folder: a parent swapped for a link to the host never renames host entries", async () => {
    canary = await makeCanary();
    await plant(tree("mv/box"));
    const tally = await race([{ args: ["swap", "/workspace/mv/box", canary.root], startedIn: "mv" }], 60, (i) =>
      trpcOutcome(team.as.editor.files.move({ workspaceId: ws.id, from: i % 2 === 0 ? "mv/box/sub" : "mv/box/sub-moved", to: i % 2 === 0 ? "mv/box/sub-moved" : "mv/box/sub" })),
    );
    await expectContained(tally);
  });

  it("files.write / append / mkdir into a folder swapped for a link to the host never touch host files", async () => {
    canary = await makeCanary();
    await plant(tree("wr/dir"));
    const editor = team.as.editor.files;
    const calls: ((i: number) => Promise<unknown>)[] = [
      () => editor.write({ workspaceId: ws.id, path: "wr/dir/f0.txt", content: "overwritten by a raced write\n" }),
      () => editor.append({ workspaceId: ws.id, path: "wr/dir/f1.txt", content: "appended by a raced append\n" }),
      (i) => editor.mkdir({ workspaceId: ws.id, path: `wr/dir/new-${i}` }),
      () => editor.write({ workspaceId: ws.id, path: "wr/dir/sub/g0.txt", content: "through a created parent\n" }),
      (i) => editor.write({ workspaceId: ws.id, path: `wr/dir/fresh-${i}.txt`, content: "new file\n" }),
    ];
    const tally = await race([{ args: ["swap", "/workspace/wr/dir", canary.root], startedIn: "wr" }], 80, (i) => trpcOutcome(calls[i % calls.length]!(i)));
    await expectContained(tally);
  });

  it("upload into a folder swapped for a link to the host never writes there", async () => {
    canary = await makeCanary();
    await plant(tree("up/dir"));
    const tally = await race([{ args: ["swap", "/workspace/up/dir", canary.root], startedIn: "up" }], 40, async (i) => {
      const form = new FormData();
      form.append("files", new Blob(["uploaded over a host file\n"]), "f2.txt");
      form.append("files", new Blob(["uploaded into a host folder\n"]), "sub/g0.txt");
      form.append("files", new Blob(["a new name\n"]), `new-${i}.txt`);
      const req = new Request(`http://atrium.test/api/workspaces/${ws.id}/files/upload?dir=${encodeURIComponent("up/dir")}`, { method: "POST", body: form, headers: { cookie } });
      const res = await uploadRoute(req, params(ws.id));
      return httpOutcome(res.status, await res.text());
    });
    await expectContained(tally);
  });

  describe("reads and packing of a folder whose entries are swapped for links to the host", () => {
    let planted = 0;
    /** Responses that carried the marker (collected, so a leak does not end the race with racers still running). */
    let leaks: string[] = [];

    function noteLeak(bytes: Buffer | string, what: string): void {
      if (holdsMarker(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), canary.marker)) leaks.push(what);
    }

    /** A fresh folder: it swaps with a link to the canary folder while its files flip with links to a canary file. */
    async function readRace(maxCalls: number, call: (dir: string, i: number) => Promise<Outcome>): Promise<void> {
      canary = await makeCanary();
      leaks = [];
      const top = `rd-${planted++}`;
      await plant(tree(`${top}/dir`));
      const tally = await race(
        [
          { args: ["flip", `/workspace/${top}/dir`, canary.file], startedIn: LINKS },
          { args: ["swap", `/workspace/${top}/dir`, canary.root], startedIn: top },
        ],
        maxCalls,
        (i) => call(`${top}/dir`, i),
      );
      expect(leaks, "responses carried canary bytes").toEqual([]);
      await expectContained(tally);
    }

    it("files.read never returns canary bytes", async () => {
      await readRace(300, async (dir, i) => {
        const name = [...CANARY_FILES, "sub/g0.txt"][i % 5]!;
        return trpcOutcome(team.as.editor.files.read({ workspaceId: ws.id, path: `${dir}/${name}` }).then((r) => noteLeak(JSON.stringify(r), `files.read of ${name}`)));
      });
    });

    it("grep never reports canary bytes", async () => {
      await readRace(60, async (dir) =>
        trpcOutcome(team.as.editor.files.grep({ workspaceId: ws.id, query: canary.marker, path: dir.split("/")[0]! }).then((r) => noteLeak(JSON.stringify(r), `files.grep (${r.matches.length} matches)`))),
      );
    });

    it("download of a file and of a folder (.tar.gz) never carries canary bytes", async () => {
      await readRace(60, async (dir, i) => {
        const target = i % 2 === 0 ? dir : `${dir}/${CANARY_FILES[i % 4]}`;
        const res = await downloadRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/files/download?path=${encodeURIComponent(target)}`, { headers: { cookie } }), params(ws.id));
        const read = await readBody(res);
        noteLeak(read.body, `download of ${target}`);
        return streamOutcome(res, read);
      });
    });

    it("export of the workspace never carries canary bytes", async () => {
      await readRace(6, async () => {
        const res = await exportRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/export`, { headers: { cookie } }), { params: Promise.resolve({ workspaceId: ws.id }) });
        const read = await readBody(res);
        noteLeak(read.body, "the export");
        return streamOutcome(res, read);
      });
    });

    it("snapshots.create never packs canary bytes (checked in the downloaded snapshot)", async () => {
      await readRace(5, async (_dir, i) => {
        const label = `raced ${planted}-${i}`;
        const created = await trpcOutcome(team.as.editor.snapshots.create({ workspaceId: ws.id, label }));
        if (created.kind !== "ok") return created;
        const snap = await db().snapshot.findFirstOrThrow({ where: { workspaceId: ws.id, label } });
        const res = await snapshotDownloadRoute(new Request(`http://atrium.test/api/workspaces/${ws.id}/snapshots/${snap.id}/download`, { headers: { cookie: ownerCookie } }), {
          params: Promise.resolve({ workspaceId: ws.id, snapshotId: snap.id }),
        });
        const read = await readBody(res);
        noteLeak(read.body, `snapshot ${label}`);
        return streamOutcome(res, read);
      });
    });
  });

  it("snapshots.restore in place while the sandbox races the tree being replaced: the old tree's removal never deletes host files", async () => {
    canary = await makeCanary();
    const tally: RaceTally = { calls: 0, ok: 0, refused: {}, internal: [] };
    for (let round = 0; round < 2; round++) {
      // The live tree (about to become the "old" one the restore removes) holds folders whose
      // children the racer exchanges with links to the canary folder. The same race also hits
      // the PRE_RESTORE snapshot packed from that tree first.
      await installRacer(ws.root, owner);
      await rm(path.join(ws.root, LINKS), { recursive: true, force: true });
      const folders = Array.from({ length: 6 }, (_, i) => `rs/t-${i}`);
      for (const f of folders) await plant([...tree(`${f}/inner`, 20), `${f}/top.txt`]);
      const racer = startRacer(team.as.editor, ws.id, ["flip2", "/workspace/rs", canary.root], RACE_SECONDS);
      await racerStarted(path.join(ws.root, LINKS), racer);
      const outcome = await trpcOutcome(team.as.owner.snapshots.restore({ workspaceId: ws.id, snapshotId: restoreTarget }));
      tally.calls++;
      if (outcome.kind === "ok") tally.ok++;
      else if (outcome.kind === "refused") tally.refused[outcome.why] = (tally.refused[outcome.why] ?? 0) + 1;
      else tally.internal.push(outcome.why);
      // The restore gives running sessions a fresh container, which ends the racer's exec (or, when
      // the restore failed, the racer runs out its time).
      await racer.done.catch(() => undefined);
    }
    console.info(`[race] restore: ${tally.calls} calls: ${tally.ok} ok, refused ${JSON.stringify(tally.refused)}, ${tally.internal.length} 500s`);
    expect(await canary.now(), "the canary tree outside the workspace changed").toEqual(canary.before);
    expect(tally.internal, "calls answered 500 during the race").toEqual([]);
  });
});
