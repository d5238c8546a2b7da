// Helpers for the workspace integration tests: real people, real workspaces, real trees.
import { createHash } from "node:crypto";
import { chmod, lchown, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { callerAs, makeUser as makeAnyUser } from "~/test/actors";

export type Caller = Awaited<ReturnType<typeof callerAs>>;

// The run's global setup takes the instance's first (admin) account, so this is a plain user.
export const makeUser = makeAnyUser;

export interface Team {
  owner: ActorUser;
  editor: ActorUser;
  viewer: ActorUser;
  stranger: ActorUser;
  admin: ActorUser;
  as: Record<"owner" | "editor" | "viewer" | "stranger" | "admin", Caller>;
}

export async function makeTeam(): Promise<Team> {
  const [owner, editor, viewer, stranger, admin] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser(), makeUser({ admin: true })]);
  const [o, e, v, s, a] = await Promise.all([owner, editor, viewer, stranger, admin].map((u) => callerAs(u)));
  return { owner, editor, viewer, stranger, admin, as: { owner: o!, editor: e!, viewer: v!, stranger: s!, admin: a! } };
}

/** A workspace owned by `team.owner`, with `team.editor` and `team.viewer` invited. */
export async function teamWorkspace(team: Team, input: { name?: string; template?: "empty" | "node" | "python"; metadata?: Record<string, string | number | boolean> } = {}) {
  const ws = await team.as.owner.workspaces.create({ name: input.name ?? `Team ${Math.random().toString(36).slice(2, 10)}`, template: input.template ?? "python", metadata: input.metadata ?? {} });
  await team.as.owner.members.invite({ workspaceId: ws.id, email: team.editor.email, role: "editor" });
  await team.as.owner.members.invite({ workspaceId: ws.id, email: team.viewer.email, role: "viewer" });
  return ws;
}

/** Every entry under `root` → its content hash (files), "dir", or "link:<target>"; plus the mode. */
/** Every kind of entry a round trip must keep: nested dirs, an empty dir, binary data, modes 755/600, a symlink inside. */
export async function writeRichTree(root: string, binaryBytes = 50_000): Promise<void> {
  await mkdir(path.join(root, "src/deep"), { recursive: true });
  await mkdir(path.join(root, "empty-dir"));
  await writeFile(path.join(root, "src/deep/data.bin"), Buffer.from(Array.from({ length: binaryBytes }, (_, i) => (i * 7919) % 256)));
  await writeFile(path.join(root, "src/run.sh"), "#!/bin/sh\necho hi\n");
  await chmod(path.join(root, "src/run.sh"), 0o755);
  await writeFile(path.join(root, "private.txt"), "mine\n");
  await chmod(path.join(root, "private.txt"), 0o600);
  await symlink("src/run.sh", path.join(root, "link-inside"));
  await giveToSandbox(root);
}

/**
 * Test trees are written by hand as root; in a real workspace everything belongs to the sandbox
 * uid (the confined helper runs as it). Hands `dir` and everything below it over (lchown: never
 * following a link), and makes `dir` 0700 like a workspace root.
 */
export async function giveToSandbox(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = { uid: env().ATRIUM_SANDBOX_UID, gid: env().ATRIUM_SANDBOX_GID };
  await lchown(dir, uid, gid);
  await chmod(dir, 0o700);
  // By hand: readdir's `recursive` follows symlinks.
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      await lchown(full, uid, gid);
      if (entry.isDirectory()) await walk(full);
    }
  }
  await walk(dir);
}

/** A fresh sandbox-owned root folder under a host temp dir (what the extractor writes into). */
export async function sandboxRoot(base: string, name: string): Promise<string> {
  const dir = path.join(base, name);
  await mkdir(dir);
  await giveToSandbox(dir);
  return dir;
}

export async function treeFingerprint(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      const full = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const info = await lstat(full);
      const mode = (info.mode & 0o777).toString(8);
      if (info.isSymbolicLink()) out[rel] = `link:${await readlink(full)}`;
      else if (info.isDirectory()) {
        out[rel] = `dir:${mode}`;
        await walk(full, rel);
      } else out[rel] = `file:${mode}:${createHash("sha256").update(await readFile(full)).digest("hex")}`;
    }
  }
  await walk(root, "");
  return out;
}

export async function sha256File(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

const hostDirs: string[] = [];

/** A temporary directory outside the data dir; `removeDataDir` removes it with the rest. */
export async function hostTempDir(tag = "host"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `atrium-${tag}-`));
  // Like a typical host folder (root's, 0755): readable by the sandbox uid the file helper runs as.
  await chmod(dir, 0o755);
  hostDirs.push(dir);
  return dir;
}

export async function removeHostDirs(): Promise<void> {
  await Promise.all(hostDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** For afterAll in files that mock ~/env with test-data-dir: removes that data dir and the host dirs. */
export async function removeDataDir(): Promise<void> {
  if (!path.basename(env().dataDir).startsWith("atrium-data-")) throw new Error(`refusing to remove ${env().dataDir}: ~/env is not mocked with test-data-dir`);
  await rm(env().dataDir, { recursive: true, force: true });
  await removeHostDirs();
}

export async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}
