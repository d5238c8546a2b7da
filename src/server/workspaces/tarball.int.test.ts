// The tar layer on its own: partial archives never linger, and hostile archives cannot write
// outside the target (no absolute paths, no `..`, no links leading out, no devices).
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { entryStaysInside, extractArchive, packDirectory } from "./tarball";
import { exists, hostTempDir, removeHostDirs } from "./test-helpers";

afterAll(removeHostDirs);

describe("packDirectory", () => {
  it("removes its partial file when packing fails", async () => {
    const out = await hostTempDir("pack");
    await expect(packDirectory(path.join(out, "no-such-root"), path.join(out, "a.tar.gz"))).rejects.toThrow();
    expect(await readdir(out)).toEqual([]);
  });
});

describe("extractArchive", () => {
  it("writes nothing outside the target, whatever the archive says", async () => {
    const base = await hostTempDir("hostile");
    const src = path.join(base, "src");
    const target = path.join(base, "target");
    await mkdir(path.join(src, "inner"), { recursive: true });
    await mkdir(target);
    await writeFile(path.join(src, "inner/ok.txt"), "fine");
    await writeFile(path.join(base, "outside.txt"), "original");
    await symlink("/etc", path.join(src, "inner/abs-link"));
    await symlink("../../../..", path.join(src, "inner/up-link"));
    await symlink("ok.txt", path.join(src, "inner/good-link"));
    const archive = path.join(base, "evil.tar.gz");
    // preservePaths on create keeps `../outside.txt` and the absolute path inside the archive.
    await tar.create({ gzip: true, file: archive, cwd: src, preservePaths: true }, ["inner", "../outside.txt", path.join(base, "outside.txt")]);

    const skipped = await extractArchive(archive, target);
    expect(skipped.sort()).toEqual(expect.arrayContaining(["inner/abs-link", "inner/up-link"]));
    expect(await readFile(path.join(target, "inner/ok.txt"), "utf8")).toBe("fine");
    expect(await readlink(path.join(target, "inner/good-link"))).toBe("ok.txt");
    expect(await exists(path.join(target, "inner/abs-link"))).toBe(false);
    expect(await exists(path.join(target, "inner/up-link"))).toBe(false);
    expect(await readFile(path.join(base, "outside.txt"), "utf8")).toBe("original");
    // Nothing landed beside the target either.
    expect((await readdir(base)).sort()).toEqual(["evil.tar.gz", "outside.txt", "src", "target"]);
    for (const name of await readdir(target, { recursive: true })) {
      expect((await lstat(path.join(target, name))).isCharacterDevice()).toBe(false);
    }
  });

  it("judges entries by where they would land", () => {
    const t = "/w/root";
    expect(entryStaysInside(t, "a/b.txt", { type: "File" })).toBe(true);
    expect(entryStaysInside(t, "../x", { type: "File" })).toBe(false);
    expect(entryStaysInside(t, "a/l", { type: "SymbolicLink", linkpath: "../b" })).toBe(true);
    expect(entryStaysInside(t, "a/l", { type: "SymbolicLink", linkpath: "../../b" })).toBe(false);
    expect(entryStaysInside(t, "l", { type: "SymbolicLink", linkpath: "/etc/passwd" })).toBe(false);
    expect(entryStaysInside(t, "h", { type: "Link", linkpath: "a/b.txt" })).toBe(true);
    expect(entryStaysInside(t, "h", { type: "Link", linkpath: "../../etc/passwd" })).toBe(false);
    expect(entryStaysInside(t, "dev", { type: "CharacterDevice" })).toBe(false);
    expect(entryStaysInside(t, "fifo", { type: "FIFO" })).toBe(false);
  });
});
