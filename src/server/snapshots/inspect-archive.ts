// Reads a snapshot archive end to end BEFORE anything is extracted and refuses it whole on the
// first bad entry: absolute paths, `..` segments, links leading out, devices/FIFOs, or a total
// uncompressed size over the limit (checked from each header, so a tar bomb is refused before its
// body is inflated). Extraction then runs only over archives that passed.
import { createReadStream } from "node:fs";
import path from "node:path";
import * as tar from "tar";
import { AppError } from "~/server/errors";
import { formatBytes } from "~/server/files/limits";
import { entryStaysInside } from "~/server/workspaces/tarball";

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
const ALLOWED_TYPES = new Set([...FILE_TYPES, "Directory", "SymbolicLink", "Link"]);
/** A stand-in root: entries are judged by where they would land relative to it. */
const VIRTUAL_ROOT = "/atrium-snapshot-root";

export interface ArchiveSummary {
  entries: number;
  /** Sum of the regular files' sizes as the headers declare them. */
  uncompressedBytes: bigint;
}

function refuse(reason: string, message: string, entry: string): AppError {
  return new AppError("INVALID_INPUT", { message: `${message} Nothing was restored; the workspace is unchanged.`, reason, details: { entry } });
}

/** Why `entry` may not be extracted, or null when it is fine. */
export function entryProblem(entry: { path: string; type: string; linkpath?: string }): AppError | null {
  const p = entry.path;
  if (path.isAbsolute(p) || /^[a-zA-Z]:/.test(p)) return refuse("archive_absolute_path", `The archive holds an absolute path (${p}).`, p);
  if (p.split(/[\\/]/).includes("..")) return refuse("archive_path_traversal", `The archive holds a path that climbs out with ".." (${p}).`, p);
  if (!ALLOWED_TYPES.has(entry.type)) return refuse("archive_special_file", `The archive holds a ${entry.type} entry (${p}); only files, directories and links are restored.`, p);
  if (!entryStaysInside(VIRTUAL_ROOT, p, entry)) return refuse("archive_link_outside", `The archive holds a link that points outside the workspace (${p} → ${entry.linkpath ?? "?"}).`, p);
  return null;
}

/** Throws an INVALID_INPUT / QUOTA_EXCEEDED AppError on the first problem; never writes anything. */
export async function inspectArchive(file: string, limitBytes: bigint): Promise<ArchiveSummary> {
  let entries = 0;
  let total = 0n;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const input = createReadStream(file);
    // Size is enforced per header below; node-tar's ratio guard would also reject honest zero-filled files.
    const parser = new tar.Parser({ strict: true, maxDecompressionRatio: Number.POSITIVE_INFINITY });
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      input.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    parser.on("entry", (entry: tar.ReadEntry) => {
      entries++;
      const problem = entryProblem(entry);
      if (!problem && FILE_TYPES.has(entry.type)) total += BigInt(entry.size);
      const tooBig =
        total > limitBytes
          ? new AppError("QUOTA_EXCEEDED", {
              message: `The archive unpacks to more than ${formatBytes(limitBytes)}, the workspace's quota, so it was not restored (it may be a decompression bomb). Nothing was changed; raise the quota first if the snapshot is genuine.`,
              reason: "archive_too_large",
              details: { limitBytes: Number(limitBytes), declaredBytesSoFar: Number(total), entry: entry.path },
            })
          : null;
      if (problem ?? tooBig) {
        fail(problem ?? tooBig);
        parser.abort(problem ?? tooBig!);
        return;
      }
      entry.resume();
    });
    parser.on("error", fail);
    parser.on("end", () => {
      if (!failed) resolve();
    });
    input.on("error", fail);
    input.pipe(parser);
  });
  return { entries, uncompressedBytes: total };
}
