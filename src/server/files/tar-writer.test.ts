import { describe, expect, it } from "vitest";
import { Parser, type ReadEntry } from "tar";
import { END_OF_ARCHIVE, tarHeader, tarPadding } from "./tar-writer";

async function parse(archive: Buffer): Promise<{ path: string; type: string; size: number; linkpath?: string; body: string }[]> {
  const out: { path: string; type: string; size: number; linkpath?: string; body: string }[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => out.push({ path: entry.path, type: entry.type, size: entry.size, linkpath: entry.linkpath, body: Buffer.concat(chunks).toString() }));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
    parser.end(archive);
  });
  return out;
}

describe("tar writer", () => {
  it("writes folders, files, links and names longer than ustar allows (pax)", async () => {
    const mtime = new Date("2024-01-02T03:04:05Z");
    const long = `top/${"deep-folder-name/".repeat(12)}file-with-a-long-name-é.txt`;
    const body = Buffer.from("hello tar");
    const archive = Buffer.concat([
      ...tarHeader({ path: "top/", type: "Directory", size: 0, mode: 0o755, mtime }),
      ...tarHeader({ path: long, type: "File", size: body.length, mode: 0o644, mtime }),
      body,
      tarPadding(body.length),
      ...tarHeader({ path: "top/link", type: "SymbolicLink", size: 0, mode: 0o777, mtime, linkpath: "top/x" }),
      END_OF_ARCHIVE,
    ]);
    expect(archive.length % 512).toBe(0);
    expect(await parse(archive)).toEqual([
      { path: "top/", type: "Directory", size: 0, linkpath: undefined, body: "" },
      { path: long, type: "File", size: body.length, linkpath: undefined, body: "hello tar" },
      { path: "top/link", type: "SymbolicLink", size: 0, linkpath: "top/x", body: "" },
    ]);
  });

  it("pads content to whole blocks", () => {
    expect(tarPadding(0)).toHaveLength(0);
    expect(tarPadding(1)).toHaveLength(511);
    expect(tarPadding(512)).toHaveLength(0);
  });
});
