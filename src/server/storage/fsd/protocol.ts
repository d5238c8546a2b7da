// The confined file helper's wire format (see atrium-fsd.c, which this mirrors): frames of
// u32 len | u8 op-or-status | u32 id | payload, big-endian, strings as u32 length + bytes.
// Pure encoding and decoding, so it is unit-tested without a process.

export const FSD_PROTOCOL_VERSION = 1;
export const FSD_MAX_FRAME = 1024 * 1024;

export const FsdOp = {
  PING: 1,
  STAT: 2,
  LIST: 3,
  WALK: 4,
  OPEN: 5,
  CLOSE: 6,
  MKDIR: 7,
  RENAME: 8,
  UNLINK: 9,
  RMDIR: 10,
  RMTREE: 11,
  SYMLINK: 12,
  READLINK: 13,
  CHMOD: 14,
  FSYNC: 15,
} as const;
export type FsdOpCode = (typeof FsdOp)[keyof typeof FsdOp];

export const OpenFlag = { read: 1, write: 2, create: 4, exclusive: 8, append: 16, directory: 32, truncate: 64 } as const;
export const WalkFlag = { skipTemp: 1 } as const;
export const RenameFlag = { noReplace: 1, exchange: 2 } as const;

export type FsdEntryType = "file" | "directory" | "symlink" | "other";

/** An lstat of a workspace entry as the helper saw it (a final symlink is never followed). */
export interface FsdStat {
  type: FsdEntryType;
  /** Permission bits (& 0o7777). */
  mode: number;
  size: number;
  mtimeMs: number;
  nlink: number;
  ino: bigint;
  dev: bigint;
  uid: number;
  gid: number;
}

const TYPES: readonly FsdEntryType[] = ["file", "directory", "symlink", "other"];

/** Argument values of one request, in wire order. */
export type FsdArg = { str: string } | { u32: number };

export function encodeRequest(op: FsdOpCode, id: number, args: readonly FsdArg[]): Buffer {
  const parts = args.map((a) => ("str" in a ? Buffer.from(a.str, "utf8") : null));
  let size = 9;
  args.forEach((a, i) => (size += "str" in a ? 4 + parts[i]!.length : 4));
  if (size - 4 > FSD_MAX_FRAME) throw new RangeError("request too large for the file helper");
  const buf = Buffer.alloc(size);
  buf.writeUInt32BE(size - 4, 0);
  buf.writeUInt8(op, 4);
  buf.writeUInt32BE(id >>> 0, 5);
  let at = 9;
  args.forEach((a, i) => {
    if ("str" in a) {
      const bytes = parts[i]!;
      buf.writeUInt32BE(bytes.length, at);
      bytes.copy(buf, at + 4);
      at += 4 + bytes.length;
    } else {
      buf.writeUInt32BE(a.u32 >>> 0, at);
      at += 4;
    }
  });
  return buf;
}

/** Reads a response payload field by field; throws on truncation (a helper bug, never user input). */
export class PayloadReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.at++);
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.at);
    this.at += 8;
    return v;
  }
  str(): string {
    const len = this.u32();
    this.need(len);
    const s = this.buf.toString("utf8", this.at, this.at + len);
    this.at += len;
    return s;
  }
  stat(): FsdStat {
    const type = TYPES[this.u8() - 1] ?? "other";
    return {
      type,
      mode: this.u32(),
      size: Number(this.u64()),
      mtimeMs: Number(BigInt.asIntN(64, this.u64())),
      nlink: this.u32(),
      ino: this.u64(),
      dev: this.u64(),
      uid: this.u32(),
      gid: this.u32(),
    };
  }
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new RangeError("truncated response from the file helper");
  }
}

export interface FsdFrame {
  status: number;
  id: number;
  payload: Buffer;
}

/** Splits a byte stream into frames; keeps a partial frame for the next chunk. */
export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): FsdFrame[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: FsdFrame[] = [];
    for (;;) {
      if (this.pendingBytes < 4) break;
      if (this.pending[0]!.length < 4) this.flatten();
      const len = this.pending[0]!.readUInt32BE(0);
      if (len < 5) throw new RangeError(`bad frame length ${len} from the file helper`);
      // A big answer (a walk of a large tree) arrives in many chunks: join them once, when complete.
      if (this.pendingBytes < 4 + len) break;
      if (this.pending[0]!.length < 4 + len) this.flatten();
      const buf = this.pending[0]!;
      frames.push({ status: buf.readUInt8(4), id: buf.readUInt32BE(5), payload: buf.subarray(9, 4 + len) });
      const rest = buf.subarray(4 + len);
      this.pendingBytes -= 4 + len;
      if (rest.length > 0) this.pending[0] = rest;
      else this.pending.shift();
    }
    return frames;
  }

  private flatten(): void {
    this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
  }
}
