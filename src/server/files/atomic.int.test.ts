import { chown, link, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { confinedFs, releaseAllConfinedFs, sandboxIdentity } from "~/server/storage/confined-fs";
import { measureUsage } from "~/server/workspaces/quota";
import { isTempName, stageFile, withPathLocks, writeAtomic } from "./atomic";
import { contentVersion } from "./version";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "atrium-atomic-"));
  // Like a workspace root: it belongs to the sandbox uid the confined helper runs as.
  if (process.getuid?.() === 0) await chown(dir, sandboxIdentity().uid, sandboxIdentity().gid);
  dirs.push(dir);
  return dir;
}
/** The confined place of `file` (a direct child of a temp dir). */
function at(file: string) {
  return { fs: confinedFs(path.dirname(file)), parent: "", name: path.basename(file) };
}
afterAll(async () => {
  await releaseAllConfinedFs();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function* failingSource(): AsyncGenerator<Uint8Array> {
  yield Buffer.from("new content, first half…");
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new Error("connection lost mid-write");
}

describe("writeAtomic", () => {
  it("replaces a file and reports its size and content version", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "a.txt");
    await writeFile(file, "old");
    const result = await writeAtomic(at(file), Buffer.from("brand new"));
    expect(await readFile(file, "utf8")).toBe("brand new");
    expect(result.size).toBe(9);
    expect(result.version).toBe(contentVersion(Buffer.from("brand new")));
    expect((await readdir(dir)).filter(isTempName)).toEqual([]);
  });

  it("leaves the old content and no temp file when the write fails after the temp file exists", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "keep.txt");
    await writeFile(file, "the old, intact content");
    await expect(writeAtomic(at(file), failingSource())).rejects.toThrow("connection lost mid-write");
    expect(await readFile(file, "utf8")).toBe("the old, intact content");
    expect(await readdir(dir)).toEqual(["keep.txt"]);
  });

  it("stops a stream past maxBytes with the caller's error, leaving nothing", async () => {
    const dir = await tempDir();
    async function* big() {
      for (let i = 0; i < 10; i++) {
        await Promise.resolve();
        yield Buffer.alloc(1000, 1);
      }
    }
    await expect(stageFile(at(path.join(dir, "big.bin")), big(), { maxBytes: 2500, tooLarge: (n) => new Error(`too large at ${n}`) })).rejects.toThrow("too large at 3000");
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps the replaced file's permission bits (an executable script stays executable)", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "run.sh");
    await writeAtomic(at(file), Buffer.from("#!/bin/sh\n"), { mode: 0o755 });
    expect((await stat(file)).mode & 0o777).toBe(0o755);
  });

  it("staged files stay invisible under their real name until committed", async () => {
    const dir = await tempDir();
    const staged = await stageFile(at(path.join(dir, "later.txt")), Buffer.from("x"));
    expect((await readdir(dir)).every(isTempName)).toBe(true);
    await staged.commit();
    expect(await readdir(dir)).toEqual(["later.txt"]);
  });
});

describe("withPathLocks", () => {
  it("runs holders of the same path one after another, other paths in parallel", async () => {
    const order: string[] = [];
    const slow = (tag: string, ms: number) => async () => {
      order.push(`${tag}:start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${tag}:end`);
    };
    await Promise.all([withPathLocks(["/x"], slow("a", 30)), withPathLocks(["/x"], slow("b", 1)), withPathLocks(["/y"], slow("c", 1))]);
    expect(order.indexOf("a:end")).toBeLessThan(order.indexOf("b:start"));
    expect(order.indexOf("c:end")).toBeLessThan(order.indexOf("a:end"));
  });

  it("releases the lock when the holder throws", async () => {
    await expect(withPathLocks(["/z"], () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withPathLocks(["/z"], () => Promise.resolve("free"))).resolves.toBe("free");
  });
});

describe("measureUsage", () => {
  it("sums regular files once per inode and never follows links", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "sub/deeper"), { recursive: true });
    await writeFile(path.join(dir, "a.bin"), Buffer.alloc(1000));
    await writeFile(path.join(dir, "sub/deeper/b.bin"), Buffer.alloc(234));
    await link(path.join(dir, "a.bin"), path.join(dir, "sub/hard-link.bin"));
    await symlink("/usr", path.join(dir, "outside-link"));
    expect(await measureUsage(dir)).toBe(1234n);
    expect(await measureUsage(path.join(dir, "missing"))).toBe(0n);
  });
});
