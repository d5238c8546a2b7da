// The file service end to end through tRPC (real Postgres, real temp folders): every operation,
// and every "bad input" the issue lists as a typed error with nothing half-written.
import { link, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { measureUsage, recomputeUsage } from "~/server/workspaces/quota";
import { failure, lastAudit } from "~/test/actors";
import { fileWorkspace, leftovers, removeRoots } from "./files.fixture";
import { FILE_LIMITS } from "./limits";
import { contentVersion } from "./version";
import { writeFile as writeFileService } from "./write";

afterAll(removeRoots);

async function appFailure(promise: Promise<unknown>): Promise<{ code: string; reason?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, reason: error.reason, message: error.message, details: error.details };
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("files: write and read", () => {
  it("writes text atomically, creating parents, and reads it back with language, mime and the same version", async () => {
    const w = await fileWorkspace();
    const saved = await w.as.editor.files.write({ workspaceId: w.id, path: "src/deep/app.ts", content: "export const x = 1;\n" });
    expect(saved).toMatchObject({ path: "src/deep/app.ts", size: 20, created: true });
    expect(saved.version).toBe(contentVersion(Buffer.from("export const x = 1;\n")));
    expect(await readFile(path.join(w.root, "src/deep/app.ts"), "utf8")).toBe("export const x = 1;\n");

    const read = await w.as.viewer.files.read({ workspaceId: w.id, path: "src/deep/app.ts" });
    expect(read).toMatchObject({ path: "src/deep/app.ts", encoding: "utf8", content: "export const x = 1;\n", size: 20, binary: false, language: "typescript", mime: "text/x-typescript", version: saved.version });
    expect(await leftovers(w.root)).toEqual([]);
    expect(await w.usage()).toBe(20n);
  });

  it("reads binary files as base64 (detected or asked), and text as text even when asked for base64", async () => {
    const w = await fileWorkspace();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await w.put("img/all-bytes.bin", bytes);
    const auto = await w.as.viewer.files.read({ workspaceId: w.id, path: "img/all-bytes.bin" });
    expect(auto).toMatchObject({ encoding: "base64", binary: true, size: 256, mime: "application/octet-stream" });
    expect(Buffer.from(auto.content, "base64").equals(bytes)).toBe(true);

    await w.put("notes.md", "# hi\n");
    const asked = await w.as.viewer.files.read({ workspaceId: w.id, path: "notes.md", encoding: "base64" });
    expect(asked).toMatchObject({ encoding: "base64", binary: false, language: "markdown" });
    expect(Buffer.from(asked.content, "base64").toString()).toBe("# hi\n");
  });

  it("writes base64 content byte for byte", async () => {
    const w = await fileWorkspace();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
    await w.as.editor.files.write({ workspaceId: w.id, path: "blob.bin", content: bytes.toString("base64"), encoding: "base64" });
    expect((await readFile(path.join(w.root, "blob.bin"))).equals(bytes)).toBe(true);
    const bad = await failure(w.as.editor.files.write({ workspaceId: w.id, path: "blob2.bin", content: "not base64!!", encoding: "base64" }));
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("refuses a file too large to read with LIMIT_EXCEEDED and says to download it", async () => {
    const w = await fileWorkspace();
    await w.put("big.log", Buffer.alloc(FILE_LIMITS.readTextMaxBytes + 1, 0x61));
    const f = await failure(w.as.viewer.files.read({ workspaceId: w.id, path: "big.log", encoding: "utf8" }));
    expect(f).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "file_too_large" });
    expect(f.message).toMatch(/5 MiB.*Download it/);
    // auto allows up to the binary limit, but text past the text limit is still refused
    expect(await failure(w.as.viewer.files.read({ workspaceId: w.id, path: "big.log" }))).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "file_too_large" });
  });

  it("refuses a write larger than one call may carry, writing nothing", async () => {
    const w = await fileWorkspace();
    const big = Buffer.alloc(FILE_LIMITS.writeMaxBytes + 1, 1).toString("base64");
    const f = await failure(w.as.editor.files.write({ workspaceId: w.id, path: "huge.bin", content: big, encoding: "base64" }));
    expect(f).toMatchObject({ appCode: "PAYLOAD_TOO_LARGE", reason: "file_too_large" });
    expect(await readdir(w.root)).toEqual([]);
  });

  it("says NOT_FOUND for a missing file and CONFLICT for reading a folder", async () => {
    const w = await fileWorkspace();
    await mkdir(path.join(w.root, "dir"));
    expect(await failure(w.as.viewer.files.read({ workspaceId: w.id, path: "nope.txt" }))).toMatchObject({ appCode: "NOT_FOUND", reason: "file_not_found" });
    expect(await failure(w.as.viewer.files.read({ workspaceId: w.id, path: "dir" }))).toMatchObject({ appCode: "CONFLICT", reason: "is_a_directory" });
  });
});

