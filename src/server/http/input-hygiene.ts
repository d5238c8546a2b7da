// One check every door applies to every input before any schema or service sees it (the tRPC
// base procedure, the MCP adapter, the socket.io event middleware): no NUL characters (PostgreSQL
// text cannot hold them, argv cannot carry them, and they truncate paths in C), no unpaired UTF-16
// surrogates (they cannot be encoded as UTF-8, so they fail or silently change on the way to the
// database or the disk), and no `__proto__`/`constructor`/`prototype` keys (they reach object
// prototypes in code that copies keys). Structural, so a new field cannot forget it.
import * as audit from "~/server/audit/audit";
import type { RequestContext } from "~/server/auth/types";
import { AppError, isAppError } from "~/server/errors";
import type { Reason } from "~/server/audit/reasons";

export type InputProblemKind = "nul" | "unpaired_surrogate" | "prototype_key" | "too_deep";

export interface InputProblem {
  kind: InputProblemKind;
  /** Where, as `metadata.__proto__` or `command[2]` (or `(input)` for the whole value). */
  field: string;
}

/** Fields whose text is file or stream content, where NUL is data, not a name: files' `content`, exec's `stdin`. */
export const CONTENT_KEYS: ReadonlySet<string> = new Set(["content", "stdin"]);

const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Deeper than any input Atrium accepts; past it the value is refused rather than walked. */
const MAX_DEPTH = 64;

function textProblem(s: string, allowNul: boolean): InputProblemKind | null {
  if (!allowNul && s.includes("\u0000")) return "nul";
  if (UNPAIRED_SURROGATE.test(s)) return "unpaired_surrogate";
  return null;
}

function join(field: string, key: string | number): string {
  if (typeof key === "number") return `${field}[${key}]`;
  return field ? `${field}.${key}` : key;
}

/**
 * The first problem in `value`, or null. Walks plain objects, arrays, Maps and Sets (superjson
 * can produce them); binary values are bytes, not text, and are not looked into.
 */
export function findInputProblem(value: unknown, options: { nulAllowedKeys?: ReadonlySet<string> } = {}): InputProblem | null {
  const nulAllowed = options.nulAllowedKeys ?? CONTENT_KEYS;
  const seen = new Set<object>();
  const walk = (v: unknown, field: string, key: string | null, depth: number): InputProblem | null => {
    if (typeof v === "string") {
      const kind = textProblem(v, key !== null && nulAllowed.has(key));
      return kind ? { kind, field: field || "(input)" } : null;
    }
    if (v === null || typeof v !== "object") return null;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date) return null;
    if (depth > MAX_DEPTH) return { kind: "too_deep", field: field || "(input)" };
    if (seen.has(v)) return null;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], join(field, i), key, depth + 1);
        if (found) return found;
      }
      return null;
    }
    const entries: [unknown, unknown][] = v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v].map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, child] of entries) {
      if (typeof k === "string") {
        const name = join(field, k);
        if (PROTOTYPE_KEYS.has(k)) return { kind: "prototype_key", field: name };
        const kind = textProblem(k, false);
        if (kind) return { kind, field: name };
        const found = walk(child, name, k, depth + 1);
        if (found) return found;
      } else {
        const found = walk(k, field, null, depth + 1) ?? walk(child, join(field, typeof k === "number" ? k : String(k)), null, depth + 1);
        if (found) return found;
      }
    }
    // Keys set with Object.defineProperty or a JSON `__proto__` member are own properties too.
    if (!(v instanceof Map) && !(v instanceof Set) && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
      return { kind: "prototype_key", field: join(field, "__proto__") };
    }
    return null;
  };
  return walk(value, "", null, 0);
}

const WHAT: Record<InputProblemKind, { reason: Reason; say: (field: string) => string }> = {
  nul: {
    reason: "nul_character",
    say: (f) => `"${f}" contains a NUL character (\\u0000), which Atrium does not accept in names, paths, commands, labels or metadata. Remove it and send the request again.`,
  },
  unpaired_surrogate: {
    reason: "invalid_unicode",
    say: (f) => `"${f}" contains broken Unicode (an unpaired UTF-16 surrogate such as \\ud800 on its own), which cannot be stored. Send valid Unicode text.`,
  },
  prototype_key: {
    reason: "reserved_key",
    say: (f) => `"${f}" uses a reserved key: "__proto__", "constructor" and "prototype" are not accepted as keys. Rename the key.`,
  },
  too_deep: {
    reason: "input_too_deep",
    say: (f) => `"${f}" is nested more than ${MAX_DEPTH} levels deep. Send a flatter value.`,
  },
};

/** The 400 a refused input gets on every door. */
export function inputProblemError(problem: InputProblem): AppError {
  const what = WHAT[problem.kind];
  return new AppError("INVALID_INPUT", { message: what.say(problem.field), reason: what.reason, details: { field: problem.field }, httpStatus: 400 });
}

const REASONS = new Set(Object.values(WHAT).map((w) => w.reason));

/** Whether `error` is the refusal inputProblemError makes (e.g. thrown while decoding the wire input). */
export function isInputProblemError(error: unknown): error is AppError {
  return isAppError(error) && error.code === "INVALID_INPUT" && error.reason !== undefined && REASONS.has(error.reason) && typeof error.details?.field === "string";
}

export async function auditInputProblem(ctx: RequestContext, action: string, error: AppError): Promise<void> {
  // The field name itself may hold the bad characters: the audit log escapes them when it stores.
  await audit.denied(ctx, { action, reason: error.reason ?? "invalid_input", target: String(error.details?.field).slice(0, 500), permission: "input" });
}

/** Throws the 400 (after auditing it) when `value` holds a NUL, an unpaired surrogate or a prototype key. */
export async function rejectHostileInput(ctx: RequestContext, action: string, value: unknown, options?: { nulAllowedKeys?: ReadonlySet<string> }): Promise<void> {
  const problem = findInputProblem(value, options);
  if (!problem) return;
  const error = inputProblemError(problem);
  await auditInputProblem(ctx, action, error);
  throw error;
}
