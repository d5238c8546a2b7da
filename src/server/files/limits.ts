// Size, count and time limits of the file service in one place, so the API docs, the error
// messages and the tests agree. Each is a ceiling the server enforces whatever the caller asks.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const FILE_LIMITS = {
  /** Text reads go into a JSON response and an editor buffer; bigger files should be downloaded. */
  readTextMaxBytes: 5 * MiB,
  /** Base64 grows a third, so binary reads stop earlier in decoded bytes than the JSON they become. */
  readBinaryMaxBytes: 10 * MiB,
  /** Decoded bytes one `files.write`/`files.append` call may carry; uploads take larger files. */
  writeMaxBytes: 10 * MiB,
  /** Above this a version is derived from metadata instead of hashing the whole file on every stat. */
  versionHashMaxBytes: 64 * MiB,

  listDefaultLimit: 500,
  listMaxLimit: 5_000,
  /** A directory is sorted in memory to paginate it; past this many names the listing says it is incomplete. */
  listMaxScan: 200_000,

  /** Recursive copy/move/delete walk the tree first (locked files, quota); past this, use a terminal. */
  treeMaxEntries: 100_000,

  grepDefaultMaxResults: 500,
  grepMaxResults: 10_000,
  grepDefaultMaxFileBytes: 1 * MiB,
  grepMaxFileBytes: 20 * MiB,
  grepDefaultMaxTotalBytes: 100 * MiB,
  grepMaxTotalBytes: 1 * GiB,
  grepDefaultTimeoutMs: 10_000,
  grepMaxTimeoutMs: 30_000,
  grepMaxFiles: 100_000,
  /** Only this much of a line is searched: bounds regex backtracking and minified-file cost. */
  grepMaxLineChars: 10_000,
  /** Characters of context returned around a match on long lines. */
  grepPreviewChars: 400,
  grepMaxQueryChars: 1_000,
  grepMaxGlobs: 50,
  grepMaxGlobChars: 500,

  uploadMaxFileBytes: 512 * MiB,
  uploadMaxTotalBytes: 2 * GiB,
  uploadMaxFiles: 1_000,
} as const;

export interface UploadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: FILE_LIMITS.uploadMaxFileBytes,
  maxTotalBytes: FILE_LIMITS.uploadMaxTotalBytes,
  maxFiles: FILE_LIMITS.uploadMaxFiles,
};

