// Crafted .tar.gz archives for the extraction attacks: raw tar headers that say what an honest
// packer never writes (uid 0, setuid bits, devices, links out, chains of links), and a check of
// the tree an extraction left behind.
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as tar from "tar";

export interface Entry {
  path: string;
  type?: "File" | "Directory" | "SymbolicLink" | "Link" | "CharacterDevice" | "BlockDevice" | "FIFO";
  linkpath?: string;
  body?: Buffer | string;
  mode?: number;
  uid?: number;
  gid?: number;
  devmaj?: number;
  devmin?: number;
}

/** Each entry a header (+ body padded to 512 bytes), then two zero blocks; gzipped. */
export function tarGz(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = typeof e.body === "string" ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0));
    const header = new tar.Header({
      path: e.path,
      type: e.type ?? "File",
      linkpath: e.linkpath ?? "",
      size: body.length,
      mode: e.mode ?? (e.type === "Directory" ? 0o755 : 0o644),
      mtime: new Date(1_700_000_000_000),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      uname: e.uid === 0 || e.uid === undefined ? "root" : "",
      gname: e.gid === 0 || e.gid === undefined ? "root" : "",
      devmaj: e.devmaj ?? 0,
      devmin: e.devmin ?? 0,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

export interface TreeProblem {
  path: string;
  problem: string;
}

/**
 * What must never be true of an extracted tree: an entry with setuid/setgid/sticky bits, an entry
 * not owned by the sandbox uid, a device, FIFO or socket. (Hard links inside the tree may exist:
 * the API refuses to serve a file with more than one link, which the read-back checks.)
 */
export async function treeProblems(root: string, sandboxUid: number): Promise<TreeProblem[]> {
  const problems: TreeProblem[] = [];
  async function visit(full: string, rel: string): Promise<void> {
    const info = await lstat(full);
    const special = info.mode & 0o7000;
    if (special) problems.push({ path: rel, problem: `mode ${(info.mode & 0o7777).toString(8)} has setuid/setgid/sticky bits` });
    if (info.uid !== sandboxUid) problems.push({ path: rel, problem: `owned by ${info.uid}:${info.gid}, not the sandbox uid ${sandboxUid}` });
    if (info.isCharacterDevice() || info.isBlockDevice() || info.isFIFO() || info.isSocket()) problems.push({ path: rel, problem: "a device, FIFO or socket" });
    if (info.isDirectory()) for (const name of (await readdir(full)).sort()) await visit(path.join(full, name), rel === "." ? name : `${rel}/${name}`);
  }
  await visit(root, ".");
  return problems;
}

/** Every path under `dir` (links not followed) whose name is `name`: where an escaping entry landed. */
export async function findNamed(dir: string, name: string, depth = 6): Promise<string[]> {
  const found: string[] = [];
  async function walk(d: string, left: number): Promise<void> {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, entry.name);
      if (entry.name === name) found.push(full);
      if (entry.isDirectory() && left > 0) await walk(full, left - 1);
    }
  }
  await walk(dir, depth);
  return found;
}
