// The sweep of temp files that crashed writes leave behind: old ones go (files, and copy folders
// filled deep down), fresh ones and everything else stay, symlinks are never followed.
import { mkdir, readdir, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { giveToSandbox } from "~/test/sandbox-owner";
import { exists, hostTempDir, removeHostDirs } from "~/server/workspaces/test-helpers";
import { fileWorkspace, leftovers, removeRoots } from "./files.fixture";
import { sweepAllTempLeftovers, sweepTempLeftovers } from "./temp-sweep";

afterAll(async () => {
  await removeRoots();
  await removeHostDirs();
});

const HOUR = 60 * 60_000;

/** Writes a file with its modification time `ageMs` in the past, creating folders. */
async function put(root: string, relative: string, content: string, ageMs = 0): Promise<void> {
  const full = path.join(root, relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
  const when = new Date(Date.now() - ageMs);
  await utimes(full, when, when);
}

async function age(root: string, relative: string, ageMs: number): Promise<void> {
  const when = new Date(Date.now() - ageMs);
  await utimes(path.join(root, relative), when, when);
}

describe("sweepTempLeftovers", () => {
  it("removes temp entries untouched for an hour and keeps fresh ones, real files and what symlinks point at", async () => {
    const root = await hostTempDir("sweep");
    const outside = await hostTempDir("sweep-outside");
    await put(root, "src/.atrium-tmp-aaaaaaaaaaaa-app.ts", "12345", 2 * HOUR);
    await put(root, "src/.atrium-tmp-bbbbbbbbbbbb-app.ts", "fresh write");
    await put(root, "src/app.ts", "old but real", 5 * HOUR);
    // A tree copy interrupted long ago, and one still filling its folder deep down.
    await put(root, "lib/.atrium-tmp-cccccccccccc-dir/a/b.txt", "1234567", 3 * HOUR);
    await age(root, "lib/.atrium-tmp-cccccccccccc-dir/a", 3 * HOUR);
    await age(root, "lib/.atrium-tmp-cccccccccccc-dir", 3 * HOUR);
    await put(root, "lib/.atrium-tmp-dddddddddddd-dir/a/b.txt", "being copied");
    await age(root, "lib/.atrium-tmp-dddddddddddd-dir/a", 3 * HOUR);
    await age(root, "lib/.atrium-tmp-dddddddddddd-dir", 3 * HOUR);
    await put(outside, "elsewhere/.atrium-tmp-eeeeeeeeeeee-x", "not ours", 9 * HOUR);
    await symlink(path.join(outside, "elsewhere"), path.join(root, "link"));

    giveToSandbox(root);
    const swept = await sweepTempLeftovers(root);

    expect(swept.removed.sort()).toEqual(["lib/.atrium-tmp-cccccccccccc-dir", "src/.atrium-tmp-aaaaaaaaaaaa-app.ts"]);
    expect(swept.bytes).toBe(5 + 7);
    // (`leftovers` lists through the symlink too; what it shows there is checked below.)
    expect((await leftovers(root)).filter((p) => !p.startsWith("link/")).sort()).toEqual([
      "lib/.atrium-tmp-dddddddddddd-dir",
      "lib/.atrium-tmp-dddddddddddd-dir/a",
      "lib/.atrium-tmp-dddddddddddd-dir/a/b.txt",
      "src/.atrium-tmp-bbbbbbbbbbbb-app.ts",
    ]);
    expect(await exists(path.join(root, "src/app.ts"))).toBe(true);
    expect(await exists(path.join(outside, "elsewhere/.atrium-tmp-eeeeeeeeeeee-x"))).toBe(true);
  });

  it("sweeps nothing in a tree without temp entries, and a missing root is empty", async () => {
    const root = await hostTempDir("sweep-clean");
    await put(root, "a/b/c.txt", "x", 10 * HOUR);
    giveToSandbox(root);
    expect(await sweepTempLeftovers(root)).toEqual({ removed: [], bytes: 0 });
    expect(await sweepTempLeftovers(path.join(root, "gone"))).toEqual({ removed: [], bytes: 0 });
    expect(await readdir(path.join(root, "a/b"))).toEqual(["c.txt"]);
  });
});

describe("sweepAllTempLeftovers", () => {
  it("sweeps every active workspace and says what it removed", async () => {
    const w = await fileWorkspace();
    await w.put("notes.md", "# notes\n");
    await put(w.root, "docs/.atrium-tmp-ffffffffffff-notes.md", "half", 2 * HOUR);
    const archived = await fileWorkspace({ status: "ARCHIVED" });
    await put(archived.root, ".atrium-tmp-999999999999-x", "archived trees are not walked", 2 * HOUR);
    giveToSandbox(w.root);
    const lines: string[] = [];

    const total = await sweepAllTempLeftovers((line) => lines.push(line));

    expect(await leftovers(w.root)).toEqual([]);
    expect(await exists(path.join(w.root, "notes.md"))).toBe(true);
    expect(total.removed.some((p) => p.endsWith("/docs/.atrium-tmp-ffffffffffff-notes.md"))).toBe(true);
    expect(lines.some((l) => /^removed \d+ temp files? left by interrupted writes/.test(l))).toBe(true);
    expect(await leftovers(archived.root)).toEqual([".atrium-tmp-999999999999-x"]);
  });
});
