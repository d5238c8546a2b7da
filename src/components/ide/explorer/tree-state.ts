// The explorer's tree as pure data: which folders are open, which row is selected, and the rows
// the tree shows (folders listed lazily: a folder's children come from `files.list` once it is
// opened). The component feeds listings in and renders `visibleRows`; keyboard moves are here too.
import { ancestorsOf, isSameOrInside, movedPath, parentOf } from "./paths";

export interface TreeEntry {
  name: string;
  path: string;
  type: "file" | "directory" | "symlink" | "other";
  size: number;
  locked?: { reason: string };
  readOnly: boolean;
}

export interface TreeState {
  /** Open folders (workspace-relative paths). */
  expanded: ReadonlySet<string>;
  selected: string | null;
}

export type TreeAction =
  | { type: "toggle"; path: string }
  | { type: "expand"; path: string }
  | { type: "collapse"; path: string }
  | { type: "collapseAll" }
  | { type: "select"; path: string | null }
  /** Opens every folder above `path` and selects it (reveal in explorer). */
  | { type: "reveal"; path: string }
  | { type: "moved"; from: string; to: string }
  | { type: "removed"; path: string };

export const initialTreeState: TreeState = { expanded: new Set(), selected: null };

function withExpanded(state: TreeState, change: (set: Set<string>) => void): TreeState {
  const expanded = new Set(state.expanded);
  change(expanded);
  return { ...state, expanded };
}

export function treeReducer(state: TreeState, action: TreeAction): TreeState {
  switch (action.type) {
    case "toggle":
      return withExpanded(state, (s) => (s.has(action.path) ? s.delete(action.path) : s.add(action.path)));
    case "expand":
      return state.expanded.has(action.path) ? state : withExpanded(state, (s) => s.add(action.path));
    case "collapse":
      return state.expanded.has(action.path) ? withExpanded(state, (s) => s.delete(action.path)) : state;
    case "collapseAll":
      return { ...state, expanded: new Set() };
    case "select":
      return state.selected === action.path ? state : { ...state, selected: action.path };
    case "reveal":
      return { expanded: new Set([...state.expanded, ...ancestorsOf(action.path)]), selected: action.path };
    case "moved": {
      const expanded = new Set<string>();
      for (const p of state.expanded) expanded.add(movedPath(p, action.from, action.to) ?? p);
      const selected = state.selected === null ? null : (movedPath(state.selected, action.from, action.to) ?? state.selected);
      return { expanded, selected };
    }
    case "removed": {
      const expanded = new Set([...state.expanded].filter((p) => !isSameOrInside(p, action.path)));
      const selected = state.selected !== null && isSameOrInside(state.selected, action.path) ? parentOf(action.path) || null : state.selected;
      return { expanded, selected };
    }
  }
}

/** What the tree knows about one folder's children. */
export type Listing = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; entries: readonly TreeEntry[]; hiddenCount: number };

export type TreeRow =
  | { kind: "entry"; entry: TreeEntry; depth: number; expanded: boolean; posInSet: number; setSize: number }
  | { kind: "loading"; parent: string; depth: number }
  | { kind: "error"; parent: string; depth: number; message: string }
  | { kind: "more"; parent: string; depth: number; count: number };

/** The rows on screen, depth first, for the open folders whose listings are known. */
export function visibleRows(expanded: ReadonlySet<string>, listingOf: (folder: string) => Listing | undefined): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (folder: string, depth: number) => {
    const listing = listingOf(folder) ?? { status: "loading" };
    if (listing.status === "loading") {
      rows.push({ kind: "loading", parent: folder, depth });
      return;
    }
    if (listing.status === "error") {
      rows.push({ kind: "error", parent: folder, depth, message: listing.message });
      return;
    }
    listing.entries.forEach((entry, i) => {
      const open = entry.type === "directory" && !entry.locked && expanded.has(entry.path);
      rows.push({ kind: "entry", entry, depth, expanded: open, posInSet: i + 1, setSize: listing.entries.length });
      if (open) walk(entry.path, depth + 1);
    });
    if (listing.hiddenCount > 0) rows.push({ kind: "more", parent: folder, depth, count: listing.hiddenCount });
  };
  walk("", 1);
  return rows;
}

export type TreeKey = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End";

/**
 * The row the focus goes to (and whether a folder opens or closes) for a navigation key, as in
 * VS Code and the WAI-ARIA tree pattern. `current` null means nothing is selected yet.
 */
export function navigate(rows: readonly TreeRow[], current: string | null, key: TreeKey): { select?: string; toggle?: string } {
  const entries = rows.filter((r): r is Extract<TreeRow, { kind: "entry" }> => r.kind === "entry");
  if (entries.length === 0) return {};
  const index = current === null ? -1 : entries.findIndex((r) => r.entry.path === current);
  const at = (i: number) => entries[Math.max(0, Math.min(entries.length - 1, i))]!.entry.path;
  switch (key) {
    case "ArrowDown":
      return { select: at(index + 1) };
    case "ArrowUp":
      return { select: index < 0 ? at(0) : at(index - 1) };
    case "Home":
      return { select: at(0) };
    case "End":
      return { select: at(entries.length - 1) };
    case "ArrowRight": {
      const row = entries[index];
      if (!row) return { select: at(0) };
      if (row.entry.type !== "directory" || row.entry.locked) return {};
      if (!row.expanded) return { toggle: row.entry.path };
      const child = entries[index + 1];
      return child && parentOf(child.entry.path) === row.entry.path ? { select: child.entry.path } : {};
    }
    case "ArrowLeft": {
      const row = entries[index];
      if (!row) return { select: at(0) };
      if (row.entry.type === "directory" && row.expanded) return { toggle: row.entry.path };
      const parent = parentOf(row.entry.path);
      return parent === "" ? {} : { select: parent };
    }
  }
}
