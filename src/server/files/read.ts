// Reading one file for an editor or an agent: text with its language and mime type, or bytes as
// base64. Size limits keep a JSON response and an editor buffer reasonable; bigger files download.
import { constants } from "node:fs";
import type { RequestContext } from "~/server/auth/types";
import { AppError } from "~/server/errors";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { display, mapFsErrors } from "./fs-errors";
import { detectTextKind, looksBinary, mimeOf } from "./language";
import { formatBytes } from "~/lib/format";
import { FILE_LIMITS } from "./limits";
import { openGuarded } from "./path-guard";
import { guard, openScope } from "./scope";
import { contentVersion } from "./version";

export type ReadEncoding = "auto" | "utf8" | "base64";

export interface ReadInput {
  path: string;
  /** `auto` (default): text when the bytes are UTF-8 without NULs, else base64. */
  encoding?: ReadEncoding;
}

export interface ReadResult {
  path: string;
  encoding: "utf8" | "base64";
  content: string;
  size: number;
  /** The bytes are not UTF-8 text (a forced `utf8` read replaced invalid sequences). */
  binary: boolean;
  language: string;
  mime: string;
  /** Send back as `ifMatch` when saving. */
  version: string;
  modifiedAt: string;
}

function downloadHint(workspaceId: string, relative: string): string {
  return `/api/workspaces/${workspaceId}/files/download?path=${encodeURIComponent(relative)}`;
}

export async function readFile(ctx: RequestContext, access: WorkspaceAccess, input: ReadInput): Promise<ReadResult> {
  const scope = await openScope(ctx, access, "files.read", "read");
  const p = await guard(scope, input.path, "read");
  const encoding = input.encoding ?? "auto";
  return mapFsErrors(p.relative, async () => {
    const handle = await openGuarded(p, constants.O_RDONLY);
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) {
        throw new AppError("CONFLICT", { message: `${display(p.relative)} is a folder. List it instead of reading it.`, reason: "is_a_directory" });
      }
      if (!stat.isFile()) {
        throw new AppError("INVALID_INPUT", { message: `${display(p.relative)} is not a regular file (a device, socket or pipe) and cannot be read.`, reason: "not_a_regular_file" });
      }
      const cap = encoding === "utf8" ? FILE_LIMITS.readTextMaxBytes : FILE_LIMITS.readBinaryMaxBytes;
      const tooLarge = (size: number, limit: number, kind: string) =>
        new AppError("LIMIT_EXCEEDED", {
          message: `${display(p.relative)} is ${formatBytes(size)}; ${kind} reads are limited to ${formatBytes(limit)}. Download it instead (${downloadHint(scope.target.id, p.relative)}).`,
          reason: "file_too_large",
          details: { size, limit },
        });
      if (stat.size > cap) throw tooLarge(stat.size, cap, encoding === "utf8" ? "text" : "file");

      // Read to EOF rather than trusting stat: the file may grow while we read; stop one byte past the cap.
      const buffer = Buffer.allocUnsafe(Math.min(cap + 1, Math.max(stat.size, 64 * 1024)));
      let length = 0;
      const chunks: Buffer[] = [];
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, cap + 1 - length), null);
        if (bytesRead === 0) break;
        chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
        length += bytesRead;
        if (length > cap) throw tooLarge(length, cap, encoding === "utf8" ? "text" : "file");
      }
      const bytes = Buffer.concat(chunks, length);

      const binary = looksBinary(bytes);
      const asText = encoding === "utf8" || (encoding === "auto" && !binary);
      if (asText && bytes.length > FILE_LIMITS.readTextMaxBytes) throw tooLarge(bytes.length, FILE_LIMITS.readTextMaxBytes, "text");
      const kind = detectTextKind(p.relative);
      return {
        path: p.relative,
        encoding: asText ? "utf8" : "base64",
        content: asText ? bytes.toString("utf8") : bytes.toString("base64"),
        size: bytes.length,
        binary,
        language: binary ? "plaintext" : kind.language,
        mime: binary ? mimeOf(p.relative) : kind.mime,
        version: contentVersion(bytes),
        modifiedAt: stat.mtime.toISOString(),
      };
    } finally {
      await handle.close();
    }
  });
}