describe("files: versions and conflicts", () => {
  it("saves with the version it read, and refuses a stale version with the current one, writing nothing", async () => {
    const w = await fileWorkspace();
    const first = await w.as.editor.files.write({ workspaceId: w.id, path: "doc.txt", content: "v1" });
    const second = await w.as.editor.files.write({ workspaceId: w.id, path: "doc.txt", content: "v2 from tab B", ifMatch: first.version });
    expect(second.created).toBe(false);

    const stale = await failure(w.as.editor.files.write({ workspaceId: w.id, path: "doc.txt", content: "v2 from tab A", ifMatch: first.version }));
    expect(stale).toMatchObject({ appCode: "CONFLICT", reason: "version_conflict" });
    expect(await readFile(path.join(w.root, "doc.txt"), "utf8")).toBe("v2 from tab B");
    const direct = await appFailure(writeFileService(w.service().ctx, w.service().access, { path: "doc.txt", content: "again", ifMatch: first.version }));
    expect(direct.details).toMatchObject({ currentVersion: second.version });
    expect(await leftovers(w.root)).toEqual([]);

    // HTTP-style quoting of the version is fine.
    await w.as.editor.files.write({ workspaceId: w.id, path: "doc.txt", content: "v3", ifMatch: `"${second.version}"` });
    expect(await readFile(path.join(w.root, "doc.txt"), "utf8")).toBe("v3");
  });

  it("notices a change made behind its back (same size, same second) and a deletion", async () => {
    const w = await fileWorkspace();
    const saved = await w.as.editor.files.write({ workspaceId: w.id, path: "race.txt", content: "aaaa" });
    await writeFile(path.join(w.root, "race.txt"), "bbbb"); // a terminal edits it
    expect(await failure(w.as.editor.files.write({ workspaceId: w.id, path: "race.txt", content: "cccc", ifMatch: saved.version }))).toMatchObject({ reason: "version_conflict" });
    await w.as.editor.files.delete({ workspaceId: w.id, path: "race.txt" });
    const gone = await appFailure(writeFileService(w.service().ctx, w.service().access, { path: "race.txt", content: "dddd", ifMatch: saved.version }));
    expect(gone).toMatchObject({ code: "CONFLICT", reason: "version_conflict", details: { currentVersion: null } });
  });

  it("create-only writes refuse an existing name; createParents:false needs the folder", async () => {
    const w = await fileWorkspace();
    await w.put("exists.txt", "x");
    expect(await failure(w.as.editor.files.write({ workspaceId: w.id, path: "exists.txt", content: "y", overwrite: false }))).toMatchObject({ appCode: "CONFLICT", reason: "already_exists" });
    expect(await failure(w.as.editor.files.write({ workspaceId: w.id, path: "no/such/dir/f.txt", content: "y", createParents: false }))).toMatchObject({ appCode: "NOT_FOUND", reason: "parent_not_found" });
    expect(await readdir(w.root)).toEqual(["exists.txt"]);
  });

  it("stat returns the same version read does; exists answers without throwing", async () => {
    const w = await fileWorkspace();
    const saved = await w.as.editor.files.write({ workspaceId: w.id, path: "s/x.py", content: "print(1)\n" });
    const st = await w.as.viewer.files.stat({ workspaceId: w.id, path: "s/x.py" });
    expect(st).toMatchObject({ path: "s/x.py", name: "x.py", type: "file", size: 9, version: saved.version, language: "python", readOnly: true });
    expect(await w.as.editor.files.stat({ workspaceId: w.id, path: "s" })).toMatchObject({ type: "directory", version: null, readOnly: false });
    expect(await w.as.viewer.files.exists({ workspaceId: w.id, path: "s/x.py" })).toEqual({ path: "s/x.py", exists: true, type: "file" });
    expect(await w.as.viewer.files.exists({ workspaceId: w.id, path: "s/nope" })).toEqual({ path: "s/nope", exists: false, type: null });
  });
});

