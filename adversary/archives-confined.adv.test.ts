// Crafted archives against the three doors that unpack them (import over the real HTTP handler,
// snapshot restore in place and as new, unarchive): whatever the headers say, every entry ends up
// owned by the sandbox uid, with no setuid/setgid/sticky bit, no device or FIFO, nothing outside
// the target (a canary folder beside the data dir stays byte for byte the same), and no 500.
// Plus the denial of service of issue 12 item 9: a 1 MB archive of 60,000 entries stops at the
// entry cap, and an import whose client goes away stops and leaves no workspace behind.
import { createHash, randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { type RoomMessage, subscribe } from "~/server/realtime/workspace-bus";
import { registerArchive } from "~/server/snapshots/snapshots.fixture";
import { importRoute } from "~/server/http/transfer-routes";
import { workspacesDir } from "~/server/workspaces/paths";
import { makeTeam, removeDataDir, teamWorkspace } from "~/server/workspaces/test-helpers";
import { callerAs, failure, makeUser, sessionCookie } from "~/test/actors";

// A temp data dir, plus settings a test may change (the import entry cap).
const overrides: Record<string, unknown> = vi.hoisted(() => ({}));
vi.mock("~/env", async (importOriginal) => {
  const withTemp = (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal());
  return { ...withTemp, env: () => ({ ...withTemp.env(), ...overrides }) };
});

let canary: string;
let canaryBefore: Record<string, string>;

beforeAll(async () => {
  // Beside the data dir: where a link chain `x/l3 -> l2/../..` would really lead from a workspace root.
  canary = path.join(path.dirname(env().dataDir), `atrium-canary-${randomBytes(4).toString("hex")}`);
  await mkdir(path.join(canary, "sub"), { recursive: true, mode: 0o755 });
  await writeFile(path.join(canary, "secret"), "root only", { mode: 0o600 });
  await writeFile(path.join(canary, "sub/cron"), "* * * * * root true\n", { mode: 0o644 });
  canaryBefore = await fingerprint(canary);
});

afterAll(async () => {
  await rm(canary, { recursive: true, force: true });
  await removeDataDir();
});

/** Every entry below `dir`: type, owner, mode and content hash (never following links). */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const st = await lstat(dir);
  out["."] = `${st.uid}:${st.gid}:${(st.mode & 0o7777).toString(8)}`;
  for (const name of (await readdir(dir, { recursive: false })).sort()) {
    const full = path.join(dir, name);
    const info = await lstat(full);
    const head = `${info.uid}:${info.gid}:${(info.mode & 0o7777).toString(8)}`;
    if (info.isDirectory()) for (const [k, v] of Object.entries(await fingerprint(full))) out[`${name}/${k}`] = v;
    else out[name] = info.isFile() ? `${head}:${createHash("sha256").update(await readFile(full)).digest("hex")}` : `${head}:other`;
  }
  return out;
}

interface Crafted {
  path: string;
  type?: "File" | "Directory" | "SymbolicLink" | "Link" | "CharacterDevice" | "BlockDevice" | "FIFO";
  body?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  linkpath?: string;
}

