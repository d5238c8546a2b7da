// Pure ordering and pagination of directory entries. The cursor names the last entry of a page
// (not an offset), so a file created or deleted between two page loads neither repeats nor
// skips anything else.
import { AppError } from "~/server/errors";

export type EntryType = "file" | "directory" | "symlink" | "other";

export interface SortableEntry {
  name: string;
  type: EntryType;
}

const rank = (type: EntryType) => (type === "directory" ? 0 : 1);
const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** Directories first, then by name the way people read it (case-insensitive, numbers numeric), ties by code point. */
export function compareEntries(a: SortableEntry, b: SortableEntry): number {
  return rank(a.type) - rank(b.type) || collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export interface Cursor {
  directory: boolean;
  name: string;
}

export function encodeCursor(entry: SortableEntry): string {
  return Buffer.from(JSON.stringify([entry.type === "directory" ? 1 : 0, entry.name]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && (parsed[0] === 0 || parsed[0] === 1) && typeof parsed[1] === "string") {
      return { directory: parsed[0] === 1, name: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("INVALID_INPUT", { message: "This page cursor is not valid. Start the listing again without a cursor.", reason: "invalid_cursor" });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One page of `entries` after `cursor`; `entries` need not be sorted. */
export function paginate<T extends SortableEntry>(entries: T[], limit: number, cursor?: string | null): Page<T> {
  const sorted = [...entries].sort(compareEntries);
  let start = 0;
  if (cursor) {
    const after = decodeCursor(cursor);
    const key: SortableEntry = { name: after.name, type: after.directory ? "directory" : "file" };
    // First entry strictly after the cursor's key (binary search: the list can be large).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(sorted[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = sorted.slice(start, start + limit);
  const last = items[items.length - 1];
  const more = start + limit < sorted.length;
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}
