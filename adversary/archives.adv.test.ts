// Crafted archives through every door that extracts one (issue 12, items 3 and 14 and "Tests that
// prove it"): POST /api/workspaces/import, snapshots.restore and snapshots.restoreAsNew of a
// registered crafted snapshot, and workspaces.unarchive of a replaced archive (checksum
// recomputed, as an attacker with the disk would). Each archive says something an honest packer
// never writes: uid 0 or 4242 owners, setuid/setgid/sticky modes, devices, a FIFO, hard links out
// of the tree or to a protected file, absolute and `..` paths aimed at a canary on the host, chains
// of symlinks that leave the tree, a file written through a symlink. Whatever the door does (refuse
// with a 4xx, or extract with the entry dropped or normalised), afterwards: no 500, the canary is
// unchanged, nothing escaped, and the tree holds no setuid/setgid/sticky bit, no device or FIFO,
// and only entries owned by the sandbox uid.
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { registerArchive } from "~/server/snapshots/snapshots.fixture";
import { importRoute } from "~/server/http/transfer-routes";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, sessionCookie } from "~/test/actors";
import { type Entry, findNamed, tarGz, treeProblems } from "./support/archives";
import { type Canary, makeCanary } from "./support/canary";
import { type Outcome, sandboxUid, trpcOutcome } from "./support/racer";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const SANDBOX_UID = sandboxUid();

interface Case {
  name: string;
  /** The archive's entries; `tag` names the files an escape would leave behind. */
  entries: (canary: Canary, tag: string) => Entry[];
  /** A path inside the result that must not serve the canary/protected marker through the API. */
  readBack?: string;
}

const SECRET = "PROTECTED-ENV-MARKER";

const CASES: Case[] = [
  {
    name: "owners uid 0 and 4242, modes 04755 / 02755 / 01777",
    entries: () => [
      { path: "suid-root", body: "#!/bin/sh\nid\n", mode: 0o4755, uid: 0, gid: 0 },
      { path: "sgid-any", body: "#!/bin/sh\nid\n", mode: 0o2755, uid: 4242, gid: 4242 },
      { path: "shared/", type: "Directory", mode: 0o1777, uid: 0, gid: 0 },
      { path: "shared/any-uid.txt", body: "owned by 4242\n", mode: 0o644, uid: 4242, gid: 4242 },
      { path: "suid-dir/", type: "Directory", mode: 0o6755, uid: 4242, gid: 0 },
      { path: "suid-dir/plain.txt", body: "plain\n", mode: 0o644, uid: 1234, gid: 1234 },
    ],
  },
  {
    name: "a character device, a block device and a FIFO",
    entries: () => [
      { path: "ok.txt", body: "ok\n", uid: SANDBOX_UID, gid: SANDBOX_UID },
      { path: "null", type: "CharacterDevice", devmaj: 1, devmin: 3, mode: 0o666 },
      { path: "disk", type: "BlockDevice", devmaj: 8, devmin: 0, mode: 0o660 },
      { path: "pipe", type: "FIFO", mode: 0o666 },
    ],
  },
  {
    name: "hard links to a host file (relative and absolute)",
    entries: (c) => [
      { path: "ok.txt", body: "ok\n" },
      { path: "h-rel", type: "Link", linkpath: `../../../../../../../..${c.file}` },
      { path: "h-abs", type: "Link", linkpath: c.file },
    ],
    readBack: "h-abs",
  },
  {
    name: "a hard link to a protected file (.env)",
    entries: () => [
      { path: ".env", body: `TOKEN=${SECRET}\n`, mode: 0o600 },
      { path: "leak", type: "Link", linkpath: ".env" },
    ],
    readBack: "leak",
  },
  {
    name: "an absolute path onto a host file",
    entries: (c) => [
      { path: "ok.txt", body: "ok\n" },
      { path: path.join(c.root, "f0.txt"), body: "overwritten through an absolute path\n", mode: 0o4755 },
    ],
  },
  {
    name: "`..` traversal onto a host file and beside the root",
    entries: (c, tag) => [
      { path: "ok.txt", body: "ok\n" },
      { path: `../../../../../../../..${path.join(c.root, "f2.txt")}`, body: "overwritten through ..\n" },
      { path: `../escaped-${tag}.txt`, body: "beside the root\n" },
    ],
  },
  {
    name: "chained symlinks that leave the tree, then a file through them",
    // Each link alone stays inside when read as text (d/l -> .. is the root; x -> d/l/.. reads as
    // "d"), but followed on disk x is the root's parent: x/escaped lands outside.
    entries: (_c, tag) => [
      { path: "d/", type: "Directory" },
      { path: "d/l", type: "SymbolicLink", linkpath: ".." },
      { path: "x", type: "SymbolicLink", linkpath: "d/l/.." },
      { path: "z", type: "SymbolicLink", linkpath: "x/.." },
      { path: `x/escaped-${tag}.txt`, body: "through a chain of links\n" },
      { path: `z/escaped-${tag}.txt`, body: "through a longer chain\n" },
    ],
  },
  {
    name: "a symlink to a host folder, then a file written through it",
    entries: (c, tag) => [
      { path: "ok.txt", body: "ok\n" },
      { path: "sub/", type: "Directory" },
      { path: "s", type: "SymbolicLink", linkpath: "sub" },
      { path: "s/through.txt", body: "through a link inside\n" },
      { path: "host", type: "SymbolicLink", linkpath: c.root },
      { path: `host/escaped-${tag}.txt`, body: "through a link to the host\n" },
    ],
  },
];

/** What a door left: its outcome and, when it produced a tree, where. */
interface DoorResult {
  outcome: Outcome;
  root: string | null;
  /** Who may read the result through the API. */
  reader: Team["owner"] | null;
}