describe("files: append and mkdir", () => {
  it("appends (creating the file), updating size, version and usage", async () => {
    const w = await fileWorkspace();
    const a = await w.as.editor.files.append({ workspaceId: w.id, path: "logs/run.log", content: "one\n" });
    expect(a).toMatchObject({ size: 4, created: true });
    const b = await w.as.editor.files.append({ workspaceId: w.id, path: "logs/run.log", content: "two\n" });
    expect(b).toMatchObject({ size: 8, created: false, version: contentVersion(Buffer.from("one\ntwo\n")) });
    expect(await readFile(path.join(w.root, "logs/run.log"), "utf8")).toBe("one\ntwo\n");
    expect(await w.usage()).toBe(8n);
  });

  it("makes folders recursively; an existing folder is fine, an existing file is a conflict", async () => {
    const w = await fileWorkspace();
    expect(await w.as.editor.files.mkdir({ workspaceId: w.id, path: "a/b/c" })).toEqual({ path: "a/b/c", created: true });
    expect((await stat(path.join(w.root, "a/b/c"))).isDirectory()).toBe(true);
    expect(await w.as.editor.files.mkdir({ workspaceId: w.id, path: "a/b" })).toEqual({ path: "a/b", created: false });
    await w.put("a/file", "x");
    expect(await failure(w.as.editor.files.mkdir({ workspaceId: w.id, path: "a/file" }))).toMatchObject({ appCode: "CONFLICT", reason: "already_exists" });
  });
});

