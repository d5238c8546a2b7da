// Creating workspaces: templates on disk, slugs, the name-clash rule, and all-or-nothing creation.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { callerAs, failure, lastAudit } from "~/test/actors";
import type * as Quota from "./quota";
import type * as Templates from "./templates";
import { exists, makeUser, removeDataDir } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("./test-data-dir")).withTempDataDir(await importOriginal()));

// Switches that make one step of creation fail, to prove nothing is left behind.
const fail = vi.hoisted(() => ({ template: false, measure: false }));
vi.mock("./templates", async (importOriginal) => {
  const real = await importOriginal<typeof Templates>();
  return {
    ...real,
    writeTemplate: async (...args: Parameters<typeof real.writeTemplate>) => {
      await real.writeTemplate(...args);
      if (fail.template) throw new Error("disk full (simulated)");
    },
  };
});
vi.mock("./quota", async (importOriginal) => {
  const real = await importOriginal<typeof Quota>();
  return {
    ...real,
    measureUsage: async (root: string) => {
      if (fail.measure) throw new Error("database went away (simulated)");
      return real.measureUsage(root);
    },
  };
});

afterAll(removeDataDir);

describe("workspaces.create", () => {
  it("makes the root under the data dir with the python template, the creator as OWNER and the default quota", async () => {
    const alice = await makeUser();
    const ws = await (await callerAs(alice)).workspaces.create({ name: "  Data Cruncher  ", description: "numbers", template: "python", metadata: { team: "red", n: 1, nested: { a: [1, 2] } } });
    expect(ws).toMatchObject({ name: "Data Cruncher", description: "numbers", slug: "data-cruncher", status: "ACTIVE", registered: false, role: "owner", memberCount: 1, pathRuleCount: 0 });
    expect(ws.metadata).toEqual({ team: "red", n: 1, nested: { a: [1, 2] } });
    expect(ws.rootPath).toBe(path.join(env().dataDir, "workspaces", ws.id));
    expect(ws.quotaBytes).toBe(BigInt(env().ATRIUM_DEFAULT_QUOTA_BYTES));
    expect((await readdir(ws.rootPath)).sort()).toEqual([".gitignore", "README.md", "main.py"]);
    expect(await readFile(path.join(ws.rootPath, "main.py"), "utf8")).toContain('print("Hello from Atrium!")');
    expect(await readFile(path.join(ws.rootPath, "README.md"), "utf8")).toMatch(/^# Data Cruncher\n/);
    const sizes = await Promise.all([".gitignore", "README.md", "main.py"].map(async (f) => (await stat(path.join(ws.rootPath, f))).size));
    expect(ws.usageBytes).toBe(BigInt(sizes.reduce((a, b) => a + b, 0)));
    const membership = await db().membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: ws.id, userId: alice.id } } });
    expect(membership.role).toBe("OWNER");
    expect(await lastAudit({ actorUserId: alice.id, action: "workspaces.create" })).toMatchObject({ outcome: "ALLOWED", workspaceId: ws.id, target: ws.slug });
  });

  it("writes the node template (package.json named after the slug, index.js, README) and an empty one", async () => {
    const caller = await callerAs(await makeUser());
    const node = await caller.workspaces.create({ name: "Web Thing", template: "node" });
    expect((await readdir(node.rootPath)).sort()).toEqual([".gitignore", "README.md", "index.js", "package.json"]);
    expect(JSON.parse(await readFile(path.join(node.rootPath, "package.json"), "utf8"))).toMatchObject({ name: node.slug, scripts: { start: "node index.js" } });
    const empty = await caller.workspaces.create({ name: "Blank" });
    expect(await readdir(empty.rootPath)).toEqual([]);
    expect(empty.usageBytes).toBe(0n);
  });

  it("derives kebab-case slugs, suffixes clashes and keeps the slug on rename", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const [a, b, c] = await Promise.all([makeUser(), makeUser(), makeUser()]);
    const first = await (await callerAs(a)).workspaces.create({ name: `Café Ünïcode ${tag}!` });
    expect(first.slug).toBe(`cafe-unicode-${tag}`);
    // Different owners may share a name; the slug stays unique.
    const second = await (await callerAs(b)).workspaces.create({ name: `Café Ünïcode ${tag}!` });
    const third = await (await callerAs(c)).workspaces.create({ name: `cafe unicode ${tag}` });
    expect([second.slug, third.slug]).toEqual([`cafe-unicode-${tag}-2`, `cafe-unicode-${tag}-3`]);
    // Different owners at the same instant race for the same slug: the unique index and a retry sort it out.
    const racers = await Promise.all(Array.from({ length: 5 }, () => makeUser()));
    const raced = await Promise.all(racers.map(async (u) => (await callerAs(u)).workspaces.create({ name: `Rush ${tag}` })));
    expect(new Set(raced.map((w) => w.slug)).size).toBe(5);
    const nonLatin = await (await callerAs(a)).workspaces.create({ name: "日本語のプロジェクト" });
    expect(nonLatin.slug).toMatch(/^workspace(-\d+|-[0-9a-f]{6})?$/);
    const renamed = await (await callerAs(a)).workspaces.update({ workspaceId: first.id, name: "Something else" });
    expect(renamed).toMatchObject({ name: "Something else", slug: first.slug });
  });

  it("refuses a second active workspace with the same name for the same owner (case-insensitive), CONFLICT name_taken", async () => {
    const caller = await callerAs(await makeUser());
    const name = `Project ${Math.random().toString(36).slice(2, 8)}`;
    await caller.workspaces.create({ name });
    const err = await failure(caller.workspaces.create({ name: `  ${name.toUpperCase()} ` }));
    expect(err).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(err.message).toMatch(/already have an active workspace named/);
    // Two at once: exactly one wins.
    const race = `Race ${Math.random().toString(36).slice(2, 8)}`;
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => caller.workspaces.create({ name: race })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses bad input with field errors: empty or long names, oversized metadata, unknown templates", async () => {
    const caller = await callerAs(await makeUser());
    expect(await failure(caller.workspaces.create({ name: "   " }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(caller.workspaces.create({ name: "x".repeat(101) }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(caller.workspaces.create({ name: "ok", description: "d".repeat(2001) }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(caller.workspaces.create({ name: "ok", metadata: { blob: "x".repeat(17 * 1024) } }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(caller.workspaces.create({ name: "ok", template: "rust" as "node" }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("leaves nothing behind when writing the template fails or the database step after it fails", async () => {
    const user = await makeUser();
    const caller = await callerAs(user);
    const before = await readdir(path.join(env().dataDir, "workspaces"));
    vi.spyOn(console, "error").mockImplementation(() => undefined); // the router logs the simulated crashes
    for (const step of ["template", "measure"] as const) {
      fail[step] = true;
      try {
        const err = await failure(caller.workspaces.create({ name: `Doomed ${step}`, template: "node" }));
        expect(err.code).toBe("INTERNAL_SERVER_ERROR");
      } finally {
        fail[step] = false;
      }
      expect(await db().workspace.count({ where: { ownerId: user.id } })).toBe(0);
      expect((await readdir(path.join(env().dataDir, "workspaces"))).sort()).toEqual(before.sort());
    }
    vi.mocked(console.error).mockRestore();
    // And the name is still free afterwards.
    const ws = await caller.workspaces.create({ name: "Doomed template", template: "node" });
    expect(await exists(ws.rootPath)).toBe(true);
  });
});
