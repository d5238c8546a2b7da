// A cap on JSON request bodies for /api/trpc and /api/v1. Both adapters read the whole body into
// one string before parsing (trpc-to-openapi with `req.text()`), so without a cap one request of a
// few hundred MiB grows the server by gigabytes before any validation runs. Big files go through
// the streaming upload route instead, which has its own limits.
import { AppError } from "~/server/errors";
import { formatBytes } from "~/lib/format";

/** Larger than any valid JSON call: a 10 MiB write in base64 plus room for batching. */
export const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

function tooLarge(max: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `The request body is larger than ${formatBytes(max)}. Send less at once, or upload big files with POST …/files/upload.`,
    reason: "body_too_large",
  });
}

/**
 * Returns `req` unchanged when it has no body, else an equivalent request whose body was read up
 * to `max` bytes; throws PAYLOAD_TOO_LARGE as soon as the declared or the actual size passes it.
 */
export async function limitBody(req: Request, max = MAX_JSON_BODY_BYTES): Promise<Request> {
  if (!req.body) return req;
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await req.body.cancel().catch(() => undefined);
    throw tooLarge(max);
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks), signal: req.signal });
}
