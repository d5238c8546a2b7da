// Hand-written on purpose: no tar library writes entries from handles the caller opened (they re-open by path, which races).
// A minimal streaming tar (ustar + pax for long names) writer over tar's Header and Pax classes.
// We write entries ourselves instead of `tar.create` because tar.create opens files by path
// after an lstat, which a sandbox could race by swapping a file for a symlink; here every file's
// bytes come from a handle the caller opened and verified.
import { Header, Pax } from "tar";

const BLOCK = 512;
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);

export interface TarEntryHeader {
  /** Path inside the archive, `/`-separated; folders end with `/`. */
  path: string;
  type: "File" | "Directory" | "SymbolicLink";
  size: number;
  mode: number;
  mtime: Date;
  linkpath?: string;
}

/** The header block(s) of one entry: a pax extended header first when a field does not fit ustar. */
export function tarHeader(entry: TarEntryHeader): Buffer[] {
  const fields = {
    path: entry.path,
    type: entry.type,
    size: entry.type === "File" ? entry.size : 0,
    mode: entry.mode & 0o7777,
    mtime: entry.mtime,
    linkpath: entry.linkpath,
    uid: 0,
    gid: 0,
    uname: "",
    gname: "",
  };
  const header = new Header(fields);
  const out: Buffer[] = [];
  if (header.encode()) {
    out.push(new Pax({ path: fields.path, linkpath: fields.linkpath, size: fields.size, mtime: fields.mtime }).encode());
  }
  if (!header.block) throw new Error(`could not encode a tar header for ${entry.path}`);
  out.push(header.block);
  return out;
}

/** Zero bytes that pad `size` bytes of content to a whole block. */
export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}
