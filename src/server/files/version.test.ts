import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contentVersion, metadataVersion, sameVersion, versionOfHandle, versionsByContent } from "./version";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("versions", () => {
  it("are content hashes: equal bytes, equal versions; any change, a new one", () => {
    const a = contentVersion(Buffer.from("hello"));
    expect(a).toMatch(/^h-[A-Za-z0-9_-]{22}$/);
    expect(contentVersion(Buffer.from("hello"))).toBe(a);
    expect(contentVersion(Buffer.from("hellp"))).not.toBe(a);
    expect(contentVersion(Buffer.from(""))).not.toBe(a);
  });

  it("hashing an open file gives the same version as hashing its bytes", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-version-"));
    dirs.push(dir);
    const file = path.join(dir, "f.txt");
    const bytes = Buffer.from("x".repeat(200_000));
    await writeFile(file, bytes);
    const handle = await open(file, "r");
    try {
      expect(await versionOfHandle(handle)).toBe(contentVersion(bytes));
    } finally {
      await handle.close();
    }
  });

  it("falls back to metadata for huge files, tagged so the schemes never collide", () => {
    expect(versionsByContent(1024)).toBe(true);
    expect(versionsByContent(10 * 1024 ** 3)).toBe(false);
    const v = metadataVersion({ size: 10n, mtimeNs: 1_700_000_000_000_000_000n, ino: 42n });
    expect(v.startsWith("m-")).toBe(true);
    expect(metadataVersion({ size: 10n, mtimeNs: 1_700_000_000_000_000_001n, ino: 42n })).not.toBe(v);
  });

  it("compare ignoring HTTP etag quoting", () => {
    expect(sameVersion("h-abc", '"h-abc"')).toBe(true);
    expect(sameVersion('W/"h-abc"', "h-abc")).toBe(true);
    expect(sameVersion("h-abc", "h-abd")).toBe(false);
  });
});
