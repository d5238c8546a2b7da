// The one error path's classification table: every kind of thrown value, through every door,
// gives the same status, code, message, reason and Retry-After; unknown errors never show their
// own message and leave exactly one log line with the stack.
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { errorBodyOf as mcpBody } from "~/server/agent/mcp/results";
import { restError } from "~/server/agent/rest/errors";
import { toTRPCError } from "~/server/api/trpc";
import { captureLogs } from "~/server/observability/logger";
import { errorBody as socketBody } from "~/server/realtime/terminal-registry";
import { AppError, type AppErrorBody, ERROR_DOORS, type ErrorDoor, errorResponse, GENERIC_MESSAGE, toErrorBody } from "./errors";

vi.mock("~/env", () => ({ env: () => ({ NODE_ENV: "test", ATRIUM_LOG_LEVEL: "info" }) }));

const SECRET = "password=hunter2 at /var/lib/atrium/secret";

function zodFailure(): z.ZodError {
  const parsed = z.object({ path: z.string().min(1), depth: z.number() }).safeParse({ path: "", depth: "x" });
  if (parsed.success) throw new Error("expected a failure");
  return parsed.error;
}

const refused = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:5432 ${SECRET}`), { code: "ECONNREFUSED" });

/** [kind, thrown value, expected status, code, reason, Retry-After or null]. */
const TABLE: [string, () => unknown, number, AppErrorBody["code"], string | undefined, string | null][] = [
  ["AppError", () => new AppError("NOT_FOUND", { message: "No such file.", reason: "file_not_found" }), 404, "NOT_FOUND", "file_not_found", null],
  ["AppError, busy cap", () => new AppError("LIMIT_EXCEEDED", { message: "Too many sessions.", reason: "user_session_limit", busy: true }), 429, "LIMIT_EXCEEDED", "user_session_limit", null],
  ["AppError, rate limited", () => new AppError("RATE_LIMITED", { message: "Slow down.", reason: "api_key_rate_limited", retryAfterSeconds: 7 }), 429, "RATE_LIMITED", "api_key_rate_limited", "7"],
  ["AppError inside a tRPC error", () => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new AppError("PATH_DENIED", { message: "Blocked.", reason: "blocked_path" }) }), 403, "PATH_DENIED", "blocked_path", null],
  ["zod error", zodFailure, 400, "INVALID_INPUT", "invalid_input", null],
  ["zod error inside a tRPC error", () => new TRPCError({ code: "BAD_REQUEST", cause: zodFailure() }), 400, "INVALID_INPUT", "invalid_input", null],
  ["pg refused, wrapped by Prisma", () => new Error("Invalid `prisma.user.findUnique()` invocation", { cause: new Error("adapter", { cause: refused }) }), 503, "UNAVAILABLE", "database_unavailable", "5"],
  ["Prisma P1001", () => Object.assign(new Error(`Can't reach database server ${SECRET}`), { code: "P1001" }), 503, "UNAVAILABLE", "database_unavailable", "5"],
  ["adapter DatabaseNotReachable", () => Object.assign(new Error("x"), { meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }), 503, "UNAVAILABLE", "database_unavailable", "5"],
  ["PostgreSQL shutting down (57P01)", () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), 503, "UNAVAILABLE", "database_unavailable", "5"],
  ["INTERNAL AppError around an outage", () => new AppError("INTERNAL", { message: "Could not check your identity.", cause: refused }), 503, "UNAVAILABLE", "database_unavailable", "5"],
  ["outage inside a tRPC error", () => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: refused }), 503, "UNAVAILABLE", "database_unavailable", "5"],
  ["body not JSON (tRPC parse error)", () => new TRPCError({ code: "PARSE_ERROR", message: `Unexpected token ${SECRET}` }), 400, "INVALID_INPUT", "invalid_json", null],
  ["body not JSON (JSON.parse)", () => new SyntaxError(`Unexpected token } in JSON at position 3 ${SECRET}`), 400, "INVALID_INPUT", "invalid_json", null],
  ["wrong media type", () => new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE" }), 415, "INVALID_INPUT", "unsupported_media_type", null],
  ["body too large", () => new TRPCError({ code: "PAYLOAD_TOO_LARGE" }), 413, "PAYLOAD_TOO_LARGE", "body_too_large", null],
  ["aborted request", () => new DOMException(`The operation was aborted ${SECRET}`, "AbortError"), 409, "CONFLICT", "cancelled", null],
  ["unknown error", () => new Error(`boom: ${SECRET}`), 500, "INTERNAL", "internal", null],
  ["unknown non-Error value", () => `thrown string ${SECRET}`, 500, "INTERNAL", "internal", null],
  ["unknown error inside a tRPC error", () => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new TypeError(`x is undefined ${SECRET}`) }), 500, "INTERNAL", "internal", null],
];

