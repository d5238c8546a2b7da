// Zod inputs of the file operations, shared by every door (tRPC now; REST, MCP and sockets later)
// so all of them accept exactly the same shapes. `workspaceId` is added by the procedure tier.
import { z } from "zod";
import { FILE_LIMITS } from "./limits";

/** The path guard judges the content; this only bounds the size. "" or "." is the workspace root. */
const ZPath = z.string().max(4096, "Paths are at most 4096 characters.");
const ZRequiredPath = ZPath.min(1, "Name a file or folder.");

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

// Text content counts UTF-16 units here; the decoded byte limit is enforced by the service.
const ZContent = z.string().max(Math.ceil((FILE_LIMITS.writeMaxBytes * 4) / 3) + 4, "The content is too large for one write; upload the file instead.");

const ZEncodedContent = {
  content: ZContent,
  encoding: z.enum(["utf8", "base64"]).default("utf8"),
};

function base64Valid(input: { content: string; encoding: "utf8" | "base64" }): boolean {
  return input.encoding !== "base64" || BASE64.test(input.content);
}
const base64Message = { message: "The content is not valid base64.", path: ["content"] };

export const ZListInput = z.object({
  path: ZPath.default(""),
  cursor: z.string().max(8192).nullish(),
  limit: z.number().int().min(1).max(FILE_LIMITS.listMaxLimit).optional(),
});

export const ZPathInput = z.object({ path: ZPath });

export const ZReadInput = z.object({
  path: ZRequiredPath,
  encoding: z.enum(["auto", "utf8", "base64"]).default("auto"),
});

export const ZWriteInput = z
  .object({
    path: ZRequiredPath,
    ...ZEncodedContent,
    ifMatch: z.string().min(1).max(200).optional(),
    overwrite: z.boolean().default(true),
    createParents: z.boolean().default(true),
  })
  .refine(base64Valid, base64Message);

export const ZAppendInput = z
  .object({
    path: ZRequiredPath,
    ...ZEncodedContent,
    createParents: z.boolean().default(true),
  })
  .refine(base64Valid, base64Message);

export const ZMkdirInput = z.object({ path: ZRequiredPath });

export const ZCopyMoveInput = z.object({
  from: ZRequiredPath,
  to: ZRequiredPath,
  overwrite: z.boolean().default(false),
});

export const ZDeleteInput = z.object({
  path: ZRequiredPath,
  recursive: z.boolean().default(false),
});

const ZGlobs = z.array(z.string().min(1).max(FILE_LIMITS.grepMaxGlobChars)).max(FILE_LIMITS.grepMaxGlobs).default([]);

export const ZGrepInput = z.object({
  query: z.string().min(1, "Type something to search for.").max(FILE_LIMITS.grepMaxQueryChars),
  regex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  wholeWord: z.boolean().default(false),
  path: ZPath.default(""),
  include: ZGlobs,
  exclude: ZGlobs,
  maxResults: z.number().int().min(1).max(FILE_LIMITS.grepMaxResults).optional(),
  maxFileBytes: z.number().int().min(1).max(FILE_LIMITS.grepMaxFileBytes).optional(),
  maxTotalBytes: z.number().int().min(1).max(FILE_LIMITS.grepMaxTotalBytes).optional(),
  timeoutMs: z.number().int().min(100).max(FILE_LIMITS.grepMaxTimeoutMs).optional(),
});

export const ZFindInput = z.object({
  path: ZPath.default(""),
  exclude: ZGlobs,
  maxFiles: z.number().int().min(1).max(100_000).optional(),
});

const ZReplaceQuery = {
  query: z.string().min(1, "Type something to search for.").max(FILE_LIMITS.grepMaxQueryChars),
  replacement: z.string().max(FILE_LIMITS.grepMaxQueryChars, `The replacement is at most ${FILE_LIMITS.grepMaxQueryChars} characters.`),
  regex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  wholeWord: z.boolean().default(false),
};

// Bounds here keep a request small; the service's REPLACE_LIMITS give the typed LIMIT_EXCEEDED.
const REPLACE_MAX_FILES_IN_REQUEST = 1000;
const ZVersion = z.string().min(1).max(200);

export const ZReplacePreviewInput = z.object({ ...ZReplaceQuery, path: ZPath.default(""), include: ZGlobs, exclude: ZGlobs });

export const ZReplaceApplyInput = z.object({
  ...ZReplaceQuery,
  files: z.array(z.object({ path: ZRequiredPath, version: ZVersion })).min(1, "Tick at least one file to replace in.").max(REPLACE_MAX_FILES_IN_REQUEST),
});

export const ZReplaceUndoInput = z.object({
  files: z.array(z.object({ path: ZRequiredPath, version: ZVersion, content: ZContent })).min(1).max(REPLACE_MAX_FILES_IN_REQUEST),
});
