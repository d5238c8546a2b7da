// A fixed-size byte ring that always holds the LAST `capacity` bytes written: a terminal's
// scrollback for clients that (re)attach. Memory is allocated once; writes never grow it.

export class RingBuffer {
  private readonly buf: Buffer;
  /** Index where the next byte goes. */
  private head = 0;
  private filled = 0;
  private written = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError("RingBuffer capacity must be a positive integer");
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes currently held (≤ capacity). */
  get size(): number {
    return this.filled;
  }

  /** Bytes ever written, including those overwritten since. */
  get totalWritten(): number {
    return this.written;
  }

  write(chunk: Uint8Array): void {
    this.written += chunk.length;
    // Only the tail of a chunk larger than the ring can survive.
    const data = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    const first = Math.min(data.length, this.capacity - this.head);
    this.buf.set(data.subarray(0, first), this.head);
    if (first < data.length) this.buf.set(data.subarray(first), 0);
    this.head = (this.head + data.length) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + data.length);
  }

  /**
   * A copy of the held bytes, oldest first. Once bytes have been overwritten, a leading partial
   * UTF-8 sequence is dropped so the text a terminal replays does not start with a broken glyph.
   */
  snapshot(): Buffer {
    let out: Buffer;
    if (this.filled < this.capacity) out = Buffer.from(this.buf.subarray(this.head - this.filled, this.head));
    else out = Buffer.concat([this.buf.subarray(this.head), this.buf.subarray(0, this.head)], this.capacity);
    if (this.written > this.filled) {
      let skip = 0;
      while (skip < 3 && skip < out.length && (out[skip]! & 0xc0) === 0x80) skip++;
      if (skip > 0) out = out.subarray(skip);
    }
    return out;
  }

  clear(): void {
    this.head = 0;
    this.filled = 0;
  }
}
