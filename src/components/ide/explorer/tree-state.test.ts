import { describe, expect, it } from "vitest";
import { initialTreeState, type Listing, navigate, type TreeEntry, treeReducer, visibleRows } from "./tree-state";

const dir = (path: string, extra: Partial<TreeEntry> = {}): TreeEntry => ({ name: path.split("/").pop()!, path, type: "directory", size: 0, readOnly: false, ...extra });
const file = (path: string, extra: Partial<TreeEntry> = {}): TreeEntry => ({ name: path.split("/").pop()!, path, type: "file", size: 1, readOnly: false, ...extra });

const listings: Record<string, Listing> = {
  "": { status: "ready", entries: [dir("src"), dir("secret", { locked: { reason: "blocked_path" } }), file("main.py")], hiddenCount: 0 },
  src: { status: "ready", entries: [dir("src/lib"), file("src/app.ts")], hiddenCount: 2 },
  "src/lib": { status: "error", message: "Gone" },
};
const listingOf = (p: string) => listings[p];
const paths = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => (r.kind === "entry" ? `${r.depth}:${r.entry.path}${r.expanded ? "/" : ""}` : `${r.depth}:${r.kind}`));

describe("the explorer tree", () => {
  it("shows only open folders' children, with loading, error and 'more' rows", () => {
    expect(paths(visibleRows(new Set(), listingOf))).toEqual(["1:src", "1:secret", "1:main.py"]);
    expect(paths(visibleRows(new Set(["src"]), listingOf))).toEqual(["1:src/", "2:src/lib", "2:src/app.ts", "2:more", "1:secret", "1:main.py"]);
    expect(paths(visibleRows(new Set(["src", "src/lib"]), listingOf))).toEqual(["1:src/", "2:src/lib/", "3:error", "2:src/app.ts", "2:more", "1:secret", "1:main.py"]);
    // A locked folder never opens, even if asked; an unknown listing shows as loading.
    expect(paths(visibleRows(new Set(["secret"]), listingOf))).toEqual(["1:src", "1:secret", "1:main.py"]);
    expect(paths(visibleRows(new Set(), () => undefined))).toEqual(["1:loading"]);
    const first = visibleRows(new Set(), listingOf)[0]!;
    expect(first).toMatchObject({ posInSet: 1, setSize: 3 });
  });

  it("toggles, reveals, follows moves and forgets removed folders", () => {
    let s = treeReducer(initialTreeState, { type: "toggle", path: "src" });
    expect([...s.expanded]).toEqual(["src"]);
    s = treeReducer(s, { type: "toggle", path: "src" });
    expect(s.expanded.size).toBe(0);
    s = treeReducer(s, { type: "reveal", path: "a/b/c.txt" });
    expect([...s.expanded].sort()).toEqual(["a", "a/b"]);
    expect(s.selected).toBe("a/b/c.txt");
    s = treeReducer(s, { type: "moved", from: "a", to: "z" });
    expect([...s.expanded].sort()).toEqual(["z", "z/b"]);
    expect(s.selected).toBe("z/b/c.txt");
    s = treeReducer(s, { type: "removed", path: "z/b" });
    expect([...s.expanded]).toEqual(["z"]);
    expect(s.selected).toBe("z");
    expect(treeReducer(s, { type: "collapseAll" }).expanded.size).toBe(0);
  });

  it("moves with the arrow keys like the ARIA tree pattern", () => {
    const closed = visibleRows(new Set(), listingOf);
    expect(navigate(closed, null, "ArrowDown")).toEqual({ select: "src" });
    expect(navigate(closed, "src", "ArrowDown")).toEqual({ select: "secret" });
    expect(navigate(closed, "main.py", "ArrowDown")).toEqual({ select: "main.py" });
    expect(navigate(closed, "src", "ArrowRight")).toEqual({ toggle: "src" });
    expect(navigate(closed, "secret", "ArrowRight")).toEqual({});
    expect(navigate(closed, "main.py", "End")).toEqual({ select: "main.py" });
    expect(navigate(closed, "main.py", "Home")).toEqual({ select: "src" });
    const open = visibleRows(new Set(["src"]), listingOf);
    expect(navigate(open, "src", "ArrowRight")).toEqual({ select: "src/lib" });
    expect(navigate(open, "src/app.ts", "ArrowLeft")).toEqual({ select: "src" });
    expect(navigate(open, "src", "ArrowLeft")).toEqual({ toggle: "src" });
    expect(navigate(open, "src/app.ts", "ArrowDown")).toEqual({ select: "secret" });
  });
});
