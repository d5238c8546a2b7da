// The one packer and the one verified extractor on their own: partial archives never linger, and
// hostile archives are refused whole (absolute paths, `..`, links leading out, bombs, junk).
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { entryStaysInside, extractVerified, packDirectory } from "./tarball";
import { exists, giveToSandbox, hostTempDir, removeHostDirs, sandboxRoot } from "./test-helpers";

afterAll(removeHostDirs);

describe("packDirectory", () => {
  it("removes its partial file when packing fails", async () => {
    const out = await hostTempDir("pack");
    await expect(packDirectory(path.join(out, "no-such-root"), path.join(out, "a.tar.gz"))).rejects.toThrow();
    expect(await readdir(out)).toEqual([]);
  });

  it("leaves out temp files and folders of writes in flight, so a restore never brings them back", async () => {
    const base = await hostTempDir("temps");
    const src = path.join(base, "src");
    await mkdir(path.join(src, "docs/.atrium-tmp-0a1b2c-dir/inner"), { recursive: true });
    await writeFile(path.join(src, "docs/readme.md"), "kept");
    await writeFile(path.join(src, "docs/.atrium-tmp-3d4e5f-readme.md"), "half a write");
    await writeFile(path.join(src, "docs/.atrium-tmp-0a1b2c-dir/inner/copied.txt"), "half a copy");
    await giveToSandbox(src);
    const archive = path.join(base, "temps.tar.gz");
    const packed = await packDirectory(src, archive);
    expect(packed.fileCount).toBe(1);
    const target = await sandboxRoot(base, "target");
    await extractVerified(archive, target, { limitBytes: null });
    expect(await readdir(path.join(target, "docs"))).toEqual(["readme.md"]);
  });
});

describe("extractVerified", () => {
  it("refuses an archive with `..` or absolute entries whole, writing nothing outside the target", async () => {
    const base = await hostTempDir("hostile");
    const src = path.join(base, "src");
    await mkdir(path.join(src, "inner"), { recursive: true });
    const target = await sandboxRoot(base, "target");
    await writeFile(path.join(src, "inner/ok.txt"), "fine");
    await writeFile(path.join(base, "outside.txt"), "original");
    const archive = path.join(base, "evil.tar.gz");
    // preservePaths on create keeps `../outside.txt` and the absolute path inside the archive.
    await tar.create({ gzip: true, file: archive, cwd: src, preservePaths: true }, ["inner", "../outside.txt", path.join(base, "outside.txt")]);

    await expect(extractVerified(archive, target, { limitBytes: null })).rejects.toMatchObject({ code: "INVALID_INPUT", reason: "archive_path_traversal" });
    expect(await readFile(path.join(base, "outside.txt"), "utf8")).toBe("original");
    // Nothing landed beside the target either.
    expect((await readdir(base)).sort()).toEqual(["evil.tar.gz", "outside.txt", "src", "target"]);
  });

  it("skips links leading out when asked (unarchive), refuses them otherwise, and keeps links that stay inside", async () => {
    const base = await hostTempDir("links");
    const src = path.join(base, "src");
    await mkdir(path.join(src, "inner"), { recursive: true });
    await writeFile(path.join(src, "inner/ok.txt"), "fine");
    await symlink("/etc", path.join(src, "inner/abs-link"));
    await symlink("../../../..", path.join(src, "inner/up-link"));
    await symlink("ok.txt", path.join(src, "inner/good-link"));
    await giveToSandbox(src);
    const archive = path.join(base, "links.tar.gz");
    await packDirectory(src, archive);

    const refused = await sandboxRoot(base, "refused");
    await expect(extractVerified(archive, refused, { limitBytes: null })).rejects.toMatchObject({ reason: "archive_link_outside" });

    const target = await sandboxRoot(base, "target");
    const result = await extractVerified(archive, target, { limitBytes: null, linksOutside: "skip" });
    expect(result.skipped.sort()).toEqual(["inner/abs-link", "inner/up-link"]);
    expect(await readFile(path.join(target, "inner/ok.txt"), "utf8")).toBe("fine");
    expect(await readlink(path.join(target, "inner/good-link"))).toBe("ok.txt");
    expect(await exists(path.join(target, "inner/abs-link"))).toBe(false);
    for (const name of await readdir(target, { recursive: true })) {
      expect((await lstat(path.join(target, name))).isCharacterDevice()).toBe(false);
    }
  });

  it("refuses from the headers once the declared sizes pass the limit, and refuses non-archives", async () => {
    const base = await hostTempDir("limits");
    const src = path.join(base, "src");
    await mkdir(src);
    await writeFile(path.join(src, "zeros.bin"), Buffer.alloc(2 * 1024 * 1024));
    await giveToSandbox(src);
    const archive = path.join(base, "zeros.tar.gz");
    const packed = await packDirectory(src, archive);
    expect(packed.bytes).toBeLessThan(64n * 1024n); // a 2 MiB file of zeros packs tiny: the ratio is no signal
    const target = await sandboxRoot(base, "target");
    await expect(extractVerified(archive, target, { limitBytes: 1024n * 1024n })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", reason: "archive_too_large" });
    expect(await readdir(target)).toEqual([]); // refused before the body was written

    const junk = path.join(base, "junk.tar.gz");
    await writeFile(junk, "this is not a gzip file at all");
    await expect(extractVerified(junk, target, { limitBytes: null })).rejects.toMatchObject({ code: "INVALID_INPUT", reason: "archive_unreadable" });
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
