import { describe, expect, it } from "vitest";
import { databaseUnavailable } from "~/server/errors";

describe("databaseUnavailable", () => {
  it("recognises a refused connection however deeply it is wrapped", () => {
    const socket = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const wrapped = new Error("Invalid `prisma.user.findUnique()` invocation", { cause: new Error("adapter", { cause: socket }) });
    const e = databaseUnavailable(wrapped);
    expect(e?.code).toBe("UNAVAILABLE");
    expect(e?.reason).toBe("database_unavailable");
    expect(e?.httpStatus).toBe(503);
  });

  it("recognises Prisma's codes, the adapter's kinds and PostgreSQL's shutdown", () => {
    expect(databaseUnavailable(Object.assign(new Error("x"), { code: "P1001" }))).not.toBeNull();
    expect(databaseUnavailable({ message: "x", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })).not.toBeNull();
    expect(databaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).not.toBeNull();
    expect(databaseUnavailable(new Error("timeout exceeded when trying to connect"))).not.toBeNull();
  });

  it("leaves every other error alone", () => {
    expect(databaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeNull();
    expect(databaseUnavailable(new Error("Unique constraint failed"))).toBeNull();
    expect(databaseUnavailable("ECONNREFUSED as a plain string is not an error object")).toBeNull();
    expect(databaseUnavailable(null)).toBeNull();
  });
});
