// A file's version, the etag an editor sends back as `ifMatch`. It is a hash of the content, so
// two saves within one timestamp tick still differ (mtime granularity on Linux is a clock tick);
// files too big to hash on every stat get a metadata version instead, tagged so the two never mix.
import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { FILE_LIMITS } from "./limits";

/** `h-` + 128 bits of sha256 of the bytes, base64url. */
export function contentVersion(bytes: Uint8Array): string {
  return `h-${createHash("sha256").update(bytes).digest("base64url").slice(0, 22)}`;
}

/** `m-` + size, mtime in nanoseconds and inode: changes whenever the file is replaced or touched. */
export function metadataVersion(stat: Pick<BigIntStats, "size" | "mtimeNs" | "ino">): string {
  return `m-${stat.size.toString(36)}-${stat.mtimeNs.toString(36)}-${stat.ino.toString(36)}`;
}

/** Whether a file of this size is versioned by content (else by metadata). */
export function versionsByContent(size: number | bigint): boolean {
  return Number(size) <= FILE_LIMITS.versionHashMaxBytes;
}

/** The version of the open file behind `handle`, reading it from the start when it is hashed. */
export async function versionOfHandle(handle: FileHandle): Promise<string> {
  const stat = await handle.stat({ bigint: true });
  if (!versionsByContent(stat.size)) return metadataVersion(stat);
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return `h-${hash.digest("base64url").slice(0, 22)}`;
}

/** Versions compare as opaque strings; surrounding quotes (HTTP etag style) and `W/` are ignored. */
export function sameVersion(a: string, b: string): boolean {
  const clean = (v: string) => v.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  return clean(a) === clean(b);
}
