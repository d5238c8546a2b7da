import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError } from "~/env";
import { AppError } from "~/server/errors";
import { CliError, describeError, UsageError } from "./errors";

describe("describeError", () => {
  it("prints a service error as one line, exit 1, no stack", () => {
    const report = describeError(new AppError("CONFLICT", { message: "An account with this email already exists." }));
    expect(report).toEqual({ text: "error: An account with this email already exists.", exitCode: 1 });
  });

  it("prints usage errors with exit 2, followed by the usage when it has one", () => {
    expect(describeError(new UsageError("--email is missing"))).toEqual({ text: "error: --email is missing", exitCode: 2 });
    expect(describeError(new UsageError('unknown command "x"', "Usage: atrium"))).toEqual({ text: 'error: unknown command "x"\n\nUsage: atrium', exitCode: 2 });
  });

  it("keeps a CliError's own exit code", () => {
    expect(describeError(new CliError("cancelled", 130))).toEqual({ text: "error: cancelled", exitCode: 130 });
  });

  it("prints an invalid configuration as EnvError words it, exit 78", () => {
    const error = new EnvError(["PORT: expected a whole number"]);
    expect(describeError(error)).toEqual({ text: error.message, exitCode: 78 });
  });

  it("adds the causes of a wrapped error, but not a stack unless --debug", () => {
    const error = new Error("The embedded PostgreSQL did not start on port 5", { cause: new Error("EADDRINUSE") });
    expect(describeError(error)).toEqual({ text: "error: The embedded PostgreSQL did not start on port 5\n  caused by: EADDRINUSE", exitCode: 1 });
    expect(describeError(error, { debug: true }).text).toMatch(/\n {4}at /);
    const repeated = new Error("Cannot use the database (connect ECONNREFUSED)", { cause: new Error("connect ECONNREFUSED") });
    expect(describeError(repeated).text).toBe("error: Cannot use the database (connect ECONNREFUSED)");
  });

  it("flattens a zod error from a service into one line", () => {
    const error = z.object({ name: z.string().min(1, "Give the key a name.") }).safeParse({ name: "" }).error!;
    expect(describeError(error)).toEqual({ text: "error: name: Give the key a name.", exitCode: 1 });
  });
});
