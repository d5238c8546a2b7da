// What the HTTP server answers when Node's parser refuses a request before any route runs (headers
// or query string past --max-http-header-size, a malformed request line). Node's own answer is a
// bare status with an empty body; this one carries the same JSON error body as every other error.
import type { Duplex } from "node:stream";
import { AppError } from "~/server/errors";

interface ParserError extends Error {
  code?: string;
}

function answerFor(error: ParserError): { status: number; text: string; error: AppError } {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        text: "Request Header Fields Too Large",
        error: new AppError("LIMIT_EXCEEDED", {
          message: "The request line and headers are larger than the server accepts (16 KiB by default). Send long values in a JSON body, not in the query string or headers.",
          reason: "headers_too_large",
        }),
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, text: "Request Timeout", error: new AppError("INVALID_INPUT", { message: "The request was not received in time. Try again.", reason: "request_timeout" }) };
    default:
      return { status: 400, text: "Bad Request", error: new AppError("INVALID_INPUT", { message: "The request is not valid HTTP.", reason: "malformed_request" }) };
  }
}

/** `server.on("clientError", answerClientError)`: a JSON answer, then the connection closes. */
export function answerClientError(error: ParserError, socket: Duplex): void {
  // A reset peer or a socket already answered (e.g. a parse error mid-keep-alive) gets nothing.
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, text, error: appError } = answerFor(error);
  const body = JSON.stringify({ error: appError.toJSON() });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Cache-Control: no-store\r\n" +
      "Connection: close\r\n\r\n" +
      body,
  );
}
