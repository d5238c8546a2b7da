import { describe, expect, it } from "vitest";
import { hasUnsaved, initialTabsState, type TabsState, tabsReducer } from "./tabs-state";

const open = (s: TabsState, path: string) => tabsReducer(s, { type: "open", path });

describe("editor tabs", () => {
  it("opens once per path, and closing the front tab goes back to the last one used", () => {
    let s = open(open(open(initialTabsState, "a"), "b"), "c");
    s = open(s, "a");
    expect(s.tabs.map((t) => t.path)).toEqual(["a", "b", "c"]);
    expect(s.active).toBe("a");
    s = tabsReducer(s, { type: "close", path: "a" });
    expect(s.active).toBe("c");
    s = tabsReducer(s, { type: "close", path: "b" });
    expect(s.active).toBe("c");
    s = tabsReducer(s, { type: "close", path: "c" });
    expect(s).toEqual(initialTabsState);
  });

  it("keeps reveal requests and dirty flags per tab", () => {
    let s = tabsReducer(initialTabsState, { type: "open", path: "a", reveal: { line: 3, column: 1, nonce: 1 } });
    expect(s.tabs[0]?.reveal?.line).toBe(3);
    s = tabsReducer(s, { type: "dirty", path: "a", dirty: true });
    expect(hasUnsaved(s)).toBe(true);
    expect(tabsReducer(s, { type: "dirty", path: "a", dirty: true })).toBe(s);
  });

  it("follows renames and closes clean tabs of deleted files", () => {
    let s = open(open(open(initialTabsState, "src/a.ts"), "src/b.ts"), "main.py");
    s = tabsReducer(s, { type: "dirty", path: "src/b.ts", dirty: true });
    s = tabsReducer(s, { type: "moved", from: "src", to: "lib" });
    expect(s.tabs.map((t) => t.path)).toEqual(["lib/a.ts", "lib/b.ts", "main.py"]);
    s = tabsReducer(s, { type: "activate", path: "lib/a.ts" });
    s = tabsReducer(s, { type: "removed", path: "lib" });
    // The unsaved one stays open: closing it would lose the changes.
    expect(s.tabs.map((t) => t.path)).toEqual(["lib/b.ts", "main.py"]);
    expect(s.active).toBe("main.py");
  });
});

describe("tabsReducer restore (layout persistence)", () => {
  it("adds the saved tabs after those already open, keeping an active tab if there is one", () => {
    const restored = tabsReducer(initialTabsState, { type: "restore", paths: ["a.ts", "b.ts", "a.ts"], active: "b.ts" });
    expect(restored.tabs.map((t) => t.path)).toEqual(["a.ts", "b.ts"]);
    expect(restored.active).toBe("b.ts");

    const opened = tabsReducer(initialTabsState, { type: "open", path: "c.ts" });
    const merged = tabsReducer(opened, { type: "restore", paths: ["a.ts", "c.ts"], active: "a.ts" });
    expect(merged.tabs.map((t) => t.path)).toEqual(["c.ts", "a.ts"]);
    expect(merged.active).toBe("c.ts");
  });

  it("falls back to the first tab when the saved active one is not among them", () => {
    expect(tabsReducer(initialTabsState, { type: "restore", paths: ["x.ts"], active: "gone.ts" }).active).toBe("x.ts");
    expect(tabsReducer(initialTabsState, { type: "restore", paths: [], active: null }).active).toBeNull();
  });
});
