// The one logger of Atrium's server code (pino): JSON lines on stdout, pretty in development, the
// request id on every line logged while a request runs (request-context.ts), and secrets never
// written: known fields are redacted by path, and keys, bearer tokens and session cookies by
// pattern in whatever text reaches the stream (error messages included).
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "~/env";
import { currentRequest } from "./request-context";

/** Fields that may hold secrets or file contents, wherever a caller puts them (one level deep). */
const REDACT_PATHS = [
  "authorization",
  "cookie",
  "password",
  "secret",
  "token",
  "apiKey",
  "content",
  "stdin",
  "body",
  "headers.authorization",
  "headers.cookie",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.apiKey",
  "*.content",
  "*.stdin",
  "*.body",
  "*.headers.authorization",
  "*.headers.cookie",
];

const SECRET_PATTERNS: [RegExp, string][] = [
  // API keys: `atr_` + 40 base62 characters (the 12-character prefix is not secret, the rest is).
  [/\b(atr_[0-9A-Za-z]{8})[0-9A-Za-z]{4,}/g, "$1…[redacted]"],
  [/\b(Bearer\s+)[^\s"\\,;]+/gi, "$1[redacted]"],
  // next-auth's session and CSRF cookies, in any header or message that carries them.
  [/((?:__Secure-|__Host-)?next-auth\.[a-z-]+(?:\.\d+)?=)[^;\s"\\]+/gi, "$1[redacted]"],
];

/** What the stream receives has every secret pattern replaced (exported for its unit test). */
export function scrubSecrets(line: string): string {
  let out = line;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

interface Holder {
  root: Logger;
  /** Where lines go; swapped by `captureLogs` in tests without rebuilding the logger. */
  sink: DestinationStream;
  children: Map<string, Logger>;
}

const KEY = Symbol.for("atrium.logger");

function createHolder(): Holder {
  const e = env();
  const pretty = e.NODE_ENV === "development";
  // Development: pino-pretty in pino's worker thread (a dev dependency, never loaded in production).
  const base: DestinationStream = pretty
    ? pino.transport({ target: "pino-pretty", options: { colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } })
    : pino.destination({ dest: 1, sync: true });
  const holder: Holder = { sink: base, children: new Map(), root: undefined as unknown as Logger };
  const stream: DestinationStream = { write: (line: string) => holder.sink.write(line) };
  holder.root = pino(
    {
      level: e.ATRIUM_LOG_LEVEL,
      base: { service: "atrium" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      mixin() {
        const request = currentRequest();
        return request ? { requestId: request.requestId } : {};
      },
      hooks: { streamWrite: scrubSecrets },
    },
    stream,
  );
  return holder;
}

function holder(): Holder {
  const h = globalThis as { [KEY]?: Holder };
  h[KEY] ??= createHolder();
  return h[KEY];
}

/** The logger of one part of the server (`component` on every line), e.g. `logger("tasks")`. */
export function logger(component?: string): Logger {
  const h = holder();
  if (!component) return h.root;
  let child = h.children.get(component);
  if (!child) {
    child = h.root.child({ component });
    h.children.set(component, child);
  }
  return child;
}

/** A `(line) => void` for the start-up helpers that report progress as plain lines. */
export function lineLogger(component: string): (line: string) => void {
  return (line) => logger(component).info(line);
}

/** Tests: collect every line written from now on (parsed), until `stop`. */
export function captureLogs(): { lines: () => Record<string, unknown>[]; raw: () => string; stop: () => void } {
  const h = holder();
  const previous = h.sink;
  let text = "";
  h.sink = { write: (line: string) => void (text += line) };
  return {
    raw: () => text,
    lines: () =>
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: () => {
      h.sink = previous;
    },
  };
}
