import { describe, expect, it } from "vitest";
import { CappedBuffer, DockerDemuxer } from "./output";

function frame(type: number, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe("CappedBuffer", () => {
  it("keeps bytes up to the cap and counts the rest", () => {
    const b = new CappedBuffer(5);
    b.push(Buffer.from("abc"));
    b.push(Buffer.from("defgh"));
    b.push(Buffer.from("ij"));
    expect(b.text()).toBe("abcde");
    expect(b.total).toBe(10);
    expect(b.truncated).toBe(true);
  });

  it("is not truncated at exactly the cap", () => {
    const b = new CappedBuffer(3);
    b.push(Buffer.from("abc"));
    expect(b.truncated).toBe(false);
  });
});

describe("DockerDemuxer", () => {
  it("splits frames that arrive in arbitrary pieces", () => {
    const out: string[] = [];
    const d = new DockerDemuxer((stream, data) => out.push(`${stream}:${data.toString()}`));
    const all = Buffer.concat([frame(1, "hello "), frame(2, "oops"), frame(1, "world")]);
    for (let i = 0; i < all.length; i += 3) d.write(all.subarray(i, i + 3));
    expect(out).toEqual(["stdout:hello ", "stderr:oops", "stdout:world"]);
  });
});
