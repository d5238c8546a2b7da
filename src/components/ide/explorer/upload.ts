// The browser side of uploads: files from a drop (folders walked through webkitGetAsEntry, keeping
// their relative paths) or from the file pickers, and one multipart request per batch through
// XMLHttpRequest, whose upload progress events drive the per-file progress bars.
import { normalizeRelative, type PickedFile, type UploadBatch } from "./upload-queue";

/**
 * The dropped entries. Must run inside the drop event itself: the browser empties the
 * DataTransfer as soon as the handler returns.
 */
export function droppedEntries(dt: DataTransfer): { entries: FileSystemEntry[]; files: File[] } {
  const entries: FileSystemEntry[] = [];
  const files: File[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== "file") continue;
    const entry = typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) files.push(file);
    }
  }
  return { entries, files };
}

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** A folder reader returns its entries in chunks (about 100 in Chromium) until an empty one. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) return all;
    all.push(...chunk);
  }
}

/** Every file under the dropped entries, with paths relative to the drop (a dropped folder keeps its name). */
export async function walkEntries(entries: readonly FileSystemEntry[], loose: readonly File[] = []): Promise<PickedFile<File>[]> {
  const out: PickedFile<File>[] = loose.map((file) => ({ relativePath: file.name, size: file.size, file }));
  const visit = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await fileOf(entry as FileSystemFileEntry);
      out.push({ relativePath: normalizeRelative(relative), size: file.size, file });
    } else if (entry.isDirectory) {
      for (const child of await readAll(entry as FileSystemDirectoryEntry)) await visit(child, relative);
    }
  };
  for (const entry of entries) await visit(entry, "");
  return out;
}

/** Files from an <input type=file> (with `webkitdirectory`, each keeps its folder path). */
export function pickedFiles(list: FileList | null): PickedFile<File>[] {
  return Array.from(list ?? []).map((file) => ({ relativePath: normalizeRelative(file.webkitRelativePath || file.name), size: file.size, file }));
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** Sends one batch; `onProgress(loaded, total)` follows the request body. Rejects with the server's message. */
export function sendBatch(url: string, batch: UploadBatch<File>, onProgress: (loaded: number, total: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    // The server takes the part's file name as the path below `dir` (folders are created).
    for (const f of batch.files) form.append("files", f.file, f.relativePath);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve();
        return;
      }
      let message = `The upload failed (HTTP ${xhr.status}). Try again.`;
      let reason: string | undefined;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: { message?: string; reason?: string } };
        if (body.error?.message) message = body.error.message;
        reason = body.error?.reason;
      } catch {
        // not JSON: keep the generic message
      }
      reject(new UploadError(message, reason));
    };
    xhr.onerror = () => reject(new UploadError("The upload was interrupted: Atrium could not be reached. Check your connection and try again."));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled."));
    xhr.send(form);
  });
}
