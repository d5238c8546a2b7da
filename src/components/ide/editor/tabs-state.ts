// The editor's open tabs as pure data: order, the one in front, which have unsaved changes, and
// where to put the cursor when a file is opened at a line. Renames and deletes in the explorer
// carry the tabs along.
import { isSameOrInside, movedPath } from "../explorer/paths";

export interface Reveal {
  line: number;
  column: number;
  /** Changes on every request, so opening the same line twice still moves the cursor. */
  nonce: number;
}

export interface EditorTab {
  path: string;
  dirty: boolean;
  reveal?: Reveal;
}

export interface TabsState {
  tabs: EditorTab[];
  active: string | null;
  /** Most recently used first: closing the front tab goes back to the previous one. */
  recent: string[];
}

export type TabsAction =
  | { type: "open"; path: string; reveal?: Reveal }
  | { type: "activate"; path: string }
  | { type: "close"; path: string }
  | { type: "dirty"; path: string; dirty: boolean }
  | { type: "moved"; from: string; to: string }
  /** Closes tabs at or below `path` that have no unsaved changes (a deleted file or folder). */
  | { type: "removed"; path: string }
  /** Tabs from a saved layout, added after any already open (nothing open is closed or lost). */
  | { type: "restore"; paths: string[]; active: string | null };

export const initialTabsState: TabsState = { tabs: [], active: null, recent: [] };

const touch = (recent: string[], path: string) => [path, ...recent.filter((p) => p !== path)];

export function tabsReducer(state: TabsState, action: TabsAction): TabsState {
  switch (action.type) {
    case "open": {
      const exists = state.tabs.some((t) => t.path === action.path);
      const tabs = exists
        ? state.tabs.map((t) => (t.path === action.path && action.reveal ? { ...t, reveal: action.reveal } : t))
        : [...state.tabs, { path: action.path, dirty: false, ...(action.reveal ? { reveal: action.reveal } : {}) }];
      return { tabs, active: action.path, recent: touch(state.recent, action.path) };
    }
    case "activate":
      if (!state.tabs.some((t) => t.path === action.path)) return state;
      return { ...state, active: action.path, recent: touch(state.recent, action.path) };
    case "close": {
      const tabs = state.tabs.filter((t) => t.path !== action.path);
      if (tabs.length === state.tabs.length) return state;
      const recent = state.recent.filter((p) => p !== action.path);
      const active = state.active === action.path ? (recent[0] ?? null) : state.active;
      return { tabs, active, recent };
    }
    case "dirty": {
      const tab = state.tabs.find((t) => t.path === action.path);
      if (!tab || tab.dirty === action.dirty) return state;
      return { ...state, tabs: state.tabs.map((t) => (t.path === action.path ? { ...t, dirty: action.dirty } : t)) };
    }
    case "moved": {
      const rename = (p: string) => movedPath(p, action.from, action.to) ?? p;
      return {
        tabs: state.tabs.map((t) => ({ ...t, path: rename(t.path) })),
        active: state.active === null ? null : rename(state.active),
        recent: state.recent.map(rename),
      };
    }
    case "restore": {
      const have = new Set(state.tabs.map((t) => t.path));
      const added = [...new Set(action.paths)].filter((p) => !have.has(p)).map((path) => ({ path, dirty: false }));
      const tabs = [...state.tabs, ...added];
      const active = state.active ?? (action.active && tabs.some((t) => t.path === action.active) ? action.active : (tabs[0]?.path ?? null));
      return { tabs, active, recent: active ? touch(state.recent, active) : state.recent };
    }
    case "removed": {
      let next = state;
      for (const t of state.tabs) if (isSameOrInside(t.path, action.path) && !t.dirty) next = tabsReducer(next, { type: "close", path: t.path });
      return next;
    }
  }
}

export const hasUnsaved = (state: TabsState) => state.tabs.some((t) => t.dirty);
