// The bounded, durable view of a task's output: the last TAIL_BYTES of each stream (bytes, not
// characters) plus the total byte count. Kept as raw bytes while the task runs; `text()` turns the
// window into something PostgreSQL's `text` accepts (valid UTF-8, no NUL) without growing past the cap.
export const TAIL_BYTES = 1024 * 1024;

export class OutputTail {
  private chunks: Buffer[] = [];
  private held = 0;
  /** Every byte the stream produced, including those that fell out of the window. */
  total = 0;
  /** Set on every append; the flusher clears it once the row has the new tail. */
  dirty = false;

  constructor(private readonly cap: number = TAIL_BYTES) {}

  append(data: Buffer): void {
    if (data.length === 0) return;
    this.total += data.length;
    this.dirty = true;
    const kept = data.length > this.cap ? data.subarray(data.length - this.cap) : data;
    this.chunks.push(kept);
    this.held += kept.length;
    // Drop whole chunks from the front, then trim the first one, so memory stays ≤ cap + one chunk.
    while (this.held - this.chunks[0]!.length >= this.cap) this.held -= this.chunks.shift()!.length;
    if (this.held > this.cap) {
      const first = this.chunks[0]!;
      this.chunks[0] = first.subarray(this.held - this.cap);
      this.held = this.cap;
    }
  }

  bytes(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.held)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  text(): string {
    return tailText(this.bytes(), this.cap);
  }
}

/**
 * Decodes the window as UTF-8: a character cut in half at the front is skipped, invalid bytes become
 * U+FFFD and NUL becomes U+2400 (PostgreSQL text cannot hold NUL). Replacement characters are longer
 * than the bytes they replace, so the result is trimmed from the front until it fits `cap` bytes.
 */
export function tailText(bytes: Buffer, cap: number = TAIL_BYTES): string {
  let start = 0;
  // A window that starts inside a multi-byte character begins with continuation bytes (10xxxxxx).
  while (start < bytes.length && start < 3 && (bytes[start]! & 0xc0) === 0x80) start++;
  let text = bytes.subarray(start).toString("utf8").replaceAll("\0", "\u2400");
  let size = Buffer.byteLength(text, "utf8");
  if (size <= cap) return text;
  const encoded = Buffer.from(text, "utf8");
  let cut = size - cap;
  while (cut < encoded.length && (encoded[cut]! & 0xc0) === 0x80) cut++;
  text = encoded.subarray(cut).toString("utf8");
  size = Buffer.byteLength(text, "utf8");
  return text;
}