/** A .tar.gz with exactly these headers (owners, modes, types node-tar would never write for us). */
function craft(entries: Crafted[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? "");
    const type = e.type ?? "File";
    const header = new tar.Header({
      path: e.path,
      type,
      size: type === "File" ? body.length : 0,
      mode: e.mode ?? (type === "Directory" ? 0o755 : 0o644),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      uname: "root",
      gname: "root",
      linkpath: e.linkpath ?? "",
      mtime: new Date(0),
      ...(type === "CharacterDevice" || type === "BlockDevice" ? { devmaj: 1, devmin: 3 } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (type === "File") blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** Owners and modes an attacker would like kept: root-owned setuid, another uid's setgid, a sticky world-writable folder. */
const OWNERS_AND_MODES: Crafted[] = [
  { path: "suid-root", body: "#!/bin/sh\nid\n", mode: 0o4755, uid: 0, gid: 0 },
  { path: "sgid-other", body: "x", mode: 0o2755, uid: 4242, gid: 4242 },
  { path: "sticky/", type: "Directory", mode: 0o1777, uid: 0 },
  { path: "sticky/inside", body: "y", mode: 0o6777, uid: 4242 },
  { path: "readonly/", type: "Directory", mode: 0o555 },
  { path: "readonly/kept", body: "z", mode: 0o444 },
  { path: ".git/config", body: "[remote] url=secret", mode: 0o600 },
  // A hard link to a protected name is dropped (never a second name, nor a readable copy).
  { path: "alias-of-config", type: "Link", linkpath: ".git/config" },
  // A hard link to something the archive never held is dropped, not followed.
  { path: "alias-of-nothing", type: "Link", linkpath: "not-in-archive" },
];

/** Links that stay inside on paper but chain out for real, and files written through links. */
function chainedLinks(): Crafted[] {
  const canaryName = path.basename(canary);
  return [
    { path: "x/", type: "Directory" },
    { path: "x/l", type: "SymbolicLink", linkpath: ".." }, // the root
    { path: "x/l2", type: "SymbolicLink", linkpath: "l/.." }, // really: the root's parent
    { path: "x/l3", type: "SymbolicLink", linkpath: "l2/../.." }, // really: two above that
    { path: `x/l3/${canaryName}/pwned`, body: "escaped" },
    { path: `x/l3/${canaryName}/secret`, body: "overwritten" },
    { path: "x/l2/pwned-root", body: "escaped" },
    { path: "linkdir", type: "SymbolicLink", linkpath: "x" },
    { path: "linkdir/through-a-link", body: "written through a symlink" },
    { path: "kept.txt", body: "an ordinary file after all that" },
  ];
}

const sandboxUid = () => env().ATRIUM_SANDBOX_UID;
const sandboxGid = () => env().ATRIUM_SANDBOX_GID;

/** The containment promises, for a tree an archive was unpacked into. */
async function assertContained(root: string): Promise<void> {
  const seen: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const name of await readdir(dir)) {
      const full = path.join(dir, name);
      const st = await lstat(full);
      seen.push(path.relative(root, full));
      expect({ path: full, uid: st.uid, gid: st.gid }).toEqual({ path: full, uid: sandboxUid(), gid: sandboxGid() });
      expect({ path: full, special: st.mode & 0o7000 }).toEqual({ path: full, special: 0 });
      expect({ path: full, device: st.isCharacterDevice() || st.isBlockDevice() || st.isFIFO() || st.isSocket() }).toEqual({ path: full, device: false });
      if (st.isFile()) expect({ path: full, links: st.nlink }).toEqual({ path: full, links: 1 });
      if (st.isDirectory()) await walk(full);
    }
  }
  const top = await lstat(root);
  expect([top.uid, top.gid, top.mode & 0o777]).toEqual([sandboxUid(), sandboxGid(), 0o700]);
  await walk(root);
  expect(await fingerprint(canary)).toEqual(canaryBefore);
  // Nothing landed beside the roots either (x/l2/pwned-root would be workspaces/pwned-root).
  expect((await readdir(workspacesDir())).filter((n) => n.startsWith("pwned") || n.startsWith("."))).toEqual([]);
  expect(seen.length).toBeGreaterThan(0);
}

async function importAs(user: ActorUser, archive: Buffer, query: string, signal?: AbortSignal): Promise<{ status: number; body: { workspace?: { id: string; rootPath: string }; error?: { reason?: string } } }> {
  const res = await importRoute(
    new Request(`http://atrium.test/api/workspaces/import${query}`, {
      method: "POST",
      body: new Uint8Array(archive),
      headers: { cookie: await sessionCookie(user.id), "content-type": "application/gzip" },
      ...(signal ? { signal } : {}),
    }), { params: Promise.resolve({}) }
  );
  return { status: res.status, body: (await res.json()) as { workspace?: { id: string; rootPath: string }; error?: { reason?: string } } };
}

async function checkOwnersAndModes(root: string): Promise<void> {
  await assertContained(root);
  await expect(lstat(path.join(root, "alias-of-config"))).rejects.toMatchObject({ code: "ENOENT" });
  await expect(lstat(path.join(root, "alias-of-nothing"))).rejects.toMatchObject({ code: "ENOENT" });
  expect((await lstat(path.join(root, "readonly"))).mode & 0o777).toBe(0o555);
  expect(await readFile(path.join(root, "readonly/kept"), "utf8")).toBe("z");
}

async function checkChained(root: string): Promise<void> {
  await assertContained(root);
  expect(await readFile(path.join(root, "kept.txt"), "utf8")).toBe("an ordinary file after all that");
  // The links themselves are kept as text (harmless inside the sandbox); nothing went through them.
  expect((await lstat(path.join(root, "x/l3"))).isSymbolicLink()).toBe(true);
  await expect(lstat(path.join(root, "x/through-a-link"))).rejects.toMatchObject({ code: "ENOENT" });
}

describe("crafted archives, imported over HTTP", () => {
  it("takes no owner, no setuid/setgid/sticky bit and no hard link from the headers", async () => {
    const user = await makeUser();
    const res = await importAs(user, craft(OWNERS_AND_MODES), "?name=owners");
    expect(res.status).toBe(201);
    await checkOwnersAndModes(res.body.workspace!.rootPath);
  });

  it("never writes through a link, however the links chain, and never answers 500", async () => {
    const user = await makeUser();
    const res = await importAs(user, craft(chainedLinks()), "?name=chained");
    expect(res.status).toBe(201);
    await checkChained(res.body.workspace!.rootPath);
  });

  // Functions: the canary's path exists only once beforeAll has run.
  it.each([
    ["a character device", () => [{ path: "null", type: "CharacterDevice" }], "archive_special_file"],
    ["a block device", () => [{ path: "sda", type: "BlockDevice" }], "archive_special_file"],
    ["a FIFO", () => [{ path: "pipe", type: "FIFO" }], "archive_special_file"],
    ["an absolute path", () => [{ path: `${canary}/secret`, body: "overwritten" }], "archive_absolute_path"],
    ["a `..` path", () => [{ path: "../../../x", body: "evil" }], "archive_path_traversal"],
    ["a hard link out of the tree", () => [{ path: "h", type: "Link", linkpath: "../../../../etc/shadow" }], "archive_link_outside"],
    ["an absolute symlink", () => [{ path: "s", type: "SymbolicLink", linkpath: canary }], "archive_link_outside"],
  ] as [string, () => Crafted[], string][])("refuses %s with a typed 4xx and creates nothing", async (_name, entries, reason) => {
    const user = await makeUser();
    const res = await importAs(user, craft([{ path: "ok.txt", body: "fine" }, ...entries()]), "?name=refused");
    // INVALID_INPUT is 422 on the REST doors: a typed refusal, never a 500.
    expect({ status: res.status, reason: res.body.error?.reason }).toEqual({ status: 422, reason });
    expect(await db().workspace.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await fingerprint(canary)).toEqual(canaryBefore);
    expect((await readdir(workspacesDir())).filter((n) => n.startsWith("."))).toEqual([]);
  });
});

describe("crafted snapshots, restored", () => {
  it.each([
    ["owners and modes", () => craft(OWNERS_AND_MODES), checkOwnersAndModes],
    ["chained links", () => craft(chainedLinks()), checkChained],
  ] as [string, () => Buffer, (root: string) => Promise<void>][])("in place and as new: %s", async (_name, make, check) => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "python" });
    const snapshotId = await registerArchive(team, ws.id, make());
    const owner = await callerAs(team.owner);
    await owner.snapshots.restore({ workspaceId: ws.id, snapshotId });
    await check(ws.rootPath);
    const copy = await owner.snapshots.restoreAsNew({ workspaceId: ws.id, snapshotId, name: `Copy ${randomBytes(3).toString("hex")}` });
    await check(copy.workspace.rootPath);
  });
});

