// How the CLI reports a failure: one `error: …` line (stack traces only with --debug) and an exit
// code scripts can branch on. Pure, so the wording is unit-tested.
import { z } from "zod";
import { EnvError } from "~/env";
import { isAppError } from "~/server/errors";

export const EXIT = {
  ok: 0,
  /** A service refused or something failed at run time. */
  failed: 1,
  /** The command line was wrong; nothing was changed. */
  usage: 2,
  /** sysexits' EX_CONFIG, as server.ts uses for an invalid configuration. */
  config: 78,
  interrupted: 130,
} as const;

/** A failure the CLI itself detected, with the exit code it deserves. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A bad command line. `usage` is printed after the message when the whole command was wrong. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message, EXIT.usage);
    this.name = "UsageError";
  }
}

export interface ErrorReport {
  text: string;
  exitCode: number;
}

export function describeError(error: unknown, options: { debug?: boolean } = {}): ErrorReport {
  const stack = (e: unknown) => (options.debug && e instanceof Error && e.stack ? `\n${e.stack}` : "");
  if (error instanceof UsageError) {
    return { text: `error: ${error.message}${error.usage ? `\n\n${error.usage}` : ""}`, exitCode: error.exitCode };
  }
  if (error instanceof CliError) return { text: `error: ${error.message}${stack(error)}`, exitCode: error.exitCode };
  // EnvError's message already lists every problem and how to fix them.
  if (error instanceof EnvError) return { text: error.message, exitCode: EXIT.config };
  if (isAppError(error)) return { text: `error: ${error.message}${stack(error)}`, exitCode: EXIT.failed };
  if (error instanceof z.ZodError) {
    const problems = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    return { text: `error: ${problems.join("; ")}${stack(error)}`, exitCode: EXIT.failed };
  }
  if (error instanceof Error) {
    // Boot and connection errors wrap the low-level one; its message is often the useful part.
    const lines = [`error: ${error.message}`];
    let cause: unknown = error.cause;
    for (let depth = 0; cause instanceof Error && depth < 3; depth++, cause = cause.cause) {
      if (cause.message && !lines.some((l) => l.includes(cause instanceof Error ? cause.message : ""))) {
        lines.push(`  caused by: ${cause.message}`);
      }
    }
    return { text: lines.join("\n") + stack(error), exitCode: EXIT.failed };
  }
  return { text: `error: ${String(error)}`, exitCode: EXIT.failed };
}
