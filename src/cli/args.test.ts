import { describe, expect, it } from "vitest";
import { parseCommandLine, usage } from "./args";
import { UsageError } from "./errors";

/** The UsageError a command line produces (fails the test when it parses). */
function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("parseCommandLine", () => {
  it("shows the overview for no arguments, --help, -h and help", () => {
    for (const argv of [[], ["--help"], ["-h"], ["help"]]) {
      const line = parseCommandLine(argv);
      expect(line).toEqual({ kind: "help", text: usage() });
    }
    expect(usage()).toMatch(/user create[\s\S]*apikey create[\s\S]*db migrate[\s\S]*doctor/);
    expect(usage()).toContain("--expires-days N");
  });

  it("shows one command's help for `<command> --help` and `help <command>`", () => {
    for (const argv of [["user", "create", "--help"], ["help", "user", "create"], ["user", "create", "-h", "--email", "x"]]) {
      const line = parseCommandLine(argv);
      expect(line.kind).toBe("help");
      expect(line.kind === "help" && line.text).toMatch(/^Usage: atrium user create --email EMAIL --password PASSWORD \[--name NAME\] \[--admin\]/);
    }
  });

  it("parses user create, normalising the email", () => {
    expect(parseCommandLine(["user", "create", "--email", " Ada@Example.COM ", "--password", "correct horse", "--name", "Ada", "--admin"])).toEqual({
      kind: "command",
      debug: false,
      command: { name: "user create", args: { email: "ada@example.com", password: "correct horse", name: "Ada", admin: true } },
    });
    const line = parseCommandLine(["user", "create", "--email=bob@example.com", "--password", "-", "--debug"]);
    expect(line).toMatchObject({ debug: true, command: { args: { email: "bob@example.com", password: "-", admin: false } } });
  });

  it("parses apikey create: scopes deduplicated and lower-cased, days as a number", () => {
    const line = parseCommandLine(["apikey", "create", "--user", "ada@example.com", "--scopes", "read, WRITE,read,exec", "--expires-days", "30", "--name", "ci"]);
    expect(line).toEqual({
      kind: "command",
      debug: false,
      command: { name: "apikey create", args: { user: "ada@example.com", scopes: ["read", "write", "exec"], expiresDays: 30, name: "ci" } },
    });
  });

  it("accepts --debug anywhere", () => {
    expect(parseCommandLine(["--debug", "doctor"])).toMatchObject({ debug: true, command: { name: "doctor" } });
    expect(parseCommandLine(["doctor", "--debug"])).toMatchObject({ debug: true, command: { name: "doctor" } });
  });

  it("parses db migrate and doctor", () => {
    expect(parseCommandLine(["db", "migrate"])).toMatchObject({ command: { name: "db migrate", args: {} } });
    expect(parseCommandLine(["doctor"])).toMatchObject({ command: { name: "doctor", args: { strict: false } } });
    expect(parseCommandLine(["doctor", "--strict"])).toMatchObject({ command: { name: "doctor", args: { strict: true } } });
  });

  it("refuses unknown commands with the usage attached", () => {
    const err = usageError(["frobnicate"]);
    expect(err.message).toBe('unknown command "frobnicate"');
    expect(err.exitCode).toBe(2);
    expect(err.usage).toBe(usage());
    expect(usageError(["user", "delete"]).message).toBe('unknown command "user delete"');
    expect(usageError(["user"]).message).toBe('"user" needs a subcommand: create');
    expect(usageError(["help", "nope"]).message).toBe('unknown command "nope"');
  });

  it("names the flag and what it expects for every kind of bad input, on one line", () => {
    const cases: [string[], string][] = [
      [["user", "create", "--password", "x"], "--email is missing: expected an email address such as ada@example.com"],
      [["user", "create", "--email", "ada"], "--password is missing: expected a password, or - to read it from stdin"],
      [["user", "create", "--email", "ada", "--password", "x"], '--email: expected an email address such as ada@example.com (got "ada")'],
      [["user", "create", "--email"], "--email needs a value: expected an email address such as ada@example.com"],
      [["user", "create", "--email", "--admin"], '--email needs a value: expected an email address such as ada@example.com, not "--admin" (write --email=VALUE for a value that starts with "-")'],
      [["user", "create", "--email", "a@b.co", "--password", "p", "--admin=yes"], '--admin takes no value (got "--admin=yes")'],
      [["user", "create", "--email", "a@b.co", "--password", "p", "--frob"], "unknown option --frob for `user create`; run `atrium user create --help`"],
      [["user", "create", "--email", "a@b.co", "--email", "c@d.co", "--password", "p"], "--email was given more than once"],
      [["user", "create", "extra"], 'unexpected argument "extra" for `user create`; run `atrium user create --help`'],
      [["user", "create", "--email", "a@b.co", "--password", "p", "--name", " "], '--name: expected a name of 1 to 100 characters (got " ")'],
      [["apikey", "create", "--user", "a@b.co"], "--scopes is missing: expected a comma-separated list of read, write, exec, admin"],
      [["apikey", "create", "--user", "a@b.co", "--scopes", "read,sudo"], '--scopes: unknown scope "sudo"; expected a comma-separated list of read, write, exec, admin'],
      [["apikey", "create", "--user", "a@b.co", "--scopes", "root,sudo"], '--scopes: unknown scopes "root", "sudo"; expected a comma-separated list of read, write, exec, admin'],
      [["apikey", "create", "--user", "a@b.co", "--scopes", ","], "--scopes: no scope given; expected a comma-separated list of read, write, exec, admin"],
      [["apikey", "create", "--user", "a@b.co", "--scopes", "read", "--expires-days", "0"], '--expires-days: expected a whole number of days from 1 to 3650 (got "0")'],
      [["apikey", "create", "--user", "a@b.co", "--scopes", "read", "--expires-days", "1.5"], '--expires-days: expected a whole number of days from 1 to 3650 (got "1.5")'],
      [["doctor", "--fix"], "unknown option --fix for `doctor`; run `atrium doctor --help`"],
      [["--email", "x"], "expected a command before --email"],
    ];
    for (const [argv, message] of cases) {
      const err = usageError(argv);
      expect(err.message, argv.join(" ")).toBe(message);
      expect(err.message).not.toContain("\n");
      expect(err.exitCode).toBe(2);
    }
  });

  it("never echoes a password back", () => {
    const err = usageError(["user", "create", "--email", "a@b.co", "--password", ""]);
    expect(err.message).toBe("--password: expected a password, or - to read it from stdin");
  });

  it("accepts a value that starts with a dash when written with =", () => {
    expect(parseCommandLine(["user", "create", "--email", "a@b.co", "--password=-secret-pass"])).toMatchObject({
      command: { args: { password: "-secret-pass" } },
    });
  });
});
