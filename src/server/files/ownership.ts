// New files and folders take the owner of the folder they are created in. Atrium usually runs as
// root while sandboxes run as the workspace's user (uid 1000 in Atrium's images): without this, a
// file saved in the editor would be read-only to the terminal that is meant to change it.
import { chown, type FileHandle, mkdir, stat } from "node:fs/promises";
import path from "node:path";

const runningAsRoot = process.getuid?.() === 0;

/** Gives the open file `handle` (just created inside `dir`) the owner of `dir`. */
export async function inheritOwner(handle: FileHandle, dir: string): Promise<void> {
  if (!runningAsRoot) return;
  const parent = await stat(dir);
  if (parent.uid !== 0 || parent.gid !== 0) await handle.chown(parent.uid, parent.gid);
}

/** `mkdir` (not recursive) whose new folder belongs to the owner of its parent. */
export async function mkdirInherit(target: string, mode?: number): Promise<void> {
  await mkdir(target, mode === undefined ? undefined : { mode });
  if (!runningAsRoot) return;
  const parent = await stat(path.dirname(target));
  if (parent.uid !== 0 || parent.gid !== 0) await chown(target, parent.uid, parent.gid);
}
