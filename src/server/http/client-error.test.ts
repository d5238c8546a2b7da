// A real HTTP server on loopback with the clientError handler server.ts installs: requests Node's
// parser refuses (a 20,000-character query string or header) get a JSON error body, not Node's empty one.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerClientError } from "./client-error";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function errorOf(res: Response): Promise<{ code: string; message: string; reason?: string }> {
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return ((await res.json()) as { error: { code: string; message: string; reason?: string } }).error;
}

describe("answerClientError", () => {
  it("answers a 20,000-character query string with 431 and the JSON error body", async () => {
    const res = await fetch(`${base}/api/v1/workspaces?q=${"x".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(await errorOf(res)).toMatchObject({ code: "LIMIT_EXCEEDED", reason: "headers_too_large" });
  });

  it("answers a 20,000-character header the same way", async () => {
    const res = await fetch(`${base}/`, { headers: { "x-long": "y".repeat(20_000) } });
    expect(res.status).toBe(431);
    expect((await errorOf(res)).reason).toBe("headers_too_large");
  });

  it("answers a malformed request with 400 and the JSON error body", async () => {
    const { connect } = await import("node:net");
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: { code: "INVALID_INPUT", reason: "malformed_request" } });
  });

  it("still serves ordinary requests", async () => {
    expect(await (await fetch(`${base}/`)).text()).toBe("ok");
  });
});
