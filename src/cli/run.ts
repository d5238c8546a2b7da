// Runs one CLI invocation: parse, dispatch to a command, turn any failure into one line and an
// exit code. Separate from main.ts so tests can call it without the process exiting.
import { apikeyCreate } from "./apikey-create";
import { type Command, parseCommandLine } from "./args";
import { dbMigrate } from "./db-migrate";
import { doctor } from "./doctor";
import { describeError } from "./errors";
import type { Io } from "./io";
import { userCreate } from "./user-create";

export async function run(argv: readonly string[], io: Io): Promise<number> {
  // Known before parsing, so even a parse failure can be shown with its stack.
  let debug = argv.includes("--debug");
  try {
    const line = parseCommandLine(argv);
    if (line.kind === "help") {
      io.out(line.text);
      return 0;
    }
    debug = line.debug;
    return await dispatch(line.command, io);
  } catch (error) {
    const { text, exitCode } = describeError(error, { debug });
    io.err(text);
    return exitCode;
  }
}

function dispatch(command: Command, io: Io): Promise<number> {
  switch (command.name) {
    case "user create":
      return userCreate(command.args, io);
    case "apikey create":
      return apikeyCreate(command.args, io);
    case "db migrate":
      return dbMigrate(io);
    case "doctor":
      return doctor(command.args, io);
  }
}
