import { describe, expect, it } from "vitest";
import { AppError, AppErrorCode, httpStatusOf, isAppError } from "./errors";

describe("AppError", () => {
  it("maps every code to the HTTP status a client expects", () => {
    for (const code of AppErrorCode) expect(httpStatusOf[code]).toBeGreaterThanOrEqual(400);
    expect(new AppError("RATE_LIMITED", { message: "slow down" }).httpStatus).toBe(429);
    expect(new AppError("QUOTA_EXCEEDED", { message: "full" }).httpStatus).toBe(413);
    expect(new AppError("PATH_DENIED", { message: "no" }).httpStatus).toBe(403);
  });

  it("answers 429 for a busy cap (work in flight), whatever its code", () => {
    expect(new AppError("LIMIT_EXCEEDED", { message: "m", reason: "user_session_limit", busy: true }).httpStatus).toBe(429);
    expect(new AppError("LIMIT_EXCEEDED", { message: "m", reason: "file_too_large" }).httpStatus).toBe(422);
  });

  it("serialises to the stable client shape without internals", () => {
    const cause = new Error("db password is hunter2");
    const e = new AppError("UNAUTHORIZED", { message: "Key expired.", reason: "api_key_expired", retryAfterSeconds: 3, cause, details: { id: "k1" } });
    expect(e.toJSON()).toEqual({ code: "UNAUTHORIZED", message: "Key expired.", reason: "api_key_expired", retryAfterSeconds: 3, details: { id: "k1" } });
    expect(JSON.stringify(e)).not.toContain("hunter2");
  });

  it("is recognised across module copies by name and code", () => {
    const foreign = Object.assign(new Error("x"), { name: "AppError", code: "NOT_FOUND" });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
    expect(isAppError("AppError")).toBe(false);
  });
});
