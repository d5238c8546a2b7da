import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer";

const text = (ring: RingBuffer) => ring.snapshot().toString("utf8");

describe("RingBuffer", () => {
  it("holds everything while under capacity", () => {
    const ring = new RingBuffer(16);
    expect(ring.snapshot().length).toBe(0);
    ring.write(Buffer.from("hello "));
    ring.write(Buffer.from("world"));
    expect(text(ring)).toBe("hello world");
    expect(ring.size).toBe(11);
    expect(ring.totalWritten).toBe(11);
  });

  it("keeps the last `capacity` bytes across wrap-arounds", () => {
    const ring = new RingBuffer(8);
    ring.write(Buffer.from("abcdef"));
    ring.write(Buffer.from("ghij"));
    expect(text(ring)).toBe("cdefghij");
    ring.write(Buffer.from("k"));
    expect(text(ring)).toBe("defghijk");
    expect(ring.size).toBe(8);
    expect(ring.totalWritten).toBe(11);
  });

  it("keeps only the tail of a chunk larger than the ring", () => {
    const ring = new RingBuffer(4);
    ring.write(Buffer.from("xy"));
    ring.write(Buffer.from("0123456789"));
    expect(text(ring)).toBe("6789");
  });

  it("matches a naive model over many random writes", () => {
    const capacity = 37;
    const ring = new RingBuffer(capacity);
    let all = Buffer.alloc(0);
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const chunk = Buffer.alloc(seed % 90, String.fromCharCode(97 + (i % 26)));
      ring.write(chunk);
      all = Buffer.concat([all, chunk]);
      expect(ring.snapshot().equals(all.subarray(Math.max(0, all.length - capacity)))).toBe(true);
    }
  });

  it("returns a copy, not a view that later writes change", () => {
    const ring = new RingBuffer(4);
    ring.write(Buffer.from("ab"));
    const snap = ring.snapshot();
    ring.write(Buffer.from("cdef"));
    expect(snap.toString()).toBe("ab");
  });

  it("drops a partial UTF-8 sequence at the start once bytes were overwritten", () => {
    const ring = new RingBuffer(4);
    ring.write(Buffer.from("aé€")); // 1 + 2 + 3 bytes: "a" and the first byte of "é" fall out
    expect(text(ring)).toBe("€");
    ring.clear();
    expect(ring.size).toBe(0);
  });

  it("rejects a non-positive capacity", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
