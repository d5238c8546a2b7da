// Uploads as pure data: files picked or dropped (with their folder-relative paths) are split into
// requests the server accepts, and one request's byte progress is shared out to its files in
// order, so every file gets its own progress bar although several travel in one request.

export interface PickedFile<F = unknown> {
  /** Relative to the folder uploaded into, `/`-separated: "photos/2024/a.png". */
  relativePath: string;
  size: number;
  file: F;
}

export interface UploadBatch<F = unknown> {
  files: PickedFile<F>[];
  bytes: number;
}

export interface BatchLimits {
  maxFiles: number;
  maxBytes: number;
}

/** The server takes at most 1,000 files and 2 GiB per request; smaller batches report failures sooner. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxFiles: 100, maxBytes: 64 * 1024 * 1024 };

/** Groups files into requests: in order, each under both limits (a single file larger than `maxBytes` travels alone). */
export function planBatches<T extends { size: number }>(files: readonly T[], limits: BatchLimits = DEFAULT_BATCH_LIMITS): { files: T[]; bytes: number }[] {
  const batches: { files: T[]; bytes: number }[] = [];
  let current: { files: T[]; bytes: number } = { files: [], bytes: 0 };
  for (const f of files) {
    const full = current.files.length >= limits.maxFiles || (current.files.length > 0 && current.bytes + f.size > limits.maxBytes);
    if (full) {
      batches.push(current);
      current = { files: [], bytes: 0 };
    }
    current.files.push(f);
    current.bytes += f.size;
  }
  if (current.files.length > 0) batches.push(current);
  return batches;
}

/**
 * Bytes sent of each file, given how far the request is (`loaded` of `total`, which includes the
 * multipart framing): the request's share is mapped onto the files' sizes, first file first.
 */
export function shareProgress(sizes: readonly number[], loaded: number, total: number): number[] {
  const payload = sizes.reduce((a, b) => a + b, 0);
  let remaining = total > 0 ? Math.min(1, Math.max(0, loaded / total)) * payload : 0;
  return sizes.map((size) => {
    const part = Math.min(size, remaining);
    remaining -= part;
    return part;
  });
}

/** Strips leading slashes and `./`, and turns Windows separators into `/`. */
export function normalizeRelative(path: string): string {
  return path
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

export type UploadStatus = "queued" | "uploading" | "done" | "failed";

export interface UploadItem {
  id: string;
  /** Workspace-relative target path. */
  path: string;
  size: number;
  loaded: number;
  status: UploadStatus;
  error?: string;
}

export type UploadAction =
  | { type: "add"; items: Omit<UploadItem, "loaded" | "status">[] }
  | { type: "progress"; ids: readonly string[]; loaded: readonly number[] }
  | { type: "started"; ids: readonly string[] }
  | { type: "done"; ids: readonly string[] }
  | { type: "failed"; ids: readonly string[]; error: string }
  | { type: "clearFinished" };

export function uploadReducer(items: readonly UploadItem[], action: UploadAction): UploadItem[] {
  const update = (ids: readonly string[], change: (item: UploadItem, index: number) => UploadItem) => {
    const where = new Map(ids.map((id, i) => [id, i]));
    return items.map((item) => {
      const i = where.get(item.id);
      return i === undefined ? item : change(item, i);
    });
  };
  switch (action.type) {
    case "add":
      return [...items, ...action.items.map((i) => ({ ...i, loaded: 0, status: "queued" as const }))];
    case "started":
      return update(action.ids, (item) => ({ ...item, status: "uploading" }));
    case "progress":
      return update(action.ids, (item, i) => ({ ...item, loaded: Math.max(item.loaded, action.loaded[i] ?? 0) }));
    case "done":
      return update(action.ids, (item) => ({ ...item, status: "done", loaded: item.size }));
    case "failed":
      return update(action.ids, (item) => ({ ...item, status: "failed", error: action.error }));
    case "clearFinished":
      return items.filter((i) => i.status === "queued" || i.status === "uploading");
  }
}

/** One line for the uploads header: "3 of 5 files uploaded", "1 failed". */
export function uploadSummary(items: readonly UploadItem[]): string {
  const done = items.filter((i) => i.status === "done").length;
  const failed = items.filter((i) => i.status === "failed").length;
  const base = `${done} of ${items.length} ${items.length === 1 ? "file" : "files"} uploaded`;
  return failed > 0 ? `${base}, ${failed} failed` : base;
}
