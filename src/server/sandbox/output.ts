// Output handling shared by the drivers: a per-stream byte cap that keeps draining past the cap
// (a stalled reader would block the process on a full pipe), and Docker's multiplexed stream format.

/** Collects up to `cap` bytes and counts the rest without keeping them. */
export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly cap: number) {}

  push(data: Buffer): void {
    this.total += data.length;
    const room = this.cap - this.kept;
    if (room <= 0) return;
    const part = data.length <= room ? data : data.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.total > this.cap;
  }

  /** UTF-8 text; a multi-byte character cut by the cap becomes U+FFFD. */
  text(): string {
    return Buffer.concat(this.chunks, this.kept).toString("utf8");
  }
}

/**
 * Splits Docker's multiplexed attach stream (non-TTY): frames of an 8-byte header
 * `[stream, 0, 0, 0, size(4, big-endian)]` and `size` bytes. Stream 1 is stdout, 2 stderr.
 */
export class DockerDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: "stdout" | "stderr", data: Buffer) => void) {}

  write(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let offset = 0;
    while (this.pending.length - offset >= 8) {
      const type = this.pending[offset]!;
      const size = this.pending.readUInt32BE(offset + 4);
      if (this.pending.length - offset - 8 < size) break;
      const data = this.pending.subarray(offset + 8, offset + 8 + size);
      // 0 is stdin echo (never requested); treat anything unknown as stdout rather than lose it.
      this.onFrame(type === 2 ? "stderr" : "stdout", data);
      offset += 8 + size;
    }
    this.pending = offset === this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(offset));
  }
}