interface Door {
  name: string;
  run(team: Team, bytes: Buffer, label: string): Promise<DoorResult>;
}

async function workspaceRoot(id: string): Promise<string> {
  return (await db().workspace.findUniqueOrThrow({ where: { id }, select: { rootPath: true } })).rootPath;
}

const DOORS: Door[] = [
  {
    name: "POST /api/workspaces/import",
    async run(team, bytes, label) {
      const res = await importRoute(
        new Request(`http://atrium.test/api/workspaces/import?name=${encodeURIComponent(label)}`, {
          method: "POST",
          body: new Uint8Array(bytes),
          headers: { cookie: await sessionCookie(team.editor.id), "content-type": "application/gzip" },
        }), { params: Promise.resolve({}) }
      );
      const text = await res.text();
      if (res.status >= 500) return { outcome: { kind: "internal", why: `${res.status}: ${text.slice(0, 300)}` }, root: null, reader: null };
      if (res.status >= 400) return { outcome: { kind: "refused", why: `${res.status} ${/"reason":"([^"]+)"/.exec(text)?.[1] ?? ""}` }, root: null, reader: null };
      const body = JSON.parse(text) as { workspace: { id: string } };
      return { outcome: { kind: "ok" }, root: await workspaceRoot(body.workspace.id), reader: team.editor };
    },
  },
  {
    name: "snapshots.restore (in place)",
    async run(team, bytes) {
      const ws = await teamWorkspace(team, { template: "empty" });
      const snapshotId = await registerArchive(team, ws.id, bytes);
      const outcome = await trpcOutcome(team.as.owner.snapshots.restore({ workspaceId: ws.id, snapshotId }));
      return { outcome, root: await workspaceRoot(ws.id), reader: team.owner };
    },
  },
  {
    name: "snapshots.restoreAsNew",
    async run(team, bytes, label) {
      const ws = await teamWorkspace(team, { template: "empty" });
      const snapshotId = await registerArchive(team, ws.id, bytes);
      let created: string | null = null;
      const outcome = await trpcOutcome(
        team.as.editor.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId, name: label }).then((r) => {
          created = r.workspace.id;
        }),
      );
      return { outcome, root: created ? await workspaceRoot(created) : null, reader: team.editor };
    },
  },
  {
    name: "workspaces.unarchive (archive replaced, checksum recomputed)",
    async run(team, bytes) {
      const ws = await teamWorkspace(team, { template: "empty" });
      const archived = await team.as.owner.workspaces.archive({ workspaceId: ws.id });
      await writeFile(archived.archive.path, bytes);
      await db().workspace.update({ where: { id: ws.id }, data: { archiveSha256: createHash("sha256").update(bytes).digest("hex"), archiveBytes: BigInt(bytes.length) } });
      const outcome = await trpcOutcome(team.as.owner.workspaces.unarchive({ workspaceId: ws.id }));
      const row = await db().workspace.findUniqueOrThrow({ where: { id: ws.id }, select: { rootPath: true, status: true } });
      return { outcome, root: row.status === "ACTIVE" ? row.rootPath : null, reader: team.owner };
    },
  },
];

describe("crafted archives through every extracting door", () => {
  let team: Team;
  let canary: Canary;

  beforeAll(async () => {
    team = await makeTeam();
  });
  afterEach(async () => {
    await canary?.remove();
  });
  afterAll(async () => {
    await removeDataDir();
  });

  for (const door of DOORS) {
    describe(door.name, () => {
      for (const c of CASES) {
        it(c.name, async () => {
          canary = await makeCanary();
          const tag = randomBytes(4).toString("hex");
          const label = `Crafted ${tag}`;
          const bytes = tarGz(c.entries(canary, tag));
          const result = await door.run(team, bytes, label);
          console.info(`[archive] ${door.name} / ${c.name}: ${result.outcome.kind}${result.outcome.kind === "ok" ? "" : ` (${result.outcome.why})`}`);

          // Soft: one run reports every way a door fails, not only the first.
          expect.soft(result.outcome.kind === "internal" ? result.outcome.why : "no 500", "the door answered 500").toBe("no 500");
          expect.soft(await canary.now(), "the canary on the host changed").toEqual(canary.before);
          const escaped = [...(await findNamed(env().dataDir, `escaped-${tag}.txt`)), ...(await findNamed(tmpdir(), `escaped-${tag}.txt`, 1))];
          expect.soft(escaped, "an entry landed outside the tree").toEqual([]);
          // A refusal leaves no new tree (an in-place restore keeps the old one, which is not this archive's doing).
          if (result.root && result.outcome.kind === "ok") {
            expect.soft(await treeProblems(result.root, SANDBOX_UID), "the extracted tree").toEqual([]);
            if (c.readBack && result.reader) {
              const reader = await callerAs(result.reader);
              const wsId = (await db().workspace.findFirstOrThrow({ where: { rootPath: result.root }, select: { id: true } })).id;
              const read = await reader.files.read({ workspaceId: wsId, path: c.readBack }).then(
                (r) => ({ ok: true as const, text: JSON.stringify(r), reason: undefined }),
                (e: unknown) => ({ ok: false as const, text: String(e), reason: (e as { cause?: { reason?: string } }).cause?.reason }),
              );
              expect.soft(read.text.includes(SECRET) || read.text.includes(canary.marker), `reading ${c.readBack} served protected or host bytes`).toBe(false);
              // Either the link was left out (not found) or it is there and refused as a hard link.
              if (!read.ok && read.reason !== "file_not_found") expect.soft(read.reason, `reading ${c.readBack}`).toBe("hard_link");
            }
          }
        });
      }
    });
  }
});