describe("files: list", () => {
  it("lists folders first, then by name, hidden files shown, locked entries marked instead of hidden", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "secrets/**", effect: "BLOCK" }, { pattern: "vendor/**", effect: "READ_ONLY" }] });
    await w.put("b.txt", "bb");
    await w.put("A.md", "a");
    await w.put(".hidden", "h");
    await w.put(".env", "TOKEN=1");
    await w.put("src/index.ts", "x");
    await w.put("secrets/key.txt", "k");
    await w.put("vendor/lib.js", "v");
    await symlink("b.txt", path.join(w.root, "link-to-b"));
    const page = await w.as.editor.files.list({ workspaceId: w.id, path: "" });
    expect(page.entries.map((e) => [e.name, e.type])).toEqual([
      ["secrets", "directory"],
      ["src", "directory"],
      ["vendor", "directory"],
      [".env", "file"],
      [".hidden", "file"],
      ["A.md", "file"],
      ["b.txt", "file"],
      ["link-to-b", "symlink"],
    ]);
    const by = Object.fromEntries(page.entries.map((e) => [e.name, e]));
    expect(by[".env"]).toMatchObject({ locked: { reason: "critical_file" }, readOnly: true });
    expect(by.secrets).toMatchObject({ locked: { reason: "blocked_path" } });
    expect(by["b.txt"]).toMatchObject({ size: 2, readOnly: false, path: "b.txt" });
    expect(by["b.txt"]!.locked).toBeUndefined();
    expect(by["link-to-b"]).toMatchObject({ target: "b.txt" });
    expect(new Date(by["b.txt"]!.modifiedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(page).toMatchObject({ path: "", total: 8, truncated: false, nextCursor: null, incomplete: false });

    const vendor = await w.as.editor.files.list({ workspaceId: w.id, path: "vendor" });
    expect(vendor.entries[0]).toMatchObject({ name: "lib.js", path: "vendor/lib.js", readOnly: true });
    const asViewer = await w.as.viewer.files.list({ workspaceId: w.id, path: "src" });
    expect(asViewer.entries[0]).toMatchObject({ name: "index.ts", readOnly: true });
  });

  it("paginates a large folder with a cursor, every entry exactly once", async () => {
    const w = await fileWorkspace();
    for (let i = 0; i < 25; i++) await w.put(`many/f${String(i).padStart(2, "0")}.txt`, "x");
    for (let i = 0; i < 3; i++) await mkdir(path.join(w.root, `many/dir${i}`));
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof w.as.viewer.files.list>> = await w.as.viewer.files.list({ workspaceId: w.id, path: "many", limit: 10, cursor });
      expect(page.total).toBe(28);
      expect(page.truncated).toBe(page.nextCursor !== null);
      names.push(...page.entries.map((e) => e.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names.slice(0, 3)).toEqual(["dir0", "dir1", "dir2"]);
    expect(new Set(names).size).toBe(28);
    expect(await failure(w.as.viewer.files.list({ workspaceId: w.id, path: "many", cursor: "garbage" }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "invalid_cursor" });
  });

  it("answers listing a file with CONFLICT and a missing folder with NOT_FOUND", async () => {
    const w = await fileWorkspace();
    await w.put("f.txt", "x");
    expect(await failure(w.as.viewer.files.list({ workspaceId: w.id, path: "f.txt" }))).toMatchObject({ appCode: "CONFLICT", reason: "not_a_directory" });
    expect(await failure(w.as.viewer.files.list({ workspaceId: w.id, path: "missing" }))).toMatchObject({ appCode: "NOT_FOUND" });
  });
});

