// Permissions of Atrium's data directory, set at every start-up (new installs and existing ones):
// no other account on the host may read workspaces, archives, snapshots or scratch space. Workspace
// roots inside belong to the sandbox user (see storage/whole-tree.ts); these folders above them
// belong to root (or to Atrium's own user when it does not run as root) with mode 0700.
//
// The one exception: with the embedded PostgreSQL, Atrium (as root) runs it as the `postgres`
// user, which must pass through the data directory to reach `pg/data`. The data directory is then
// 0711: others may traverse it but not list it, and everything they could name in it is either
// 0700 (the folders below, `pg/data`) or holds nothing secret (`instance-id`, the empty mask file);
// `auth-secret` and `pg/password` are 0600.
import { chmod, chown, mkdir } from "node:fs/promises";
import path from "node:path";

/** Folders of the data directory that hold tenants' bytes. */
export const PRIVATE_DATA_FOLDERS = ["workspaces", "archives", "snapshots", "sandbox-scratch"] as const;

export interface DataDirOptions {
  /** Atrium starts its own PostgreSQL under `<dataDir>/pg` (no DATABASE_URL). */
  embeddedPostgres: boolean;
  /** Defaults to whether this process runs as root. */
  asRoot?: boolean;
}

/** Creates the data directory and its private folders when missing and (re)sets owner and mode. */
export async function secureDataDir(dataDir: string, options: DataDirOptions): Promise<void> {
  const asRoot = options.asRoot ?? process.getuid?.() === 0;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // chown/chmod follow symlinks on purpose: an operator may point `snapshots` at a bigger disk.
  // Tenants never create entries at this level (their bytes live inside workspace roots).
  if (asRoot) await chown(dataDir, 0, 0);
  await chmod(dataDir, asRoot && options.embeddedPostgres ? 0o711 : 0o700);
  for (const name of PRIVATE_DATA_FOLDERS) {
    const dir = path.join(dataDir, name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (asRoot) await chown(dir, 0, 0);
    await chmod(dir, 0o700);
  }
}
