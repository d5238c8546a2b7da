// Listing (mine/shared/member/all, metadata, name search, archived, paging), opening, and editing.
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "~/server/db/client";
import { callerAs, failure, lastAudit } from "~/test/actors";
import { makeUser, removeDataDir } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("./test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

async function world() {
  const [alice, bob, carol, admin] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser({ admin: true })]);
  const as = { alice: await callerAs(alice), bob: await callerAs(bob), carol: await callerAs(carol), admin: await callerAs(admin) };
  const a1 = await as.alice.workspaces.create({ name: "Alpha Project", metadata: { team: "red", tier: 1, ci: true } });
  const a2 = await as.alice.workspaces.create({ name: "beta_x", metadata: { team: "blue", tier: "1" } });
  const b1 = await as.bob.workspaces.create({ name: "Bob's lab", metadata: { team: "red" } });
  await as.bob.members.invite({ workspaceId: b1.id, email: alice.email, role: "viewer" });
  const c1 = await as.carol.workspaces.create({ name: "Carol private" });
  return { alice, bob, carol, admin, as, a1, a2, b1, c1 };
}

const ids = (page: { items: { id: string }[] }) => page.items.map((w) => w.id).sort();

describe("workspaces.list", () => {
  it("filters by relation: mine (owner), shared (editor/viewer), member (both); all is admin-only and audited", async () => {
    const w = await world();
    expect(ids(await w.as.alice.workspaces.list({ scope: "mine" }))).toEqual([w.a1.id, w.a2.id].sort());
    expect(ids(await w.as.alice.workspaces.list({ scope: "shared" }))).toEqual([w.b1.id]);
    expect(ids(await w.as.alice.workspaces.list())).toEqual([w.a1.id, w.a2.id, w.b1.id].sort());
    const err = await failure(w.as.alice.workspaces.list({ scope: "all" }));
    expect(err).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
    expect(await lastAudit({ actorUserId: w.alice.id, reason: "admin_required" })).toMatchObject({ action: "workspaces.list", outcome: "DENIED" });
    const all = await w.as.admin.workspaces.list({ scope: "all", limit: 100, q: "Carol private" });
    expect(all.items.map((i) => i.id)).toContain(w.c1.id);
    expect(all.items.find((i) => i.id === w.c1.id)?.role).toBeNull();
  });

  it("returns the caller's role, usage, quota and counts", async () => {
    const w = await world();
    const shared = (await w.as.alice.workspaces.list({ scope: "shared" })).items[0]!;
    expect(shared).toMatchObject({ id: w.b1.id, role: "viewer", memberCount: 2, pathRuleCount: 0, usageBytes: 0n });
    expect(typeof shared.quotaBytes).toBe("bigint");
    expect((await w.as.alice.workspaces.list({ scope: "mine" })).items.every((i) => i.role === "owner")).toBe(true);
  });

  it("filters by metadata key = JSON value (AND), and by a case-insensitive name substring with literal _ and %", async () => {
    const w = await world();
    const list = (input: Parameters<typeof w.as.alice.workspaces.list>[0]) => w.as.alice.workspaces.list(input).then(ids);
    expect(await list({ metadata: [{ key: "team", value: "red" }] })).toEqual([w.a1.id, w.b1.id].sort());
    expect(await list({ metadata: [{ key: "team", value: "red" }, { key: "ci", value: true }] })).toEqual([w.a1.id]);
    expect(await list({ metadata: [{ key: "tier", value: 1 }] })).toEqual([w.a1.id]);
    expect(await list({ metadata: [{ key: "tier", value: "1" }] })).toEqual([w.a2.id]);
    expect(await list({ metadata: [{ key: "missing", value: "x" }] })).toEqual([]);
    expect(await list({ q: "ALPHA" })).toEqual([w.a1.id]);
    expect(await list({ q: "_" })).toEqual([w.a2.id]);
    expect(await list({ q: "%" })).toEqual([]);
    expect(await list({ q: "'s l" })).toEqual([w.b1.id]);
  });

  it("hides archived workspaces unless includeArchived", async () => {
    const w = await world();
    await w.as.alice.workspaces.archive({ workspaceId: w.a2.id });
    expect(ids(await w.as.alice.workspaces.list({ scope: "mine" }))).toEqual([w.a1.id]);
    const withArchived = await w.as.alice.workspaces.list({ scope: "mine", includeArchived: true });
    expect(ids(withArchived)).toEqual([w.a1.id, w.a2.id].sort());
    expect(withArchived.items.find((i) => i.id === w.a2.id)).toMatchObject({ status: "ARCHIVED", archive: { bytes: expect.any(BigInt) as bigint } });
  });

  it("sorts by last access (get updates it, not updatedAt) and pages with an opaque cursor", async () => {
    const w = await world();
    const before = await db().workspace.findUniqueOrThrow({ where: { id: w.a1.id } });
    // Created but never opened: lists say so instead of "just now".
    expect((await w.as.alice.workspaces.list()).items.find((i) => i.id === w.a1.id)?.lastOpenedAt).toBeNull();
    const opened = await w.as.alice.workspaces.get({ workspaceId: w.a1.id });
    expect(opened.lastOpenedAt).toEqual(opened.lastAccessedAt);
    expect(opened.lastAccessedAt.getTime()).toBeGreaterThan(before.lastAccessedAt.getTime());
    expect(opened.updatedAt).toEqual(before.updatedAt);
    const sorted = await w.as.alice.workspaces.list();
    expect(sorted.items[0]!.id).toBe(w.a1.id);
    // A viewer opening bob's workspace moves it to the top for everyone.
    await w.as.alice.workspaces.get({ workspaceId: w.b1.id });
    expect((await w.as.alice.workspaces.list()).items.map((i) => i.id)).toEqual([w.b1.id, w.a1.id, w.a2.id]);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await w.as.alice.workspaces.list({ limit: 1, cursor });
      seen.push(...page.items.map((x) => x.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([w.b1.id, w.a1.id, w.a2.id]);
    expect(await failure(w.as.alice.workspaces.list({ cursor: "not-a-cursor" }))).toMatchObject({ reason: "bad_cursor" });
  });

  it("get answers NOT_FOUND to non-members and for unknown ids", async () => {
    const w = await world();
    expect(await failure(w.as.carol.workspaces.get({ workspaceId: w.a1.id }))).toMatchObject({ code: "NOT_FOUND", reason: "workspace_not_found" });
    expect(await failure(w.as.alice.workspaces.get({ workspaceId: "nope" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("workspaces.update", () => {
  it("renames (slug kept), edits the description, replaces or merges metadata", async () => {
    const w = await world();
    const renamed = await w.as.alice.workspaces.update({ workspaceId: w.a1.id, name: "Alpha v2", description: "second take" });
    expect(renamed).toMatchObject({ name: "Alpha v2", description: "second take", slug: w.a1.slug });
    const merged = await w.as.alice.workspaces.update({ workspaceId: w.a1.id, metadataMerge: { team: "green", ci: null, extra: [1] } });
    expect(merged.metadata).toEqual({ team: "green", tier: 1, extra: [1] });
    const replaced = await w.as.alice.workspaces.update({ workspaceId: w.a1.id, metadata: { only: "this" } });
    expect(replaced.metadata).toEqual({ only: "this" });
    expect(await failure(w.as.alice.workspaces.update({ workspaceId: w.a1.id, metadata: {}, metadataMerge: {} }))).toMatchObject({ code: "BAD_REQUEST" });
    const big = await failure(w.as.alice.workspaces.update({ workspaceId: w.a1.id, metadataMerge: { blob: "x".repeat(17 * 1024) } }));
    expect(big).toMatchObject({ reason: "metadata_too_large" });
  });

  it("refuses a rename onto another active workspace of the same owner; a case-only rename is fine", async () => {
    const w = await world();
    expect(await failure(w.as.alice.workspaces.update({ workspaceId: w.a2.id, name: "alpha project" }))).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    await expect(w.as.alice.workspaces.update({ workspaceId: w.a1.id, name: "ALPHA PROJECT" })).resolves.toMatchObject({ name: "ALPHA PROJECT" });
  });

  it("is for owners: a viewer gets FORBIDDEN role_required", async () => {
    const w = await world();
    expect(await failure(w.as.alice.workspaces.update({ workspaceId: w.b1.id, name: "mine now" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
  });
});