describe("files: move, copy, delete", () => {
  it("renames and moves files and folders; refuses clobbering and moving into itself", async () => {
    const w = await fileWorkspace();
    await w.put("old.txt", "content");
    await w.put("dir/inner/x.txt", "x");
    expect(await w.as.editor.files.move({ workspaceId: w.id, from: "old.txt", to: "renamed/new.txt" })).toMatchObject({ from: "old.txt", to: "renamed/new.txt", type: "file" });
    expect(await readFile(path.join(w.root, "renamed/new.txt"), "utf8")).toBe("content");
    await w.as.editor.files.move({ workspaceId: w.id, from: "dir", to: "moved-dir" });
    expect(await readFile(path.join(w.root, "moved-dir/inner/x.txt"), "utf8")).toBe("x");

    await w.put("other.txt", "other");
    expect(await failure(w.as.editor.files.move({ workspaceId: w.id, from: "other.txt", to: "renamed/new.txt" }))).toMatchObject({ appCode: "CONFLICT", reason: "already_exists" });
    await w.as.editor.files.move({ workspaceId: w.id, from: "other.txt", to: "renamed/new.txt", overwrite: true });
    expect(await readFile(path.join(w.root, "renamed/new.txt"), "utf8")).toBe("other");
    expect(await failure(w.as.editor.files.move({ workspaceId: w.id, from: "moved-dir", to: "moved-dir/inner/deeper" }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "move_into_itself" });
    expect(await failure(w.as.editor.files.move({ workspaceId: w.id, from: "nothing-here", to: "x" }))).toMatchObject({ appCode: "NOT_FOUND" });
  });

  it("copies files and folders recursively (links as links), and refuses copying into itself", async () => {
    const w = await fileWorkspace();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await w.put("proj/a.txt", "A");
    await w.put("proj/sub/b.bin", bytes);
    await mkdir(path.join(w.root, "proj/empty"));
    await symlink("a.txt", path.join(w.root, "proj/link"));
    const copied = await w.as.editor.files.copy({ workspaceId: w.id, from: "proj", to: "backup/proj" });
    expect(copied).toMatchObject({ type: "directory", bytes: 257 });
    expect(await readFile(path.join(w.root, "backup/proj/a.txt"), "utf8")).toBe("A");
    expect((await readFile(path.join(w.root, "backup/proj/sub/b.bin"))).equals(bytes)).toBe(true);
    expect((await stat(path.join(w.root, "backup/proj/empty"))).isDirectory()).toBe(true);
    expect(await readFile(path.join(w.root, "backup/proj/link"), "utf8")).toBe("A");
    expect(await w.usage()).toBe(257n);

    expect(await w.as.editor.files.copy({ workspaceId: w.id, from: "proj/a.txt", to: "a-copy.txt" })).toMatchObject({ type: "file", bytes: 1 });
    expect(await failure(w.as.editor.files.copy({ workspaceId: w.id, from: "proj", to: "proj/nested" }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "copy_into_itself" });
    expect(await failure(w.as.editor.files.copy({ workspaceId: w.id, from: "proj", to: "backup/proj" }))).toMatchObject({ appCode: "CONFLICT", reason: "already_exists" });
    expect(await leftovers(w.root)).toEqual([]);
  });

  it("refuses to copy or move a folder holding a protected or blocked file, audited, changing nothing", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "cfg/*.secret", effect: "BLOCK" }] });
    await w.put("app/.env", "TOKEN=1");
    await w.put("app/main.py", "x");
    await w.put("cfg/db.secret", "pw");
    const copy = await failure(w.as.owner.files.copy({ workspaceId: w.id, from: "app", to: "app2" }));
    expect(copy).toMatchObject({ appCode: "PATH_DENIED", reason: "critical_file" });
    expect(copy.message).toContain('"app/.env"');
    expect(await lastAudit({ actorUserId: w.users.owner.id, reason: "critical_file", action: "files.copy" })).toMatchObject({ workspaceId: w.id, target: "app/.env", outcome: "DENIED" });
    // Renaming the folder would carry the blocked file out from under its rule.
    expect(await failure(w.as.owner.files.move({ workspaceId: w.id, from: "cfg", to: "open" }))).toMatchObject({ appCode: "PATH_DENIED", reason: "blocked_path" });
    expect((await readdir(w.root)).sort()).toEqual(["app", "cfg"]);
  });

  it("deletes files, refuses a non-empty folder without recursive, and frees usage", async () => {
    const w = await fileWorkspace();
    await w.as.editor.files.write({ workspaceId: w.id, path: "tree/a.txt", content: "12345" });
    await w.as.editor.files.write({ workspaceId: w.id, path: "tree/sub/b.txt", content: "123" });
    await w.as.editor.files.write({ workspaceId: w.id, path: "solo.txt", content: "12" });
    expect(await w.usage()).toBe(10n);
    expect(await w.as.editor.files.delete({ workspaceId: w.id, path: "solo.txt" })).toEqual({ path: "solo.txt", type: "file", bytes: 2 });

    const f = await failure(w.as.editor.files.delete({ workspaceId: w.id, path: "tree" }));
    expect(f).toMatchObject({ appCode: "CONFLICT", reason: "directory_not_empty" });
    expect(f.message).toMatch(/recursive/);
    expect(await readFile(path.join(w.root, "tree/a.txt"), "utf8")).toBe("12345");

    expect(await w.as.editor.files.delete({ workspaceId: w.id, path: "tree", recursive: true })).toEqual({ path: "tree", type: "directory", bytes: 8 });
    expect(await readdir(w.root)).toEqual([]);
    expect(await w.usage()).toBe(0n);
    await mkdir(path.join(w.root, "empty"));
    expect(await w.as.editor.files.delete({ workspaceId: w.id, path: "empty" })).toMatchObject({ type: "directory" });
  });

  it("deletes a symlink itself, never what it points to", async () => {
    const w = await fileWorkspace();
    await w.put("target.txt", "keep me");
    await symlink("target.txt", path.join(w.root, "the-link"));
    await w.as.editor.files.delete({ workspaceId: w.id, path: "the-link" });
    expect(await readFile(path.join(w.root, "target.txt"), "utf8")).toBe("keep me");
    expect(await readdir(w.root)).toEqual(["target.txt"]);
  });

  it("refuses to delete the workspace root or a read-only file inside a folder", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "docs/LICENSE", effect: "READ_ONLY" }] });
    await w.put("docs/LICENSE", "MIT");
    await w.put("docs/readme.md", "x");
    expect(await failure(w.as.owner.files.delete({ workspaceId: w.id, path: ".", recursive: true }))).toMatchObject({ appCode: "PATH_DENIED", reason: "invalid_path" });
    expect(await failure(w.as.owner.files.delete({ workspaceId: w.id, path: "docs", recursive: true }))).toMatchObject({ appCode: "PATH_DENIED", reason: "read_only" });
    expect((await readdir(path.join(w.root, "docs"))).sort()).toEqual(["LICENSE", "readme.md"]);
  });
});

