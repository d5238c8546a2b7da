// layout.get / layout.save through tRPC with real Postgres: every member keeps their own layout,
// nobody reads or overwrites anyone else's, strangers are told nothing, and oversized or malformed
// state is refused with a typed error.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/server/db/client";
import { failure } from "~/test/actors";
import { fileWorkspace, removeRoots } from "~/server/files/files.fixture";
import { LAYOUT_LIMITS, type LayoutState } from "./schema";

afterAll(removeRoots);

const state = (over: Partial<LayoutState> = {}): LayoutState => ({
  version: 1,
  tabs: ["src/a.ts", "README.md"],
  active: "README.md",
  side: "search",
  sideVisible: true,
  bottom: "tasks",
  bottomVisible: false,
  sizes: { horizontal: { side: 30, main: 70 }, vertical: { editor: 55, bottom: 45 } },
  ...over,
});

describe("layout", () => {
  it("keeps each member's own layout per workspace, viewers included, and returns null before the first save", async () => {
    const w = await fileWorkspace();
    expect(await w.as.editor.layout.get({ workspaceId: w.id })).toBeNull();
    await w.as.editor.layout.save({ workspaceId: w.id, state: state() });
    await w.as.viewer.layout.save({ workspaceId: w.id, state: state({ tabs: [], active: null, side: "explorer" }) });

    expect((await w.as.editor.layout.get({ workspaceId: w.id }))?.state).toEqual(state());
    expect((await w.as.viewer.layout.get({ workspaceId: w.id }))?.state).toMatchObject({ tabs: [], side: "explorer" });
    // The owner never saved: they see nothing of the others'.
    expect(await w.as.owner.layout.get({ workspaceId: w.id })).toBeNull();

    // Saving again replaces.
    await w.as.editor.layout.save({ workspaceId: w.id, state: state({ side: "members" }) });
    expect((await w.as.editor.layout.get({ workspaceId: w.id }))?.state.side).toBe("members");
    expect(await db().workspaceLayout.count({ where: { workspaceId: w.id } })).toBe(2);
  });

  it("tells a stranger nothing and lets them store nothing", async () => {
    const w = await fileWorkspace();
    await w.as.editor.layout.save({ workspaceId: w.id, state: state() });
    expect(await failure(w.as.stranger.layout.get({ workspaceId: w.id }))).toMatchObject({ reason: "workspace_not_found" });
    expect(await failure(w.as.stranger.layout.save({ workspaceId: w.id, state: state() }))).toMatchObject({ reason: "workspace_not_found" });
    expect(await db().workspaceLayout.count({ where: { workspaceId: w.id } })).toBe(1);
  });

  it("refuses oversized and malformed layouts with INVALID_INPUT", async () => {
    const w = await fileWorkspace();
    const long = Array.from({ length: LAYOUT_LIMITS.maxTabs }, (_, i) => `${"d".repeat(400)}/${i}.ts`);
    expect(await failure(w.as.editor.layout.save({ workspaceId: w.id, state: state({ tabs: long, active: null }) }))).toMatchObject({ appCode: "INVALID_INPUT" });
    const tooMany = Array.from({ length: LAYOUT_LIMITS.maxTabs + 1 }, (_, i) => `${i}.ts`);
    expect(await failure(w.as.editor.layout.save({ workspaceId: w.id, state: state({ tabs: tooMany, active: null }) }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await failure(w.as.editor.layout.save({ workspaceId: w.id, state: state({ active: "not-open.ts" }) }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await failure(w.as.editor.layout.save({ workspaceId: w.id, state: { ...state(), extra: "x" } as LayoutState }))).toMatchObject({ appCode: "INVALID_INPUT" });
    expect(await db().workspaceLayout.count({ where: { workspaceId: w.id } })).toBe(0);
  });

  it("ignores a stored row that no longer matches the schema, and goes with the workspace", async () => {
    const w = await fileWorkspace();
    await db().workspaceLayout.create({ data: { userId: w.users.editor.id, workspaceId: w.id, state: { version: 0, tabs: "nope" } } });
    expect(await w.as.editor.layout.get({ workspaceId: w.id })).toBeNull();
    await db().workspace.delete({ where: { id: w.id } });
    expect(await db().workspaceLayout.count({ where: { workspaceId: w.id } })).toBe(0);
  });
});
