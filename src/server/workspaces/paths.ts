// Where workspace trees and archives live on disk. Atrium-created roots are always
// `${dataDir}/workspaces/<id>`; anything else (registered host dirs, custom unarchive targets) is a
// "host" root that Atrium did not create and therefore never deletes without an explicit force.
import path from "node:path";
import { env } from "~/env";

export function workspacesDir(): string {
  return path.join(env().dataDir, "workspaces");
}

export function archivesDir(): string {
  return path.join(env().dataDir, "archives");
}

export function managedRootFor(workspaceId: string): string {
  return path.join(workspacesDir(), workspaceId);
}

/** True when `rootPath` is the directory Atrium itself created for this workspace. */
export function isManagedRoot(workspaceId: string, rootPath: string): boolean {
  return path.resolve(rootPath) === managedRootFor(workspaceId);
}

/** `child` equals `parent` or lies below it (both absolute, compared after normalisation). */
export function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Every ancestor of an absolute path, nearest first, ending with `/`. */
export function ancestorsOf(absolute: string): string[] {
  const out: string[] = [];
  let current = path.resolve(absolute);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/** Where a workspace's snapshots live: `<dataDir>/snapshots/<workspaceId>/`. */
export function snapshotsDir(workspaceId: string): string {
  return path.join(env().dataDir, "snapshots", workspaceId);
}