describe("files: quota", () => {
  it("refuses a write that would pass the quota before writing anything, with a clear message", async () => {
    const w = await fileWorkspace({ quotaBytes: 100n });
    await w.as.editor.files.write({ workspaceId: w.id, path: "fits.txt", content: "x".repeat(60) });
    const f = await failure(w.as.editor.files.write({ workspaceId: w.id, path: "too-big.txt", content: "y".repeat(50) }));
    expect(f).toMatchObject({ appCode: "QUOTA_EXCEEDED", reason: "quota_exceeded" });
    expect(f.message).toBe("This write needs 50 bytes but the workspace has 40 bytes of 100 bytes left; delete files or ask an owner to raise the quota.");
    expect(await readdir(w.root)).toEqual(["fits.txt"]);
    expect(await w.usage()).toBe(60n);

    // Replacing a file only needs the difference; shrinking frees space.
    await w.as.editor.files.write({ workspaceId: w.id, path: "fits.txt", content: "z".repeat(95) });
    expect(await w.usage()).toBe(95n);
    await w.as.editor.files.write({ workspaceId: w.id, path: "fits.txt", content: "small" });
    expect(await w.usage()).toBe(5n);
    // Appends and copies count too.
    expect(await failure(w.as.editor.files.append({ workspaceId: w.id, path: "fits.txt", content: "q".repeat(96) }))).toMatchObject({ appCode: "QUOTA_EXCEEDED" });
    expect(await readFile(path.join(w.root, "fits.txt"), "utf8")).toBe("small");
    await w.as.editor.files.write({ workspaceId: w.id, path: "half.txt", content: "h".repeat(50) });
    expect(await failure(w.as.editor.files.copy({ workspaceId: w.id, from: "half.txt", to: "half2.txt" }))).toMatchObject({ appCode: "QUOTA_EXCEEDED" });
    expect((await readdir(w.root)).sort()).toEqual(["fits.txt", "half.txt"]);
    expect(await w.usage()).toBe(55n);
    expect(await leftovers(w.root)).toEqual([]);
  });

  it("recomputeUsage measures the tree (hard links once, links not followed)", async () => {
    const w = await fileWorkspace();
    await w.put("a.bin", Buffer.alloc(1000));
    await w.put("d/b.bin", Buffer.alloc(24));
    await link(path.join(w.root, "a.bin"), path.join(w.root, "d/hard.bin"));
    await symlink("/usr/bin", path.join(w.root, "outside"));
    expect(await recomputeUsage(w.id)).toBe(1024n);
    expect(await w.usage()).toBe(1024n);
    expect(await measureUsage(w.root)).toBe(1024n);
  });
});

