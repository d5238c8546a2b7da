// A canary tree OUTSIDE the workspace, on the host: a root-owned folder (0755) holding root-owned
// files (0600 and 0644) and folders, each file carrying a unique marker. Raced file operations
// must leave it byte for byte as it was (content, owner, mode, mtime, inode, entries) and must
// never hand its marker to a client or copy it into the workspace.
import { createHash, randomBytes } from "node:crypto";
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { constants as zlib, gunzipSync } from "node:zlib";

/** Every file in a canary (and every file a race test plants in a workspace) is exactly this long, so a packer that checks sizes cannot tell a swapped file by its size. */
export const CANARY_FILE_BYTES = 4096;

/** Names the workspace trees reuse, so a server that follows a swapped link lands on existing canary entries. */
export const CANARY_FILES = ["f0.txt", "f1.txt", "f2.txt", "f3.txt"] as const;

export interface CanaryEntry {
  type: "file" | "dir" | "link" | "other";
  uid: number;
  gid: number;
  mode: string;
  mtimeMs: number;
  ino: number;
  size: number;
  sha256?: string;
  link?: string;
}

export interface Canary {
  root: string;
  /** A host file inside the canary (symlink text for file swaps). */
  file: string;
  /** A unique string in every canary file: it must never appear in a response, an archive or the workspace. */
  marker: string;
  /** The recorded state, taken right after creation. */
  before: Record<string, CanaryEntry | "missing">;
  /** The state now (same shape as `before`): compare with toEqual. */
  now(): Promise<Record<string, CanaryEntry | "missing">>;
  remove(): Promise<void>;
}

export function fillTo(size: number, text: string): Buffer {
  const unit = Buffer.from(`${text}\n`);
  const out = Buffer.alloc(size);
  for (let at = 0; at < size; at += unit.length) unit.copy(out, at, 0, Math.min(unit.length, size - at));
  return out;
}

async function record(root: string): Promise<Record<string, CanaryEntry | "missing">> {
  const out: Record<string, CanaryEntry | "missing"> = {};
  async function visit(full: string, rel: string): Promise<void> {
    const info = await lstat(full).catch(() => null);
    if (!info) {
      out[rel] = "missing";
      return;
    }
    const entry: CanaryEntry = {
      type: info.isFile() ? "file" : info.isDirectory() ? "dir" : info.isSymbolicLink() ? "link" : "other",
      uid: info.uid,
      gid: info.gid,
      mode: (info.mode & 0o7777).toString(8),
      mtimeMs: info.mtimeMs,
      ino: info.ino,
      size: info.size,
    };
    if (info.isFile()) entry.sha256 = createHash("sha256").update(await readFile(full)).digest("hex");
    if (info.isSymbolicLink()) entry.link = await readlink(full);
    out[rel] = entry;
    if (info.isDirectory()) for (const name of (await readdir(full)).sort()) await visit(path.join(full, name), rel === "." ? name : `${rel}/${name}`);
  }
  await visit(root, ".");
  return out;
}

/** A fresh canary tree: root-owned, 0755 folders, 0600/0644 files of CANARY_FILE_BYTES with the marker. */
export async function makeCanary(): Promise<Canary> {
  const root = await mkdtemp(path.join(tmpdir(), "atrium-canary-"));
  const marker = `ATRIUM-CANARY-${randomBytes(8).toString("hex")}`;
  const body = (name: string) => fillTo(CANARY_FILE_BYTES, `${marker} ${name} host secret`);
  await mkdir(path.join(root, "sub", "deeper"), { recursive: true });
  for (const [i, name] of CANARY_FILES.entries()) {
    await writeFile(path.join(root, name), body(name));
    await chmod(path.join(root, name), i % 2 === 0 ? 0o600 : 0o644);
  }
  await writeFile(path.join(root, "sub", "g0.txt"), body("sub/g0.txt"));
  await chmod(path.join(root, "sub", "g0.txt"), 0o600);
  await writeFile(path.join(root, "sub", "deeper", "h0.txt"), body("sub/deeper/h0.txt"));
  await chmod(path.join(root, "sub", "deeper", "h0.txt"), 0o644);
  for (const dir of [root, path.join(root, "sub"), path.join(root, "sub", "deeper")]) await chmod(dir, 0o755);
  // Root-owned (the tests run as root, as Atrium does on most installs): a chown to the sandbox uid shows.
  for (const rel of [".", "sub", "sub/deeper", "sub/g0.txt", "sub/deeper/h0.txt", ...CANARY_FILES]) await chown(path.join(root, rel), 0, 0);
  const before = await record(root);
  return {
    root,
    file: path.join(root, CANARY_FILES[1]),
    marker,
    before,
    now: () => record(root),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Whether `bytes` (raw, or a .tar.gz) holds the marker anywhere. */
export function holdsMarker(bytes: Buffer, marker: string): boolean {
  const needle = Buffer.from(marker);
  if (bytes.includes(needle)) return true;
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      // Sync flush: a stream cut short (a download ended by a refusal) still yields what it carried.
      return gunzipSync(bytes, { finishFlush: zlib.Z_SYNC_FLUSH }).includes(needle);
    } catch {
      return false;
    }
  }
  return false;
}

/** Regular files under `root` (links not followed) whose bytes hold the marker: canary bytes copied into the workspace. */
export async function filesHolding(root: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const full = path.join(dir, name);
      const info = await lstat(full).catch(() => null);
      if (!info) continue;
      const r = rel ? `${rel}/${name}` : name;
      if (info.isDirectory()) await walk(full, r);
      else if (info.isFile() && info.size < 16 * 1024 * 1024 && (await readFile(full).catch(() => Buffer.alloc(0))).includes(marker)) found.push(r);
    }
  }
  await walk(root, "");
  return found;
}
