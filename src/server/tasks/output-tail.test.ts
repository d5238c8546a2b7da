import { describe, expect, it } from "vitest";
import { OutputTail, tailText } from "./output-tail";

describe("OutputTail", () => {
  it("keeps the last cap bytes across chunk boundaries and counts every byte", () => {
    const tail = new OutputTail(10);
    tail.append(Buffer.from("abcdef"));
    tail.append(Buffer.from("ghijkl"));
    expect(tail.bytes().toString()).toBe("cdefghijkl");
    tail.append(Buffer.from("0123456789XYZ"));
    expect(tail.bytes().toString()).toBe("3456789XYZ");
    expect(tail.total).toBe(25);
    expect(tail.dirty).toBe(true);
  });

  it("holds at most cap bytes under many small appends", () => {
    const tail = new OutputTail(1024);
    for (let i = 0; i < 5000; i++) tail.append(Buffer.from(`line ${i}\n`));
    const text = tail.text();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
    expect(text.endsWith("line 4999\n")).toBe(true);
  });
});

describe("tailText", () => {
  it("skips a character cut at the front instead of printing garbage", () => {
    const bytes = Buffer.from("ééé", "utf8").subarray(1);
    expect(tailText(bytes)).toBe("éé");
  });

  it("replaces NUL, which PostgreSQL text cannot store", () => {
    expect(tailText(Buffer.from([0x61, 0x00, 0x62]))).toBe("a\u2400b");
  });

  it("stays within the cap when invalid bytes expand to replacement characters", () => {
    const text = tailText(Buffer.alloc(100, 0xff), 100);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(100);
    expect(text.length).toBeGreaterThan(0);
  });
});
