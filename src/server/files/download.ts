// Downloads: a file streamed as is, or a folder streamed as .tar.gz. Folder archives skip what
// the caller may not read (protected files, blocked paths) and store symlinks as links, never
// following them; links that point outside the workspace are left out altogether.
import { constants } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { isTempName } from "./atomic";
import { mapFsErrors } from "./fs-errors";
import { mimeOf } from "./language";
import { confinedPath, isProtectedPath, openGuarded } from "./path-guard";
import { isInside } from "./resolve-real";
import { classifyWalked, type FileScope, guard, joinRelative, openScope, openWalked, type WalkedPath } from "./scope";
import { END_OF_ARCHIVE, tarHeader, tarPadding } from "./tar-writer";
import { logger } from "~/server/observability/logger";

export type Download =
  | { kind: "file"; path: string; fileName: string; size: number; mime: string; modifiedAt: Date; body: ReadableStream<Uint8Array> }
  | { kind: "archive"; path: string; fileName: string; mime: "application/gzip"; body: ReadableStream<Uint8Array> };

const CHUNK = 256 * 1024;

/** Exactly `size` bytes from the start of `handle` (zeros if the file shrank meanwhile: tar sizes are fixed). */
async function* fileBytes(handle: FileHandle, size: number): AsyncGenerator<Buffer> {
  let position = 0;
  while (position < size) {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - position));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) {
      yield Buffer.alloc(size - position);
      return;
    }
    position += bytesRead;
    yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  }
}

async function* archiveEntries(scope: FileScope, root: WalkedPath, prefix: string, rootMtime: Date): AsyncGenerator<Buffer> {
  yield* tarHeader({ path: `${prefix}/`, type: "Directory", size: 0, mode: 0o755, mtime: rootMtime });
  const stack: (WalkedPath & { inner: string })[] = [{ ...root, inner: "" }];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let listed;
    try {
      listed = await scope.fs.list(dir.real);
    } catch {
      continue; // vanished or swapped while we walk: leave it out
    }
    listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: (WalkedPath & { inner: string })[] = [];
    for (const { name, stat } of listed) {
      if (isTempName(name)) continue;
      const entry = { relative: joinRelative(dir.relative, name), real: dir.real === "" ? name : `${dir.real}/${name}`, inner: dir.inner === "" ? name : `${dir.inner}/${name}` };
      if (isProtectedPath(entry.relative) || classifyWalked(scope, entry, "read")) continue;
      const archived = `${prefix}/${entry.inner}`;
      const mtime = new Date(stat.mtimeMs);
      if (stat.type === "directory") {
        yield* tarHeader({ path: `${archived}/`, type: "Directory", size: 0, mode: stat.mode, mtime });
        subdirs.push(entry);
      } else if (stat.type === "symlink") {
        const target = await scope.fs.readlink(entry.real).catch(() => null);
        if (target === null || !isInside(scope.rootReal, path.resolve(scope.rootReal, path.dirname(entry.real), target))) continue;
        yield* tarHeader({ path: archived, type: "SymbolicLink", size: 0, mode: stat.mode, mtime, linkpath: target });
      } else if (stat.type === "file" && stat.nlink <= 1) {
        // Hard-linked files are left out: the other name may be a protected file.
        let handle: FileHandle;
        try {
          handle = await openWalked(scope, entry);
        } catch {
          continue; // changed under us: leave it out rather than fail the whole archive
        }
        try {
          const opened = await handle.stat();
          if (!opened.isFile()) continue;
          yield* tarHeader({ path: archived, type: "File", size: opened.size, mode: opened.mode & 0o777, mtime: opened.mtime });
          yield* fileBytes(handle, opened.size);
          yield tarPadding(opened.size);
        } finally {
          await handle.close();
        }
      }
      // sockets, pipes and devices have no place in an archive
    }
    stack.push(...subdirs.reverse());
  }
  yield END_OF_ARCHIVE;
}

/** Opens a download: the guard runs now (so refusals become proper errors); bytes flow as the body is read. */
export async function downloadPath(ctx: RequestContext, access: WorkspaceAccess, input: { path: string }): Promise<Download> {
  const scope = await openScope(ctx, access, "files.download", "read");
  const p = await guard(scope, input.path, "read");
  const handle = await mapFsErrors(p.relative, () => openGuarded(p, constants.O_RDONLY));
  let keepOpen = false;
  try {
    const stat = await handle.stat();
    if (stat.isFile()) {
      const fileName = path.posix.basename(p.relative);
      const stream = stat.size === 0 ? Readable.from([]) : handle.createReadStream({ start: 0, end: stat.size - 1, autoClose: true });
      keepOpen = stat.size > 0;
      return { kind: "file", path: p.relative, fileName, size: stat.size, mime: mimeOf(p.relative), modifiedAt: stat.mtime, body: Readable.toWeb(stream) as ReadableStream<Uint8Array> };
    }
    const base = p.relative === "" ? access.workspace.slug : path.posix.basename(p.relative);
    const root: WalkedPath = { relative: p.relative, real: confinedPath(p).rel };
    const gzip = createGzip();
    const tar = Readable.from(archiveEntries(scope, root, base, stat.mtime));
    tar.on("error", (error) => {
      logger("files.download").error({ err: error }, "archive failed");
      gzip.destroy(error);
    });
    tar.pipe(gzip);
    return { kind: "archive", path: p.relative, fileName: `${base}.tar.gz`, mime: "application/gzip", body: Readable.toWeb(gzip) as ReadableStream<Uint8Array> };
  } finally {
    if (!keepOpen) await handle.close();
  }
}
