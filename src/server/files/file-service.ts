// The file service: THE only code that touches workspace files. Every function takes
// `(ctx, access, input)` and sends each path through the path guard. One module per concern:
// list.ts (list/stat/exists), read.ts, write.ts (write/append/mkdir), copy.ts (copy/move),
// remove.ts, grep.ts, replace.ts, upload.ts and download.ts (HTTP streaming). Each export here is timed into
// `atrium_file_operation_duration_seconds` (op, outcome): callers use this module, not the parts.
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { metrics, timed } from "~/server/observability/metrics";
import { existsShared, listShared, readShared, sharedTargetOf, statShared } from "~/server/shared-folders/files";
import { copyPath as copy, movePath as move } from "./copy";
import { downloadPath as download } from "./download";
import { findFiles as find } from "./find";
import { grep as grepAll } from "./grep";
import { listDirectory as list, type ListInput, pathExists as exists, statPath as stat } from "./list";
import { readFile as read, type ReadInput } from "./read";
import { deletePath as remove } from "./remove";
import { applyReplace as replaceApply, previewReplace as replacePreview, undoReplace as replaceUndo } from "./replace";
import { uploadFiles as upload } from "./upload";
import { appendFile as append, makeDirectoryAt as mkdir, writeFile as write } from "./write";

export type { WorkspaceAccess } from "~/server/auth/workspace-access";
export type { ExistsResult, FileEntry, ListInput, ListResult, StatResult } from "./list";
export type { ReadInput, ReadResult } from "./read";
export type { AppendInput, MkdirResult, WriteInput, WriteResult } from "./write";
export type { CopyMoveInput, CopyMoveResult } from "./copy";
export type { DeleteInput, DeleteResult } from "./remove";
export { grepStream, type GrepEvent, type GrepInput, type GrepResult, type GrepSummary } from "./grep";
export type { GrepMatch } from "./grep-match";
export type { UploadedFile, UploadResult } from "./upload";
export { REPLACE_LIMITS, type ReplaceApplyResult, type ReplacePreview, type ReplacePreviewFile, type ReplaceSkipped, type ReplaceUndoResult } from "./replace";

function observed<A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => timed(metrics().fileDuration, { op }, () => fn(...args));
}

// `shared/<name>/…` of an attached shared folder is served from that folder, read-only (shared-folders/files.ts).
export const listDirectory = observed("list", async (ctx: RequestContext, access: WorkspaceAccess, input: ListInput) => {
  const t = await sharedTargetOf(access.workspace.id, input.path);
  return t ? listShared(ctx, access, t, input) : list(ctx, access, input);
});
export const statPath = observed("stat", async (ctx: RequestContext, access: WorkspaceAccess, input: { path: string }) => {
  const t = await sharedTargetOf(access.workspace.id, input.path);
  return t ? statShared(ctx, access, t) : stat(ctx, access, input);
});
export const pathExists = observed("exists", async (ctx: RequestContext, access: WorkspaceAccess, input: { path: string }) => {
  const t = await sharedTargetOf(access.workspace.id, input.path);
  return t ? existsShared(t) : exists(ctx, access, input);
});
export const readFile = observed("read", async (ctx: RequestContext, access: WorkspaceAccess, input: ReadInput) => {
  const t = await sharedTargetOf(access.workspace.id, input.path);
  return t ? readShared(ctx, access, t, input.encoding) : read(ctx, access, input);
});
export const writeFile = observed("write", write);
export const appendFile = observed("append", append);
export const makeDirectoryAt = observed("mkdir", mkdir);
export const copyPath = observed("copy", copy);
export const movePath = observed("move", move);
export const deletePath = observed("delete", remove);
export const grep = observed("grep", grepAll);
export const uploadFiles = observed("upload", upload);
export const downloadPath = observed("download", download);
export const findFiles = observed("find", find);
export const previewReplace = observed("replace_preview", replacePreview);
export const applyReplace = observed("replace_apply", replaceApply);
export const undoReplace = observed("replace_undo", replaceUndo);
