// The file service: THE only code that touches workspace files. Every function takes
// `(ctx, access, input)` and sends each path through the path guard. One module per concern:
// list.ts (list/stat/exists), read.ts, write.ts (write/append/mkdir), copy.ts (copy/move),
// remove.ts, grep.ts, upload.ts and download.ts (HTTP streaming).
export type { WorkspaceAccess } from "~/server/auth/workspace-access";
export { listDirectory, pathExists, statPath, type ExistsResult, type FileEntry, type ListInput, type ListResult, type StatResult } from "./list";
export { readFile, type ReadInput, type ReadResult } from "./read";
export { appendFile, makeDirectoryAt, writeFile, type AppendInput, type MkdirResult, type WriteInput, type WriteResult } from "./write";
export { copyPath, movePath, type CopyMoveInput, type CopyMoveResult } from "./copy";
export { deletePath, type DeleteInput, type DeleteResult } from "./remove";
export { grep, grepStream, type GrepEvent, type GrepInput, type GrepResult, type GrepSummary } from "./grep";
export type { GrepMatch } from "./grep-match";
export { uploadFiles, type UploadedFile, type UploadResult } from "./upload";
export { downloadPath } from "./download";
export { findFiles, type FindInput, type FindResult } from "./find";
