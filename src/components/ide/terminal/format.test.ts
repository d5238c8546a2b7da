import { describe, expect, it } from "vitest";
import { base64ToBytes, chunkInput } from "./format";

describe("chunkInput", () => {
  it("cuts long pastes without losing or splitting characters", () => {
    expect(chunkInput("short")).toEqual(["short"]);
    const text = "ab😀".repeat(10);
    const pieces = chunkInput(text, 5);
    expect(pieces.join("")).toBe(text);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(5);
      expect(/^[\uDC00-\uDFFF]/.test(p)).toBe(false);
    }
  });
});

describe("base64ToBytes", () => {
  it("decodes scrollback bytes exactly", () => {
    const bytes = new Uint8Array([0, 27, 91, 255, 104, 105]);
    expect(base64ToBytes(Buffer.from(bytes).toString("base64"))).toEqual(bytes);
  });
});
