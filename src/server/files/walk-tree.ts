// Walks a whole workspace tree through its confined helper (symlinks never followed): what usage
// measuring and the temp sweep share. One request to the helper; a missing root walks to nothing.
import { confinedFs, type FsdStat } from "~/server/storage/confined-fs";
import { isFsError } from "./fs-errors";

/** Far above any tree Atrium serves; bounds the helper's answer for a pathological one. */
const MAX_ENTRIES = 5_000_000;

export interface TreeWalkEntry {
  /** Workspace-relative, `/`-separated. */
  rel: string;
  name: string;
  stat: FsdStat;
}

/** Every entry under `root` (not the root itself), parents before children, temp entries included. */
export async function walkWorkspaceTree(root: string): Promise<TreeWalkEntry[]> {
  try {
    const entries = await confinedFs(root).walk("", { max: MAX_ENTRIES, skipTemp: false });
    return entries.map(({ inner, stat }) => ({ rel: inner, name: inner.slice(inner.lastIndexOf("/") + 1), stat }));
  } catch (error) {
    if (isFsError(error, "ENOENT") || (error instanceof Error && "reason" in error && error.reason === "workspace_root_missing")) return [];
    throw error;
  }
}