/** What each door actually sends, reduced to status, body and Retry-After. */
async function throughDoor(door: ErrorDoor, error: unknown): Promise<{ status: number; body: AppErrorBody; retryAfter: string | null }> {
  switch (door) {
    case "trpc": {
      // The procedure middleware converts, then tRPC's HTTP layer picks the status from the code.
      const converted = toTRPCError(toErrorBody(error, "trpc").error);
      const body = toErrorBody(converted, "trpc").body;
      const cause = converted.cause as AppError;
      return { status: getHTTPStatusCodeFromError(converted), body, retryAfter: cause.retryAfterSeconds !== undefined ? String(cause.retryAfterSeconds) : null };
    }
    case "rest": {
      const r = restError(error);
      return { status: r.status, body: r.body.error, retryAfter: r.headers["retry-after"] ?? null };
    }
    case "http": {
      const res = errorResponse(error, "http");
      const json = (await res.json()) as { error: AppErrorBody };
      return { status: res.status, body: json.error, retryAfter: res.headers.get("retry-after") };
    }
    case "socket": {
      const body = socketBody(error, "test:event");
      return { status: toErrorBody(error, "socket").status, body, retryAfter: null };
    }
    case "mcp": {
      const body = mcpBody(error);
      return { status: toErrorBody(error, "mcp").status, body, retryAfter: null };
    }
  }
}

describe("toErrorBody: every error kind × every door", () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => {
    logs.stop();
  });
  const errorLines = () => logs.lines().filter((l) => l.level === "error");

  for (const [kind, make, status, code, reason, retryAfter] of TABLE) {
    describe(kind, () => {
      for (const door of ERROR_DOORS) {
        it(`${door}: ${status} ${code}${reason ? ` ${reason}` : ""}`, async () => {
          const seen = await throughDoor(door, make());
          expect(seen.status).toBe(status);
          expect(seen.body.code).toBe(code);
          expect(seen.body.reason).toBe(reason);
          expect(seen.body.message.length).toBeGreaterThan(5);
          // Nothing internal reaches a client: not the thrown message, not a stack.
          expect(JSON.stringify(seen.body)).not.toContain("hunter2");
          expect(JSON.stringify(seen.body)).not.toMatch(/at .*\.ts:\d+/);
          if (door === "rest" || door === "http" || (door === "trpc" && retryAfter)) expect(seen.retryAfter).toBe(retryAfter);
          if (code === "INTERNAL") expect(seen.body.message).toBe(GENERIC_MESSAGE);
          if (code === "UNAVAILABLE") expect(seen.body.message).toMatch(/database is not reachable.*Try again/);
        });
      }

      it("says the same thing on every door", async () => {
        const bodies = await Promise.all(ERROR_DOORS.map(async (door) => (await throughDoor(door, make())).body));
        // MCP may add a next step in its tools' terms; code, reason and the message's start agree.
        for (const body of bodies) {
          expect({ code: body.code, reason: body.reason }).toEqual({ code: bodies[0]?.code, reason: bodies[0]?.reason });
          expect(body.message.startsWith(bodies[1]?.message ?? "?")).toBe(true);
        }
      });
    });
  }

  it("logs an unknown error once, with its stack and where it happened, and a known one not at all", () => {
    const error = new Error(`boom: ${SECRET}`);
    toErrorBody(error, "http", "files.download");
    expect(errorLines()).toHaveLength(1);
    const line = errorLines()[0];
    expect(line).toMatchObject({ component: "http", where: "files.download", msg: "files.download failed" });
    expect((line?.err as { stack?: string } | undefined)?.stack).toContain(error.stack ?? "no stack");
    logs.stop();
    logs = captureLogs();
    toErrorBody(new AppError("NOT_FOUND", { message: "No such file.", reason: "file_not_found" }), "rest");
    toErrorBody(refused, "socket");
    toErrorBody(zodFailure(), "mcp");
    expect(errorLines()).toHaveLength(0);
  });

  it("names the fields of a zod failure in the message and in details", () => {
    const { body } = toErrorBody(zodFailure(), "rest");
    expect(body.message).toContain("path:");
    expect(body.message).toContain("depth:");
    expect(body.details).toMatchObject({ fieldErrors: { path: [expect.any(String)], depth: [expect.any(String)] } });
  });

  it("adds MCP's next step in its tools' terms, and only there", () => {
    const conflict = () => new AppError("CONFLICT", { message: "The file changed since you read it.", reason: "version_conflict" });
    expect(mcpBody(conflict()).message).toContain("Call read_file again");
    expect(restError(conflict()).body.error.message).toBe("The file changed since you read it.");
  });
});
