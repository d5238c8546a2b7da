import { describe, expect, it } from "vitest";
import { usage } from "./args";
import type { Io } from "./io";
import { run } from "./run";

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => void stdout.push(line),
    err: (line) => void stderr.push(line),
    readSecret: () => Promise.resolve(""),
  };
}

describe("run", () => {
  it("prints help on stdout and exits 0", async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(0);
    expect(io.stdout).toEqual([usage()]);
    expect(io.stderr).toEqual([]);
  });

  it("exits 2 with the error and the usage on stderr for an unknown command", async () => {
    const io = captureIo();
    expect(await run(["launch"], io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join("\n")).toBe(`error: unknown command "launch"\n\n${usage()}`);
  });

  it("exits 2 for bad input before touching the database", async () => {
    const io = captureIo();
    expect(await run(["apikey", "create", "--user", "ada@example.com", "--scopes", "everything"], io)).toBe(2);
    expect(io.stderr).toEqual(['error: --scopes: unknown scope "everything"; expected a comma-separated list of read, write, exec, admin']);
  });

  it("refuses an empty or weak password before booting anything", async () => {
    const io = captureIo();
    expect(await run(["user", "create", "--email", "ada@example.com", "--password", "-"], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/^error: --password -: stdin was empty/);
    const weak = captureIo();
    expect(await run(["user", "create", "--email", "ada@example.com", "--password", "short"], weak)).toBe(2);
    expect(weak.stderr).toEqual(["error: --password: too weak. Use at least 10 characters."]);
  });
});
