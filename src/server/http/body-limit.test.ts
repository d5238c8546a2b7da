import { describe, expect, it } from "vitest";
import { isAppError } from "~/server/errors";
import { limitBody } from "./body-limit";

const url = "http://atrium.test/api/v1/x";

function stream(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("limitBody", () => {
  it("passes a body under the limit through unchanged", async () => {
    const req = await limitBody(new Request(url, { method: "PUT", headers: { "content-type": "application/json", "x-k": "v" }, body: '{"a":1}' }), 100);
    expect(await req.text()).toBe('{"a":1}');
    expect(req.headers.get("x-k")).toBe("v");
    expect(req.method).toBe("PUT");
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const req = new Request(url, { method: "POST", headers: { "content-length": "101" }, body: stream(1, 101), duplex: "half" } as RequestInit);
    const e = await refusal(limitBody(req, 100));
    expect(isAppError(e) && e.code === "PAYLOAD_TOO_LARGE" && e.httpStatus === 413).toBe(true);
  });

  it("stops reading a streamed body without a length as soon as it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const e = await refusal(limitBody(new Request(url, { method: "POST", body: endless, duplex: "half" } as RequestInit), 10 * 1024));
    expect(isAppError(e) && e.reason === "body_too_large").toBe(true);
    expect(pulled).toBeLessThan(20);
  });

  it("leaves requests without a body alone", async () => {
    const req = new Request(url);
    expect(await limitBody(req, 1)).toBe(req);
  });
});