describe("files: who may change what", () => {
  it("refuses every change in an archived workspace with CONFLICT workspace_archived, audited, reads still allowed", async () => {
    const w = await fileWorkspace({ status: "ARCHIVED" });
    await w.put("kept.txt", "still here");
    const f = await failure(w.as.owner.files.write({ workspaceId: w.id, path: "kept.txt", content: "changed" }));
    expect(f).toMatchObject({ appCode: "CONFLICT", reason: "workspace_archived" });
    expect(f.message).toBe("This workspace is archived and read-only; unarchive it to change files.");
    for (const call of [
      () => w.as.owner.files.delete({ workspaceId: w.id, path: "kept.txt" }),
      () => w.as.owner.files.mkdir({ workspaceId: w.id, path: "new" }),
      () => w.as.owner.files.move({ workspaceId: w.id, from: "kept.txt", to: "moved.txt" }),
      () => w.as.owner.files.append({ workspaceId: w.id, path: "kept.txt", content: "more" }),
      () => w.as.owner.files.copy({ workspaceId: w.id, from: "kept.txt", to: "copy.txt" }),
    ]) {
      expect(await failure(call())).toMatchObject({ appCode: "CONFLICT", reason: "workspace_archived" });
    }
    expect(await readFile(path.join(w.root, "kept.txt"), "utf8")).toBe("still here");
    expect(await lastAudit({ actorUserId: w.users.owner.id, reason: "workspace_archived" })).toMatchObject({ workspaceId: w.id, outcome: "DENIED" });
    expect(await w.as.viewer.files.read({ workspaceId: w.id, path: "kept.txt" })).toMatchObject({ content: "still here" });
  });

  it("refuses viewers at the tier (FORBIDDEN) and, called directly, at the guard (PATH_DENIED permission_denied)", async () => {
    const w = await fileWorkspace();
    expect(await failure(w.as.viewer.files.write({ workspaceId: w.id, path: "v.txt", content: "x" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    // The tier's refusal names what was touched, so the audit log says more than "files.write".
    expect(await lastAudit({ actorUserId: w.users.viewer.id, reason: "role_required" })).toMatchObject({ workspaceId: w.id, action: "files.write", target: "v.txt", permission: "editor" });
    expect(await failure(w.as.viewer.files.move({ workspaceId: w.id, from: "a.txt", to: "b.txt" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await lastAudit({ actorUserId: w.users.viewer.id, reason: "role_required" })).toMatchObject({ action: "files.move", target: "a.txt → b.txt" });
    const { ctx, access } = w.service("viewer");
    expect(await appFailure(writeFileService(ctx, access, { path: "v.txt", content: "x" }))).toMatchObject({ code: "PATH_DENIED", reason: "permission_denied" });
    expect(await lastAudit({ actorUserId: w.users.viewer.id, reason: "permission_denied" })).toMatchObject({ workspaceId: w.id, action: "files.write", permission: "write" });
    expect(await readdir(w.root)).toEqual([]);
  });

  it("tells strangers nothing, and refuses protected files to everyone, owners included", async () => {
    const w = await fileWorkspace();
    await w.put(".env", "SECRET=1");
    expect(await failure(w.as.stranger.files.list({ workspaceId: w.id, path: "" }))).toMatchObject({ code: "NOT_FOUND", reason: "workspace_not_found" });
    expect(await failure(w.as.owner.files.read({ workspaceId: w.id, path: ".env" }))).toMatchObject({ appCode: "PATH_DENIED", reason: "critical_file" });
    expect(await failure(w.as.owner.files.write({ workspaceId: w.id, path: ".env", content: "x" }))).toMatchObject({ appCode: "PATH_DENIED", reason: "critical_file" });
    expect(await failure(w.as.owner.files.read({ workspaceId: w.id, path: "../../etc/passwd" }))).toMatchObject({ appCode: "PATH_DENIED", reason: "outside_workspace" });
    expect(await readFile(path.join(w.root, ".env"), "utf8")).toBe("SECRET=1");
  });

  it("answers a workspace that does not exist with NOT_FOUND", async () => {
    const w = await fileWorkspace();
    expect(await failure(w.as.owner.files.read({ workspaceId: "no-such-workspace", path: "a" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db().workspace.count({ where: { id: "no-such-workspace" } })).toBe(0);
  });
});
