// Hand-made .tar.gz files for the hostile-archive tests (restore, restore-as-new, import): raw tar
// headers, so they can say things node-tar would never write (`..`, absolute paths, devices, sizes).
import { gzipSync } from "node:zlib";
import * as tar from "tar";

export interface CraftedEntry {
  path: string;
  type?: string;
  linkpath?: string;
  body?: Buffer;
  /** Declared size when it differs from the body (a bomb's header). */
  size?: number;
}

/** Each entry a header (+ body padded to 512), then two zero blocks; gzipped. */
export function craftArchive(entries: CraftedEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.body ?? Buffer.alloc(0);
    const header = new tar.Header({
      path: e.path,
      type: (e.type ?? "File") as tar.Header["type"],
      linkpath: e.linkpath ?? "",
      size: e.size ?? body.length,
      mode: 0o644,
      mtime: new Date(0),
      uid: 0,
      gid: 0,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The hostile cases every extracting operation must refuse, with the reason it must give. */
export const HOSTILE_ARCHIVES: [name: string, make: () => Buffer, reason: string][] = [
  ["a path traversal entry", () => craftArchive([{ path: "ok.txt", body: Buffer.from("x") }, { path: "../escaped.txt", body: Buffer.from("evil") }]), "archive_path_traversal"],
  ["an absolute path", () => craftArchive([{ path: "/tmp/atrium-evil.txt", body: Buffer.from("evil") }]), "archive_absolute_path"],
  ["a symlink pointing out", () => craftArchive([{ path: "out", type: "SymbolicLink", linkpath: "../../../etc" }]), "archive_link_outside"],
  ["an absolute symlink", () => craftArchive([{ path: "passwd", type: "SymbolicLink", linkpath: "/etc/passwd" }]), "archive_link_outside"],
  ["a hard link to a host file", () => craftArchive([{ path: "h", type: "Link", linkpath: "../../../../etc/passwd" }]), "archive_link_outside"],
  ["a device file", () => craftArchive([{ path: "null", type: "CharacterDevice" }]), "archive_special_file"],
  ["a FIFO", () => craftArchive([{ path: "pipe", type: "FIFO" }]), "archive_special_file"],
  // Declares a petabyte without carrying it: refused from the header, before any body is read.
  ["a header declaring more than any quota", () => craftArchive([{ path: "a.txt", body: Buffer.from("a") }, { path: "huge.bin", size: 2 ** 50 }]), "archive_too_large"],
];