describe("crafted archives, unarchived", () => {
  it.each([
    ["owners and modes", () => craft(OWNERS_AND_MODES), checkOwnersAndModes],
    ["chained links", () => craft(chainedLinks()), checkChained],
  ] as [string, () => Buffer, (root: string) => Promise<void>][])("%s", async (_name, make, check) => {
    const user = await makeUser();
    const caller = await callerAs(user);
    const ws = await caller.workspaces.create({ name: `Unarchive ${randomBytes(3).toString("hex")}`, template: "empty" });
    const { archive } = await caller.workspaces.archive({ workspaceId: ws.id });
    // An archive file swapped on disk, with the registry updated to match (the checksum gate is not what is tested).
    const bytes = make();
    await writeFile(archive.path, bytes);
    await db().workspace.update({ where: { id: ws.id }, data: { archiveSha256: createHash("sha256").update(bytes).digest("hex"), archiveBytes: BigInt(bytes.length) } });
    const { workspace } = await caller.workspaces.unarchive({ workspaceId: ws.id });
    await check(workspace.rootPath);
  });

  it("refuses a crafted device archive on unarchive with a typed error and leaves no files", async () => {
    const user = await makeUser();
    const caller = await callerAs(user);
    const ws = await caller.workspaces.create({ name: `Unarchive dev ${randomBytes(3).toString("hex")}`, template: "empty" });
    const { archive } = await caller.workspaces.archive({ workspaceId: ws.id });
    const bytes = craft([{ path: "ok", body: "x" }, { path: "null", type: "CharacterDevice" }]);
    await writeFile(archive.path, bytes);
    await db().workspace.update({ where: { id: ws.id }, data: { archiveSha256: createHash("sha256").update(bytes).digest("hex"), archiveBytes: BigInt(bytes.length) } });
    expect(await failure(caller.workspaces.unarchive({ workspaceId: ws.id }))).toMatchObject({ reason: "archive_special_file" });
    await expect(lstat(ws.rootPath)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

/** ~1 MB gzipped: 60,000 empty files in 60 folders. */
function manyEntries(count = 60_000): Buffer {
  const entries: Crafted[] = [];
  for (let d = 0; d < 60; d++) {
    entries.push({ path: `d${d}/`, type: "Directory" });
    for (let i = 0; i < count / 60; i++) entries.push({ path: `d${d}/f${i}` });
  }
  return craft(entries);
}

describe("import limits", () => {
  it("stops a 60,000-entry archive at the entry cap within seconds, with a typed 4xx and nothing left", async () => {
    overrides.ATRIUM_IMPORT_MAX_ENTRIES = 5_000;
    try {
      const user = await makeUser();
      const archive = manyEntries();
      expect(archive.length).toBeLessThan(2 * 1024 * 1024);
      const started = Date.now();
      const res = await importAs(user, archive, "?name=bomb");
      expect({ status: res.status, reason: res.body.error?.reason }).toEqual({ status: 422, reason: "archive_too_many_entries" });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(await db().workspace.count({ where: { ownerId: user.id } })).toBe(0);
      expect((await readdir(workspacesDir())).filter((n) => n.startsWith("."))).toEqual([]);
    } finally {
      delete overrides.ATRIUM_IMPORT_MAX_ENTRIES;
    }
  });

  it("stops extracting when the client goes away, and leaves no workspace and no staging folder behind", async () => {
    const user = await makeUser();
    const archive = manyEntries();
    const abort = new AbortController();
    let entriesWhenAborted = 0;
    const stop = subscribe((m: RoomMessage) => {
      if (m.event !== "snapshot:progress" || m.payload.operation !== "import" || m.payload.phase !== "extracting") return;
      if (m.payload.files > 500 && !abort.signal.aborted) {
        entriesWhenAborted = m.payload.files;
        abort.abort();
      }
    });
    const started = Date.now();
    try {
      const res = await importAs(user, archive, "?name=gone", abort.signal);
      expect(res.status).not.toBe(201);
      expect(res.status).toBeLessThan(500);
    } finally {
      stop();
    }
    expect(entriesWhenAborted).toBeGreaterThan(500);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await db().workspace.count({ where: { ownerId: user.id } })).toBe(0);
    expect((await readdir(workspacesDir())).filter((n) => n.startsWith("."))).toEqual([]);
    expect(await readdir(path.join(env().dataDir, "imports"))).toEqual([]);
  });
});
