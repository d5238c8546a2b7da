// Where commands write and read. Commands get an Io instead of touching process.stdout, so stdout
// stays reserved for results (`KEY=$(atrium apikey create …)`) and tests can capture both streams.
import { CliError, EXIT } from "./errors";

export interface Io {
  /** One line of result on stdout. */
  out(line: string): void;
  /** One line of notes, progress or errors on stderr. */
  err(line: string): void;
  /** A secret from stdin: typed without echo on a terminal, else everything piped in. */
  readSecret(prompt: string): Promise<string>;
}

export function processIo(): Io {
  // `atrium doctor | head` closes the pipe early; the command must still finish and stop its
  // embedded PostgreSQL instead of dying on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    readSecret: (prompt) => (process.stdin.isTTY ? promptHidden(prompt) : readPiped()),
  };
}

/** Drops the one line ending that `echo` or a file adds; anything else is part of the secret. */
export function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return stripFinalNewline(Buffer.concat(chunks).toString("utf8"));
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") {
          finish();
          resolve(value);
          return;
        }
        if (ch === "\u0003") {
          finish();
          reject(new CliError("cancelled", EXIT.interrupted));
          return;
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}
